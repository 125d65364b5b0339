import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';

/**
 * Tenant settings read once each and kept, for ONE background run (an import run: up to 15 minutes,
 * thousands of rows). Requests read the settings' streams every time (tenant-settings.ts: no cache
 * that could outlive a change in every warm Lambda); a job reading them per row would spend two of
 * its three reads on them. A run applies the catalogues and custom fields as they were when it
 * started; a change made meanwhile applies from the job's next run.
 */
export const settingsSnapshot = (settings: TenantSettings): TenantSettings => {
  const kept = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let value = kept.get(key) as Promise<T> | undefined;
    if (!value) {
      value = read();
      // A failed read is not kept: the next row asks again.
      value.catch(() => kept.delete(key));
      kept.set(key, value);
    }
    return value;
  };
  return {
    catalogue: (tenant, name) => once(`catalogue\u0000${tenant}\u0000${name}`, () => settings.catalogue(tenant, name)),
    customFields: (tenant, entity) => once(`custom-fields\u0000${tenant}\u0000${entity}`, () => settings.customFields(tenant, entity)),
  };
};
