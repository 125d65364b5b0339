import { leadDecider, type LeadCommand } from '../../domain/directory/lead.ts';
import { canSeeLead, type Lead } from '../../domain/directory/lead-state.ts';
import { leadPersonName } from '../../projections/directory/lead-list.ts';
import type { RecordReader } from '../shared/record-reads.ts';
import type { DirectorySettings } from '../../domain/directory/directory-settings.ts';

/** As its readers see it, a lead is flat: its profile fields next to owner, stage and conversion. */
export const leadView = (lead: Lead, version: number) => {
  const { profile, ...rest } = lead;
  return { ...rest, ...profile, version };
};

export const leadListItem = (lead: Lead, version: number) => ({
  id: lead.id,
  companyName: lead.profile.companyName,
  name: leadPersonName(lead),
  vatNumber: lead.profile.vatNumber,
  email: lead.profile.emails[0]?.address ?? null,
  phone: lead.profile.phones[0]?.number ?? null,
  city: lead.profile.address?.city ?? null,
  source: lead.profile.source,
  stage: lead.stage,
  tags: lead.profile.tags,
  ownerId: lead.ownerId,
  converted: lead.converted !== null,
  updatedAt: lead.updatedAt,
  version,
});

type UpdateData = Extract<LeadCommand, { type: 'UpdateLead' }>['data'];

/** The profile fields a command gives (tags whole or as `{ add, remove }`). */
export type LeadProfileInput = NonNullable<UpdateData['profile']>;

/** A change of a lead: the fields given are changed, `null` clears. */
export type UpdateLeadInput = LeadProfileInput & {
  readonly ownerId?: string | null | undefined;
  readonly stage?: string | null | undefined;
  /** Keys given are set; `null` clears. */
  readonly customFields?: Readonly<Record<string, unknown>> | undefined;
};

/** A lead to create: a company name, and whole tags. */
export type CreateLeadInput = Omit<UpdateLeadInput, 'companyName' | 'tags'> & {
  readonly companyName: string;
  readonly tags?: readonly string[] | undefined;
};

/** Splits an input into the profile part, owner and stage, as the decider takes them. */
export const leadUpdateFromBody = (body: UpdateLeadInput, settings: DirectorySettings): UpdateData => {
  const { ownerId, stage, customFields, ...profile } = body;
  return {
    settings,
    ...(customFields !== undefined ? { customFields } : {}),
    ...(Object.keys(profile).length > 0 ? { profile } : {}),
    ...(ownerId !== undefined ? { ownerId } : {}),
    ...(stage !== undefined ? { stage } : {}),
  };
};

export const leadReader: RecordReader<Lead> = {
  aggregateType: 'lead',
  decider: leadDecider as RecordReader<Lead>['decider'],
  canSee: canSeeLead,
  label: 'lead',
};
