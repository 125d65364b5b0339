import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';
import { CustomFieldChanges } from './custom-field-values.ts';

const source = 'cronaca.directory';

export const companyKinds = ['client', 'prospect', 'supplier', 'competitor', 'partner'] as const;
export const CompanyKind = z.enum(companyKinds);

export const phoneTypes = ['mobile', 'landline', 'work', 'main', 'home_fax', 'office_fax', 'other'] as const;
export const Phone = z.strictObject({ type: z.enum(phoneTypes), number: z.string() });
export type Phone = z.infer<typeof Phone>;

export const addressTypes = ['registered', 'billing', 'shipping', 'office', 'other'] as const;
export const Address = z.strictObject({
  type: z.enum(addressTypes),
  street: z.string().optional(),
  street2: z.string().optional(),
  postcode: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  country: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

export const Email = z.strictObject({ type: z.enum(['work', 'billing', 'support', 'other']), address: z.string() });
export type Email = z.infer<typeof Email>;

/** The descriptive data of a company: what `CompanyProfileChanged` may change. */
export const CompanyProfile = z.strictObject({
  legalName: z.string(),
  aliases: z.array(z.string()),
  kind: CompanyKind,
  vatNumber: z.string().nullable(),
  taxCode: z.string().nullable(),
  addresses: z.array(Address),
  phones: z.array(Phone),
  emails: z.array(Email),
  website: z.string().nullable(),
  categories: z.array(z.string()),
  area: z.string().nullable(),
  segments: z.array(z.string()),
  tags: z.array(z.string()),
});
export type CompanyProfile = z.infer<typeof CompanyProfile>;

export const CompanyRegistered = defineEvent({
  type: 'CompanyRegistered',
  version: 1,
  source,
  description: 'A company was registered; its code comes from the per-tenant sequence in the same commit and never changes.',
  schema: z.strictObject({
    companyId: z.string(),
    code: z.string().regex(/^C\d{6,}$/),
    profile: CompanyProfile,
    responsibleUserId: z.string().nullable(),
    accountManagers: z.array(z.string()),
    status: z.string().nullable(),
  }),
});

export const CompanyProfileChanged = defineEvent({
  type: 'CompanyProfileChanged',
  version: 1,
  source,
  description: 'Fields of the company profile changed: each carries its new value (the previous one is in the history).',
  schema: z.strictObject({ companyId: z.string(), changes: CompanyProfile.partial() }),
});

export const CompanyResponsibleChanged = defineEvent({
  type: 'CompanyResponsibleChanged',
  version: 1,
  source,
  description: 'The user responsible for the company changed (or was removed).',
  schema: z.strictObject({ companyId: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
});

export const CompanyAccountManagersChanged = defineEvent({
  type: 'CompanyAccountManagersChanged',
  version: 1,
  source,
  description: 'Account managers were attached to or detached from the company.',
  schema: z.strictObject({ companyId: z.string(), added: z.array(z.string()), removed: z.array(z.string()) }),
});

export const CompanyStatusChanged = defineEvent({
  type: 'CompanyStatusChanged',
  version: 1,
  source,
  description: "The company's status (the tenant's \"what's next\" step) changed.",
  schema: z.strictObject({ companyId: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
});

/**
 * A separate event rather than a v2 of `CompanyRegistered` / `CompanyProfileChanged`: custom fields are
 * keyed by the tenant's own definitions, not by this catalogue, so the v1 events keep their strict,
 * published schemas and meaning, and consumers that know nothing of custom fields skip one type. A
 * registration with custom fields commits `CompanyRegistered` and this event together.
 */
export const CompanyCustomFieldsChanged = defineEvent({
  type: 'CompanyCustomFieldsChanged',
  version: 1,
  source,
  description: "Custom-field values of the company changed: each key carries its new value, `null` clears it.",
  schema: z.strictObject({ companyId: z.string(), changes: CustomFieldChanges }),
});

export const CompanyNoteAdded = defineEvent({
  type: 'CompanyNoteAdded',
  version: 1,
  source,
  description: 'A note was left on the company (it belongs on the company timeline).',
  schema: z.strictObject({ companyId: z.string(), noteId: z.string(), body: z.string() }),
});

export const companyEvents = [
  CompanyRegistered,
  CompanyProfileChanged,
  CompanyResponsibleChanged,
  CompanyAccountManagersChanged,
  CompanyStatusChanged,
  CompanyCustomFieldsChanged,
  CompanyNoteAdded,
] as const;

export type CompanyEvent = EventOf<(typeof companyEvents)[number]>;
