import { afterEach, describe, expect, it, vi } from 'vitest';
import { vtimezone, vtimezoneCacheSize } from '../../../adapters/ical/vtimezone.ts';

/**
 * A VTIMEZONE probes the zone's offset ~800 times (every day of the window, then bisections): the
 * work must be one formatter per zone and one text per (zone, years), not one formatter per probe.
 * Each test uses zones and years no other test of this file asks for, since the caches live in the module.
 */
afterEach(() => vi.restoreAllMocks());

describe('vtimezone caches', () => {
  it('builds at most one Intl.DateTimeFormat per zone, however many offsets it probes', () => {
    const constructed = vi.spyOn(Intl, 'DateTimeFormat');
    const text = vtimezone('America/Santiago', 2026, 2027);
    vtimezone('America/Santiago', 2030, 2031);
    expect(text).toContain('TZID:America/Santiago');
    expect(text).toMatch(/BEGIN:DAYLIGHT/);
    expect(constructed.mock.calls.length).toBe(1);
  });

  it('answers the same zone and years from the cache, without probing again', () => {
    const first = vtimezone('Australia/Sydney', 2026, 2027);
    const probes = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    expect(vtimezone('Australia/Sydney', 2026, 2027)).toBe(first);
    expect(probes).not.toHaveBeenCalled();
  });

  it('keeps a bounded number of texts, the oldest leaving first', () => {
    const oldest = vtimezone('Pacific/Auckland', 2026, 2026);
    // Fill the cache with other years of the same zone (any text computed earlier is older still).
    for (let year = 1900; year < 1900 + vtimezoneCacheSize; year++) vtimezone('Pacific/Auckland', year, year);
    const probes = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    expect(vtimezone('Pacific/Auckland', 1900 + vtimezoneCacheSize - 1, 1900 + vtimezoneCacheSize - 1)).toContain('TZID:Pacific/Auckland');
    expect(probes).not.toHaveBeenCalled();
    expect(vtimezone('Pacific/Auckland', 2026, 2026)).toBe(oldest);
    expect(probes).toHaveBeenCalled();
  });
});
