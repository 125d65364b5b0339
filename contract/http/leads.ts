import { withCustomFieldFilters } from './custom-field-filters.ts';
import { z } from 'zod';
import { Email, Phone } from '../../events/directory/company-events.ts';
import { ContactAddress } from '../../events/directory/contact-events.ts';
import { LeadProfile } from '../../events/directory/lead-events.ts';
import { Cursor, Limit, RecordId } from './common.ts';
import { CustomFieldsInput, CustomFieldsView } from './custom-fields.ts';

const text = (max: number) => z.string().max(max);
const id = RecordId;

/** A set-valued field: the whole new set, or what to add and to remove. */
const SetChange = (item: z.ZodType<string>) =>
  z.union([z.array(item).max(100), z.strictObject({ add: z.array(item).max(100).optional(), remove: z.array(item).max(100).optional() })]);

const profileFields = {
  vatNumber: text(30).nullable().optional().describe('IT, PL and HU numbers are checked'),
  firstName: text(100).nullable().optional().describe('The person: first name'),
  lastName: text(100).nullable().optional(),
  position: text(100).nullable().optional(),
  emails: z.array(Email).max(20).optional(),
  phones: z.array(Phone).max(20).optional(),
  address: ContactAddress.extend({ country: z.string().optional().describe('ISO 3166-1 alpha-2 code, or the country\'s name in Italian, English, Polish or Hungarian; stored as the code') }).nullable().optional(),
  website: text(300).nullable().optional(),
  source: text(100).nullable().optional().describe('Acquisition source'),
  ownerId: id.nullable().optional().describe('The user who owns the lead (restricted users see their own and unowned leads)'),
  stage: text(100).nullable().optional().describe("The tenant's lead stage"),
  customFields: CustomFieldsInput,
};

export const CreateLeadBody = z
  .strictObject({
    companyName: z.string().trim().min(1).max(200),
    ...profileFields,
    tags: z.array(text(50)).max(50).optional(),
  })
  .meta({ id: 'CreateLead', description: 'A prospect company and person in one record' });

export const UpdateLeadBody = z
  .strictObject({
    companyName: z.string().trim().min(1).max(200).optional(),
    ...profileFields,
    tags: SetChange(text(50)).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .meta({ id: 'UpdateLead', description: 'Fields given are changed; `null` clears; tags take a whole array or { add, remove }' });

export const ConvertLeadBody = z
  .strictObject({
    companyId: id.optional().describe('Merge into this existing company (only its empty fields are filled) instead of creating one'),
    contactId: id.optional().describe('Merge into this existing contact (only its empty fields are filled) instead of creating one'),
    createOpportunity: z.boolean().optional().describe('Also open an opportunity (stage new) for the company and contact, in the same commit'),
    skipDuplicateCheck: z.boolean().optional().describe('Create the company even if similar ones exist'),
  })
  .meta({ id: 'ConvertLead' });

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The list's filters and order (its query without search and paging): also what an export (`POST /v1/exports`) takes as `filter`. */
export const leadListFilters = {
  stage: text(100).optional(),
  source: text(100).optional(),
  owner: id.optional().describe('Leads of this owner'),
  mine: booleanFlag.optional().describe('I own the lead'),
  tag: text(50).optional(),
  sort: z.enum(['name', 'updated']).default('name').describe('name: by company name'),
};

export const LeadListQuery = withCustomFieldFilters({
  q: z.string().trim().min(1).max(200).optional().describe('Company or person name, VAT number, e-mail, phone or city; words are prefixes'),
  ...leadListFilters,
  limit: Limit,
  cursor: Cursor,
});

const time = z.iso.datetime();

export const LeadConversionView = z
  .object({
    companyId: z.string(),
    contactId: z.string().nullable().describe('null: the lead named no person, so it became a company alone'),
    createdCompany: z.boolean(),
    createdContact: z.boolean(),
    opportunityId: z.string().nullable(),
    at: time,
    by: z.string(),
  })
  .meta({ id: 'LeadConversion' });

export const LeadView = z
  .object({
    id: z.string(),
    ...LeadProfile.shape,
    ownerId: z.string().nullable(),
    stage: z.string().nullable(),
    customFields: CustomFieldsView,
    noteCount: z.number().int().describe('Notes left on the lead (they are on its timeline)'),
    converted: LeadConversionView.nullable().describe('What the lead was converted into; null while it is open'),
    createdBy: z.string(),
    createdAt: time,
    updatedAt: time,
    version: z.number().int(),
  })
  .meta({ id: 'Lead' });

export const LeadListItem = z
  .object({
    id: z.string(),
    companyName: z.string(),
    name: z.string().describe('The person'),
    vatNumber: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    city: z.string().nullable(),
    source: z.string().nullable(),
    stage: z.string().nullable(),
    tags: z.array(z.string()),
    ownerId: z.string().nullable(),
    converted: z.boolean(),
    updatedAt: time,
    version: z.number().int(),
  })
  .meta({ id: 'LeadListItem' });

export const LeadConversionResult = z
  .object({
    lead: LeadView,
    companyId: z.string(),
    contactId: z.string().nullable().describe('null: the lead named no person (and no contactId was given), so it became a company alone'),
    createdCompany: z.boolean(),
    createdContact: z.boolean(),
    opportunityId: z.string().nullable().describe('The opportunity opened with `createOpportunity`'),
  })
  .meta({ id: 'LeadConversionResult' });

/** One change applied to every lead of a bulk request (the companies' and contacts' bulk shape). */
export const LeadBulkAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('setStage'), stage: text(100).nullable() }),
  z.strictObject({ type: z.literal('addTag'), tag: text(50) }),
  z.strictObject({ type: z.literal('removeTag'), tag: text(50) }),
  z.strictObject({ type: z.literal('setOwner'), userId: id.nullable() }),
]);

export const LeadBulkBody = z
  .strictObject({
    ids: z.array(id).min(1).max(100).refine((ids) => new Set(ids).size === ids.length, { message: 'ids must be distinct' }),
    action: LeadBulkAction,
  })
  .meta({ id: 'LeadBulk' });
