/**
 * The value lists the published administration events accept (`Role`, `Locale`, catalogue names,
 * custom-field entities and types). They are part of the events' contract, so they live here and the
 * domain reads them from here — never the other way round: a value added to one of these lists is a
 * change of a published schema, made on purpose in `events/`, not a side effect of editing the domain.
 */
export const roles = ['admin', 'manager', 'standard', 'restricted'] as const;

export const locales = ['it', 'en', 'pl', 'hu'] as const;

/** The catalogues `CatalogueSet` v1 named. */
export const catalogueNamesV1 = [
  'ticket-types',
  'ticket-priorities',
  'request-statuses',
  'activity-types',
  'stages',
  'sources',
  'positions',
  'company-statuses',
] as const;

/** v1's and `loss-reasons` (the sales context's reasons an opportunity is lost): `CatalogueSet` v2. */
export const catalogueNamesV2 = [...catalogueNamesV1, 'loss-reasons'] as const;

/** v2's and `request-types` (the kinds of customer request: commercial, support, reminder…): `CatalogueSet` v3. */
export const catalogueNames = [...catalogueNamesV2, 'request-types'] as const;

export const customFieldEntities = ['company', 'contact', 'lead', 'activity'] as const;

export const customFieldTypes = ['text', 'number', 'integer', 'boolean', 'date', 'choice', 'multichoice'] as const;
