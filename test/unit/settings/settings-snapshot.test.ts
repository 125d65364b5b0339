import { describe, expect, it } from 'vitest';
import { defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';
import { settingsSnapshot } from '../../../application/shared/settings-snapshot.ts';

/** Settings that count their reads and can be made to fail once. */
const countingSettings = () => {
  const reads: string[] = [];
  let failNext = false;
  const settings: TenantSettings = {
    catalogue: async (tenant, name) => {
      reads.push(`${tenant}/${name}`);
      if (failNext) {
        failNext = false;
        throw new Error('throttled');
      }
      return defaultCatalogues[name];
    },
    customFields: async (tenant, entity) => {
      reads.push(`${tenant}/custom-fields/${entity}`);
      return [];
    },
  };
  return { settings, reads, failOnce: () => (failNext = true) };
};

describe('settings snapshot of one background run', () => {
  it('reads each catalogue and custom-field list once per tenant, however many rows ask', async () => {
    const { settings, reads } = countingSettings();
    const snapshot = settingsSnapshot(settings);
    await Promise.all(Array.from({ length: 50 }, () => snapshot.catalogue('t1', 'company-statuses')));
    for (let row = 0; row < 50; row += 1) await snapshot.customFields('t1', 'company');
    await snapshot.catalogue('t2', 'company-statuses');
    await snapshot.catalogue('t1', 'stages');
    expect(reads).toEqual(['t1/company-statuses', 't1/custom-fields/company', 't2/company-statuses', 't1/stages']);
    expect(await snapshot.catalogue('t1', 'company-statuses')).toEqual(defaultCatalogues['company-statuses']);
  });

  it('does not keep a failed read: the next row reads again', async () => {
    const { settings, reads, failOnce } = countingSettings();
    const snapshot = settingsSnapshot(settings);
    failOnce();
    await expect(snapshot.catalogue('t1', 'stages')).rejects.toThrow('throttled');
    await expect(snapshot.catalogue('t1', 'stages')).resolves.toEqual(defaultCatalogues.stages);
    expect(reads).toEqual(['t1/stages', 't1/stages']);
  });
});
