import type { z } from 'zod';
import type { UpdateLeadBody } from '../../../contract/http/leads.ts';
import { leadDecider } from '../../../domain/directory/lead.ts';
import { canSeeLead, type Lead } from '../../../domain/directory/lead-state.ts';
import { leadPersonName } from '../../../projections/directory/lead-list.ts';
import type { RecordReader } from '../../../application/shared/record-reads.ts';
import type { DirectorySettings } from '../../../domain/directory/directory-settings.ts';

/** On the wire a lead is flat: its profile fields next to owner, stage and conversion. */
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

/** Splits a request body into the profile part, owner and stage, as the decider takes them. */
export const leadUpdateFromBody = (body: z.output<typeof UpdateLeadBody>, settings: DirectorySettings) => {
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
