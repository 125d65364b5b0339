import { withCustomFieldFilters } from './custom-field-filters.ts';
import { z } from 'zod';
import { Email, Phone } from '../../events/directory/company-events.ts';
import { ContactAddress, InteractionChannel, InteractionDirection } from '../../events/directory/contact-events.ts';
import { Cursor, Limit, RecordId } from './common.ts';
import { CustomFieldsInput, CustomFieldsView } from './custom-fields.ts';

const text = (max: number) => z.string().max(max);
const id = RecordId;

/** A set-valued field: the whole new set, or what to add and to remove. */
const SetChange = (item: z.ZodType<string>) =>
  z.union([z.array(item).max(100), z.strictObject({ add: z.array(item).max(100).optional(), remove: z.array(item).max(100).optional() })]);

const profileFields = {
  firstName: text(100).nullable().optional().describe('First name (or, as in the Polish seed, a company name); a contact has a first or a last name'),
  lastName: text(100).nullable().optional(),
  position: text(100).nullable().optional().describe('Role or position, e.g. CEO'),
  stage: text(100).nullable().optional().describe("The tenant's contact stage, e.g. lead"),
  source: text(100).nullable().optional().describe('Acquisition source'),
  emails: z.array(Email).max(20).optional(),
  phones: z.array(Phone).max(20).optional().describe('Typed: mobile, landline, work, main, home_fax, office_fax, other'),
  address: ContactAddress.extend({ country: z.string().optional().describe('ISO 3166-1 alpha-2 code, or the country\'s name in Italian, English, Polish or Hungarian; stored as the code') }).nullable().optional(),
  companyId: id.nullable().optional().describe('The one company the contact belongs to; it must exist and be visible; `null` unlinks'),
  customFields: CustomFieldsInput,
};

export const CreateContactBody = z
  .strictObject({
    ...profileFields,
    tags: z.array(text(50)).max(50).optional(),
    segments: z.array(text(100)).max(50).optional().describe('The Polish seed\'s "Segmentacja": segments the contact is in'),
    accountManagers: z.array(id).max(20).optional(),
  })
  .meta({ id: 'CreateContact', description: 'A person; give at least a first or a last name' });

