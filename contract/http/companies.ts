import { withCustomFieldFilters } from './custom-field-filters.ts';
import { z } from 'zod';
import { Address, CompanyKind, CompanyProfile, Email, Phone } from '../../events/directory/company-events.ts';
import { Cursor, Limit, RecordId } from './common.ts';
import { CustomFieldsInput, CustomFieldsView } from './custom-fields.ts';

const text = (max: number) => z.string().max(max);
const id = RecordId;

/** A set-valued field: the whole new set, or what to add and to remove. */
const SetChange = (item: z.ZodType<string>) =>
  z.union([z.array(item).max(100), z.strictObject({ add: z.array(item).max(100).optional(), remove: z.array(item).max(100).optional() })]);

const profileFields = {
  kind: CompanyKind.optional().describe('client (default), prospect, supplier, competitor or partner'),
  vatNumber: text(30).nullable().optional().describe('Unique per tenant; IT, PL and HU numbers are checked'),
  taxCode: text(30).nullable().optional().describe('Unique per tenant'),
  addresses: z.array(Address.extend({ country: z.string().optional().describe('ISO 3166-1 alpha-2 code, or the country\'s name in Italian, English, Polish or Hungarian; stored as the code') })).max(10).optional(),
  phones: z.array(Phone).max(20).optional(),
  emails: z.array(Email).max(20).optional(),
  website: text(300).nullable().optional(),
  area: text(100).nullable().optional().describe('Geographic area'),
  responsibleUserId: id.nullable().optional(),
  status: text(100).nullable().optional().describe("The tenant's \"what's next\" step (catalogue company-statuses)"),
  customFields: CustomFieldsInput,
};

export const RegisterCompanyBody = z
  .strictObject({
    legalName: z.string().trim().min(1).max(200),
    aliases: z.array(text(200)).max(20).optional().describe('Other names it is searched by, e.g. "FIAT"'),
    categories: z.array(text(100)).max(50).optional(),
    segments: z.array(text(100)).max(50).optional().describe('Product/service segments'),
    tags: z.array(text(50)).max(50).optional(),
    accountManagers: z.array(id).max(20).optional(),
    ...profileFields,
  })
  .meta({ id: 'RegisterCompany' });

export const UpdateCompanyBody = z
  .strictObject({
    legalName: z.string().trim().min(1).max(200).optional(),
    aliases: SetChange(text(200)).optional(),
    categories: SetChange(text(100)).optional(),
    segments: SetChange(text(100)).optional(),
    tags: SetChange(text(50)).optional(),
    accountManagers: SetChange(id).optional(),
    ...profileFields,
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .meta({ id: 'UpdateCompany', description: 'Fields given are changed; `null` clears; sets take a whole array or { add, remove }' });

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The list's filters and order (its query without search and paging): also what an export (`POST /v1/exports`) takes as `filter`. */
export const companyListFilters = {
  kind: CompanyKind.optional(),
  tag: text(50).optional(),
  category: text(100).optional(),
  area: text(100).optional(),
  segment: text(100).optional(),
  city: text(100).optional(),
  manager: id.optional().describe('An account manager'),
  mine: booleanFlag.optional().describe('I am responsible or an account manager'),
  status: text(100).optional(),
  sort: z.enum(['name', 'updated']).default('name'),
};

export const CompanyListQuery = withCustomFieldFilters({
  q: z.string().trim().min(1).max(200).optional().describe('Name, alias, code, VAT number, e-mail or phone; words are prefixes'),
  ...companyListFilters,
  limit: Limit,
  cursor: Cursor,
});

const time = z.iso.datetime();

/** A company on the wire: its profile fields, flat, next to code, ownership and status. */
export const CompanyView = z
  .object({
    id: z.string(),
    code: z.string(),
    ...CompanyProfile.shape,
    responsibleUserId: z.string().nullable(),
    accountManagers: z.array(z.string()),
    status: z.string().nullable(),
    customFields: CustomFieldsView,
    noteCount: z.number().int().describe('Notes left on the company (they are on its timeline)'),
    createdBy: z.string(),
    createdAt: time,
    updatedAt: time,
    version: z.number().int(),
  })
  .meta({ id: 'Company' });

export const CompanyListItem = CompanyView.pick({
  id: true,
  code: true,
  legalName: true,
  aliases: true,
  kind: true,
  vatNumber: true,
  tags: true,
  status: true,
  responsibleUserId: true,
  accountManagers: true,
  updatedAt: true,
  version: true,
})
  .extend({ city: z.string().nullable().describe('City of the first address that has one') })
  .meta({ id: 'CompanyListItem' });

/** One change applied to every company of a bulk request. */
export const CompanyBulkAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('setStatus'), status: text(100).nullable() }),
  z.strictObject({ type: z.literal('setKind'), kind: CompanyKind }),
  z.strictObject({ type: z.literal('addTag'), tag: text(50) }),
  z.strictObject({ type: z.literal('removeTag'), tag: text(50) }),
  z.strictObject({ type: z.literal('setResponsible'), userId: id.nullable() }),
  z.strictObject({ type: z.literal('addManager'), userId: id }),
  z.strictObject({ type: z.literal('removeManager'), userId: id }),
]);

export const CompanyBulkBody = z
  .strictObject({
    ids: z.array(id).min(1).max(100).refine((ids) => new Set(ids).size === ids.length, { message: 'ids must be distinct' }),
    action: CompanyBulkAction,
  })
  .meta({ id: 'CompanyBulk' });

export const BulkResult = z
  .object({
    results: z.array(
      z.union([
        z.object({ id: z.string(), ok: z.literal(true), version: z.number().int() }),
        z.object({
          id: z.string(),
          ok: z.literal(false),
          error: z.object({ status: z.number().int(), type: z.string(), title: z.string(), detail: z.string() }),
        }),
      ]),
    ),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'BulkResult', description: 'Per record: applied (with its new version) or refused (with why); the valid ones are applied' });
