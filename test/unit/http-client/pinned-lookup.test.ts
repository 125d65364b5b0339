import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { pinnedLookup } from '../../../adapters/http/safe-http-client.ts';

/** net.connect asks `lookup` for the host's address; the pinned one answers the checked address, whatever the name. */
const ask = (options: object | null): Promise<unknown[]> =>
  new Promise((resolve) => {
    const lookup = pinnedLookup({ address: '93.184.216.34', family: 4 });
    const callback = (...args: unknown[]): void => resolve(args);
    if (options === null) lookup('evil.test', callback);
    else lookup('evil.test', options, callback);
  });

describe('the pinned lookup', () => {
  it('answers the checked address for a single-address lookup', async () => {
    expect(await ask({ family: 0 })).toEqual([null, '93.184.216.34', 4]);
    expect(await ask(null)).toEqual([null, '93.184.216.34', 4]);
  });

  it('answers a list of that one address when asked for all (autoSelectFamily)', async () => {
    expect(await ask({ all: true })).toEqual([null, [{ address: '93.184.216.34', family: 4 } satisfies LookupAddress]]);
  });
});