export const UpdateContactBody = z
  .strictObject({
    ...profileFields,
    tags: SetChange(text(50)).optional(),
    segments: SetChange(text(100)).optional(),
    accountManagers: SetChange(id).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .meta({
    id: 'UpdateContact',
    description: 'Fields given are changed; `null` clears; sets take a whole array or { add, remove }; a `companyId` replaces the current link',
  });

export const LogInteractionBody = z
  .strictObject({
    channel: InteractionChannel,
    direction: InteractionDirection,
    outcome: text(100).nullable().optional().describe('e.g. "no answer", "call back"'),
    notes: text(4000).nullable().optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('Defaults to now; not in the future'),
  })
  .meta({ id: 'LogInteraction' });

export const AddNoteBody = z.strictObject({ body: text(4000) }).meta({ id: 'AddContactNote' });

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The Polish seed's contact filters (text filters ignore case and accents) and the order: the list's
 * query without search and paging, also what an export (`POST /v1/exports`) takes as `filter`.
 */
export const contactListFilters = {
  firstName: text(100).optional().describe('Part of the first name'),
  lastName: text(100).optional().describe('Part of the last name'),
  address: text(200).optional().describe('Part of the street lines'),
  postcode: text(20).optional(),
  city: text(100).optional(),
  region: text(100).optional(),
  country: text(100).optional(),
  position: text(100).optional(),
  email: text(254).optional().describe('Part of an e-mail address'),
  source: text(100).optional(),
  phone: text(40).optional().describe('Part of a phone number, any formatting; +48… and national forms match'),
  stage: text(100).optional(),
  tag: text(50).optional(),
  segment: text(100).optional().describe('In this segment (the Polish seed\'s "Segmentacja")'),
  company: id.optional().describe('Contacts of this company'),
  manager: id.optional().describe('An account manager'),
  mine: booleanFlag.optional().describe('I am an account manager'),
  sort: z.enum(['name', 'updated']).default('name').describe('name: by last name, then first name'),
};

export const ContactListQuery = withCustomFieldFilters({
  q: z.string().trim().min(1).max(200).optional().describe('Name, e-mail, phone or city; words are prefixes'),
  ...contactListFilters,
  limit: Limit,
  cursor: Cursor,
});

const time = z.iso.datetime();

export const InteractionView = z
  .object({
    id: z.string(),
    channel: InteractionChannel,
    direction: InteractionDirection,
    outcome: z.string().nullable(),
    notes: z.string().nullable(),
    occurredAt: time,
    loggedBy: z.string(),
    loggedAt: time,
  })
  .meta({ id: 'ContactInteraction' });

export const NoteView = z.object({ id: z.string(), body: z.string(), author: z.string(), at: time }).meta({ id: 'ContactNote' });

export const ContactView = z
  .object({
    id: z.string(),
    name: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    position: z.string().nullable(),
    stage: z.string().nullable(),
    source: z.string().nullable(),
    emails: z.array(Email),
    phones: z.array(Phone),
    address: ContactAddress.nullable(),
    tags: z.array(z.string()),
    segments: z.array(z.string()),
    avatarKey: z.string().nullable(),
    avatarUrl: z.string().optional().describe('GET /v1/contacts/{id} only, when there is a picture: a link valid for 15 minutes'),
    companyId: z.string().nullable(),
    accountManagers: z.array(z.string()),
    customFields: CustomFieldsView,
    recentInteractions: z.array(InteractionView).describe('The latest 50, newest first'),
    interactionCount: z.number().int(),
    recentNotes: z.array(NoteView).describe('The latest 50, newest first'),
    noteCount: z.number().int(),
    createdBy: z.string(),
    createdAt: time,
    updatedAt: time,
    version: z.number().int(),
  })
  .meta({ id: 'Contact' });

export const ContactListItem = z
  .object({
    id: z.string(),
    name: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    position: z.string().nullable(),
    stage: z.string().nullable(),
    email: z.string().nullable().describe('The first e-mail address'),
    phone: z.string().nullable().describe('The first phone number'),
    city: z.string().nullable(),
    tags: z.array(z.string()),
    segments: z.array(z.string()),
    companyId: z.string().nullable(),
    accountManagers: z.array(z.string()),
    updatedAt: time,
    version: z.number().int(),
  })
  .meta({ id: 'ContactListItem' });

/** One change applied to every contact of a bulk request. */
export const ContactBulkAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('setStage'), stage: text(100).nullable() }),
  z.strictObject({ type: z.literal('addTag'), tag: text(50) }),
  z.strictObject({ type: z.literal('removeTag'), tag: text(50) }),
  z.strictObject({ type: z.literal('addManager'), userId: id }),
  z.strictObject({ type: z.literal('removeManager'), userId: id }),
]);

export const ContactBulkBody = z
  .strictObject({
    ids: z.array(id).min(1).max(100).refine((ids) => new Set(ids).size === ids.length, { message: 'ids must be distinct' }),
    action: ContactBulkAction,
  })
  .meta({ id: 'ContactBulk' });

export const AvatarUploadBody = z
  .strictObject({
    contentType: z.string().max(100).describe('image/png, image/jpeg or image/webp'),
    size: z.number().int().describe('Exact size in bytes, at most 2 MiB'),
  })
  .meta({ id: 'AvatarUpload' });

export const AvatarUploadView = z
  .object({
    uploadUrl: z.string().describe('PUT the image here, with the same Content-Type and Content-Length'),
    key: z.string().describe('Confirm with this key once uploaded'),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'AvatarUploadUrl' });

export const ConfirmAvatarBody = z.strictObject({ key: z.string().min(1).max(300) }).meta({ id: 'ConfirmAvatar' });
