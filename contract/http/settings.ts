import { z } from 'zod';
import { catalogueNames } from '../../domain/settings/catalogues.ts';
import { customFieldEntities, customFieldTypes } from '../../domain/settings/custom-fields.ts';

/**
 * Tenant settings on the wire. Names and entities are plain strings in the path so that an unknown
 * one is a 404 (no such resource), not a 400; labels are keyed by any string so that the domain can
 * name an unsupported locale (422).
 */

export const CatalogueParams = z.strictObject({ name: z.string().min(1).max(100).meta({ description: catalogueNames.join(', ') }) });
export const CustomFieldsParams = z.strictObject({
  entity: z.string().min(1).max(100).meta({ description: customFieldEntities.join(', ') }),
});

const LabelsInput = z.record(z.string().max(20), z.string().max(1000)).meta({ description: 'Label per locale (it, en, pl, hu)' });

export const PutCatalogueBody = z
  .strictObject({
    entries: z
      .array(
        z.strictObject({
          value: z.string().max(200).meta({ description: 'Stable key stored on records; never removed, only deactivated' }),
          labels: LabelsInput.optional(),
          active: z.boolean().optional().meta({ description: 'Default true; false keeps the value on old records only' }),
        }),
      )
      .max(1000),
  })
  .meta({ id: 'PutCatalogueBody' });

const Labels = z.record(z.string(), z.string());

export const CatalogueView = z
  .object({
    name: z.enum(catalogueNames),
    enforced: z.boolean(),
    entries: z.array(z.object({ value: z.string(), labels: Labels, active: z.boolean() })),
    version: z.number().int().meta({ description: '0 while the tenant has the defaults' }),
  })
  .meta({ id: 'Catalogue' });

export const PutDirectoryDefaultsBody = z
  .strictObject({
    defaultCountry: z
      .string()
      .max(100)
      .nullable()
      .meta({ description: 'ISO 3166 code or a country name in it/en/pl/hu (stored as the code); null: none' }),
  })
  .meta({ id: 'PutDirectoryDefaultsBody' });

export const DirectoryDefaultsView = z
  .object({
    defaultCountry: z
      .string()
      .nullable()
      .meta({ description: 'The country of phone numbers typed the national way and of VAT numbers written without prefix (ISO 3166-1 alpha-2)' }),
    version: z.number().int().meta({ description: '0 while never set' }),
  })
  .meta({ id: 'DirectoryDefaults' });

export const PutCustomFieldsBody = z
  .strictObject({
    fields: z
      .array(
        z.strictObject({
          key: z.string().max(200),
          label: z.string().max(1000),
          labels: LabelsInput.optional(),
          type: z.enum(customFieldTypes),
          options: z.array(z.string().max(1000)).max(1000).optional(),
          required: z.boolean().optional(),
        }),
      )
      .max(1000),
  })
  .meta({ id: 'PutCustomFieldsBody' });

export const CustomFieldsView = z
  .object({
    entity: z.enum(customFieldEntities),
    fields: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        labels: Labels.optional(),
        type: z.enum(customFieldTypes),
        options: z.array(z.string()).optional(),
        required: z.boolean(),
      }),
    ),
    version: z.number().int(),
  })
  .meta({ id: 'CustomFields' });
