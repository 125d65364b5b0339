import { z } from 'zod';
import { catalogueNames, catalogueNamesV1, catalogueNamesV2, customFieldEntities, customFieldTypes, locales } from './value-lists.ts';
import { defineEvent, type EventOf } from '../define.ts';
import { Currency, DecimalText } from '../sales/sales-values.ts';

const source = 'cronaca.administration';

/**
 * Tenant settings. Each event carries the whole list it sets (a catalogue, an entity's custom-field
 * definitions): settings are small and replaced whole, so the latest event alone is the setting and
 * the history shows every version of it.
 */

const Labels = z.partialRecord(z.enum(locales), z.string());

export const CatalogueEntry = z.strictObject({ value: z.string(), labels: Labels, active: z.boolean() });

/**
 * v2: `name` may also be `loss-reasons`. Every v1 event is a v2 event with the same meaning (lifted
 * unchanged); a v1 reader would refuse the new name, hence a new version rather than a widened v1.
 */
export const CatalogueSet = defineEvent({
  type: 'CatalogueSet',
  version: 3,
  source,
  description: "An administrator set one of the tenant's catalogues (ticket types, priorities, stages, loss reasons, request types…); from now on it is enforced.",
  schema: z.strictObject({ name: z.enum(catalogueNames), entries: z.array(CatalogueEntry) }),
  previous: [
    { version: 1, schema: z.strictObject({ name: z.enum(catalogueNamesV1), entries: z.array(CatalogueEntry) }), upcast: (data) => data },
    { version: 2, schema: z.strictObject({ name: z.enum(catalogueNamesV2), entries: z.array(CatalogueEntry) }), upcast: (data) => data },
  ],
});

export const CustomFieldDefinition = z.strictObject({
  key: z.string(),
  label: z.string(),
  labels: Labels.optional(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()).optional(),
  required: z.boolean(),
});

export const CustomFieldsSet = defineEvent({
  type: 'CustomFieldsSet',
  version: 1,
  source,
  description: "An administrator set the custom fields of one kind of record (company, contact, lead, activity).",
  schema: z.strictObject({ entity: z.enum(customFieldEntities), fields: z.array(CustomFieldDefinition) }),
});

export const DirectoryDefaultsSet = defineEvent({
  type: 'DirectoryDefaultsSet',
  version: 1,
  source,
  description:
    "An administrator set the tenant's directory defaults: `defaultCountry` (ISO 3166-1 alpha-2, or null) is the country of phone numbers typed the national way and of VAT numbers written without prefix.",
  schema: z.strictObject({ defaultCountry: z.string().regex(/^[A-Z]{2}$/).nullable() }),
});

export const SalesDefaultsSet = defineEvent({
  type: 'SalesDefaultsSet',
  version: 1,
  source,
  description:
    "An administrator set the tenant's sales defaults: the VAT rate (percent) of a quote line that gives none and the currency of a quote that names none. `null` follows the tenant's default country (IT 22 % EUR, PL 23 % PLN, HU 27 % HUF; none: 22 % EUR).",
  schema: z.strictObject({ defaultVatRate: DecimalText.nullable(), defaultCurrency: Currency.nullable() }),
});

export const settingsEvents = [CatalogueSet, CustomFieldsSet, DirectoryDefaultsSet, SalesDefaultsSet] as const;

export type SettingsEvent = EventOf<(typeof settingsEvents)[number]>;
export type CatalogueSetEvent = EventOf<typeof CatalogueSet>;
export type CustomFieldsSetEvent = EventOf<typeof CustomFieldsSet>;
export type DirectoryDefaultsSetEvent = EventOf<typeof DirectoryDefaultsSet>;
export type SalesDefaultsSetEvent = EventOf<typeof SalesDefaultsSet>;
