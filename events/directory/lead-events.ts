import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';
import { CustomFieldChanges } from './custom-field-values.ts';
import { Email, Phone } from './company-events.ts';
import { RemovalReason } from './company-events.ts';
import { ContactAddress } from './contact-events.ts';

const source = 'cronaca.directory';

/**
 * The descriptive data of a lead (Tustena): the company and the person in one record, plus where it
 * came from. What `LeadProfileChanged` may change.
 */
export const LeadProfile = z.strictObject({
  companyName: z.string(),
  vatNumber: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  position: z.string().nullable(),
  emails: z.array(Email),
  phones: z.array(Phone),
  address: ContactAddress.nullable(),
  website: z.string().nullable(),
  source: z.string().nullable().describe('Acquisition source'),
  tags: z.array(z.string()),
});
export type LeadProfile = z.infer<typeof LeadProfile>;

export const LeadCreated = defineEvent({
  type: 'LeadCreated',
  version: 1,
  source,
  description: 'A lead was created: a prospect company and person in one record, with its owner and stage.',
  schema: z.strictObject({
    leadId: z.string(),
    profile: LeadProfile,
    ownerId: z.string().nullable(),
    stage: z.string().nullable(),
  }),
});

export const LeadProfileChanged = defineEvent({
  type: 'LeadProfileChanged',
  version: 1,
  source,
  description: 'Fields of the lead profile changed: each carries its new value (the previous one is in the history).',
  schema: z.strictObject({ leadId: z.string(), changes: LeadProfile.partial() }),
});

export const LeadOwnerChanged = defineEvent({
  type: 'LeadOwnerChanged',
  version: 1,
  source,
  description: 'The user who owns the lead changed (or was removed).',
  schema: z.strictObject({ leadId: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
});

export const LeadStageChanged = defineEvent({
  type: 'LeadStageChanged',
  version: 1,
  source,
  description: "The lead's stage changed.",
  schema: z.strictObject({ leadId: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
});

const LeadConvertedV1 = z.strictObject({
  leadId: z.string(),
  companyId: z.string(),
  contactId: z.string(),
  createdCompany: z.boolean(),
  createdContact: z.boolean(),
});

/**
 * v2 added `opportunityId`, the opportunity stub opened in the same commit. v1 was strict, so a v1
 * reader would refuse the field: a new version, not an edit. It is optional (absent: no opportunity),
 * so a v1 event lifts to v2 unchanged and what v1 events said keeps its meaning.
 */
const LeadConvertedV2 = LeadConvertedV1.extend({ opportunityId: z.string().optional() });

/**
 * v3: `contactId` may be `null` — a lead that names no person (a company-only lead, as Near's are)
 * converts into a company alone (`createdContact` false). Every v2 event is a valid v3 event with the
 * same meaning (a contact was produced), so v2 lifts unchanged; a v2 reader would refuse the `null`,
 * hence a new version rather than an edit.
 */
export const LeadConverted = defineEvent({
  type: 'LeadConverted',
  version: 3,
  source,
  description:
    'The lead was converted into a client company and, when it names a person or a contact was given, a contact (created, or existing ones merged into), and optionally an opportunity, in the same commit; it keeps links to them. `contactId` is null for a company-only conversion.',
  schema: LeadConvertedV2.extend({ contactId: z.string().nullable() }).refine((data) => data.contactId !== null || !data.createdContact, {
    message: 'no contact was created without a contact id',
    path: ['createdContact'],
  }),
  previous: [
    { version: 1, schema: LeadConvertedV1, upcast: (data) => data },
    { version: 2, schema: LeadConvertedV2, upcast: (data) => data },
  ],
});

/** A separate event, not a new version of a v1 event: see `CompanyCustomFieldsChanged`. */
export const LeadCustomFieldsChanged = defineEvent({
  type: 'LeadCustomFieldsChanged',
  version: 1,
  source,
  description: "Custom-field values of the lead changed: each key carries its new value, `null` clears it.",
  schema: z.strictObject({ leadId: z.string(), changes: CustomFieldChanges }),
});

export const LeadNoteAdded = defineEvent({
  type: 'LeadNoteAdded',
  version: 1,
  source,
  description: 'A note was left on the lead (it belongs on the lead timeline, and on what the lead was converted into).',
  schema: z.strictObject({ leadId: z.string(), noteId: z.string(), body: z.string() }),
});

export const LeadRemoved = defineEvent({
  type: 'LeadRemoved',
  version: 1,
  source,
  description: 'The lead was removed by a compensation (an import reverted): it leaves lists and search, its unique values are free again.',
  schema: z.strictObject({ leadId: z.string(), reason: RemovalReason }),
});

export const leadEvents = [
  LeadRemoved,
  LeadCreated,
  LeadProfileChanged,
  LeadOwnerChanged,
  LeadStageChanged,
  LeadConverted,
  LeadCustomFieldsChanged,
  LeadNoteAdded,
] as const;

export type LeadEvent = EventOf<(typeof leadEvents)[number]>;
