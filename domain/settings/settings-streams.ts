/** Aggregate types of the settings streams: one stream per tenant catalogue, one per custom-field entity. */
export const settingsAggregates = { catalogue: 'catalogue', customFields: 'custom-fields', directoryDefaults: 'directory-defaults', salesDefaults: 'sales-defaults' } as const;

/** The id of the tenant's one directory-defaults stream. */
export const directoryDefaultsId = 'directory';

/** The id of the tenant's one sales-defaults stream. */
export const salesDefaultsId = 'sales';
