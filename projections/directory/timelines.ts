import type { CompanyEvent } from '../../events/directory/company-events.ts';
import type { ContactEvent } from '../../events/directory/contact-events.ts';
import type { LeadEvent } from '../../events/directory/lead-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { Projection, ReadItem } from '../projection.ts';
import { timelineItem, timelineSourceItem, type RecordRef } from '../timeline/timeline-entry.ts';

/**
 * The timelines of companies, contacts and leads. Each event becomes an entry on its own record's
 * timeline and on the records it is linked to at that moment:
 * - a contact's events reach the company it belongs to when they happen (a link or unlink shows on
 *   both companies); after an unlink its new events no longer reach the old company, the earlier
 *   ones stay;
 * - a converted lead's timeline, before and after the conversion, is part of the timelines of the
 *   company and the contact it produced: `LeadConverted` records the lead as their timeline source
 *   and readers merge its partition, so nothing is copied.
 * The rows only keep the links; the entries are append-only items (`Projection.entries`).
 */

type DirectoryEvent = CompanyEvent | ContactEvent | LeadEvent;

/** What an entry says about an event: a generic kind and a small summary for the card. */
const describe = (event: DirectoryEvent): { kind: string; summary: Record<string, unknown> } => {
  switch (event.type) {
    case 'CompanyRegistered':
      return { kind: 'created', summary: { code: event.data.code, name: event.data.profile.legalName } };
    case 'ContactCreated':
      return { kind: 'created', summary: { name: [event.data.profile.firstName, event.data.profile.lastName].filter(Boolean).join(' ') } };
    case 'LeadCreated':
      return { kind: 'created', summary: { name: event.data.profile.companyName } };
    case 'CompanyProfileChanged':
    case 'ContactProfileChanged':
    case 'LeadProfileChanged':
    case 'CompanyCustomFieldsChanged':
    case 'ContactCustomFieldsChanged':
    case 'LeadCustomFieldsChanged':
      return { kind: 'changed', summary: { fields: Object.keys(event.data.changes) } };
    case 'CompanyResponsibleChanged':
    case 'LeadOwnerChanged':
    case 'CompanyStatusChanged':
    case 'LeadStageChanged':
      return { kind: 'changed', summary: { from: event.data.from, to: event.data.to } };
    case 'CompanyAccountManagersChanged':
    case 'ContactAccountManagersChanged':
      return { kind: 'changed', summary: { added: event.data.added, removed: event.data.removed } };
    case 'CompanyNoteAdded':
    case 'ContactNoteAdded':
    case 'LeadNoteAdded':
      return { kind: 'note', summary: { noteId: event.data.noteId, body: event.data.body } };
    case 'ContactInteractionLogged': {
      const { contactId: _, ...summary } = event.data;
      return { kind: 'interaction', summary };
    }
    case 'ContactAvatarChanged':
      return { kind: 'changed', summary: { fields: ['avatar'] } };
    case 'ContactSegmentsChanged':
      return { kind: 'changed', summary: { fields: ['segments'], segments: event.data.segments } };
    case 'ContactLinkedToCompany':
      return { kind: 'linked', summary: { companyId: event.data.companyId, previousCompanyId: event.data.previousCompanyId } };
    case 'ContactUnlinkedFromCompany':
      return { kind: 'unlinked', summary: { companyId: event.data.companyId } };
    case 'LeadConverted': {
      const { leadId: _, ...summary } = event.data;
      return { kind: 'converted', summary };
    }
    case 'CompanyRemoved':
    case 'ContactRemoved':
    case 'LeadRemoved':
      return { kind: 'removed', summary: { reason: event.data.reason } };
  }
};

const entriesOn = (tenant: string, owners: readonly (RecordRef | null)[], event: StoredEvent): ReadItem[] => {
  const described = describe(event as StoredEvent & DirectoryEvent);
  const seen = new Set<string>();
  return owners.flatMap((owner) => {
    if (owner === null || seen.has(`${owner.type}#${owner.id}`)) return [];
    seen.add(`${owner.type}#${owner.id}`);
    return [timelineItem(tenant, owner, event, described)];
  });
};

const linkItem = (name: string) => ({
  key: (tenant: string, id: string) => ({ pk: `${tenant}#${name}#${id}`, sk: 'timeline' }),
});

interface CompanyTimelineRow {
  readonly id: string;
}

export const companyTimelineProjection: Projection<CompanyTimelineRow> = {
  name: 'company-timeline',
  aggregateType: 'company',
  evolve: (_row, event) => ({ id: event.aggregateId }),
  ...linkItem('company'),
  toItem(tenant, id, row, version) {
    return { ...this.key(tenant, id), version, aggregateType: 'company', aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as CompanyTimelineRow,
  entries: (tenant, id, _before, _after, event) => entriesOn(tenant, [{ type: 'company', id }], event),
};

interface ContactTimelineRow {
  /** The company the contact's events reach. */
  readonly companyId: string | null;
}

const contactLinkAfter = (row: ContactTimelineRow | null, event: StoredEvent): ContactTimelineRow => {
  const e = event as StoredEvent & ContactEvent;
  switch (e.type) {
    case 'ContactCreated':
      return { companyId: e.data.companyId };
    case 'ContactLinkedToCompany':
      return { companyId: e.data.companyId };
    case 'ContactUnlinkedFromCompany':
      return { companyId: null };
    default:
      return row ?? { companyId: null };
  }
};

const company = (companyId: string | null | undefined): RecordRef | null => (companyId ? { type: 'company', id: companyId } : null);

export const contactTimelineProjection: Projection<ContactTimelineRow> = {
  name: 'contact-timeline',
  aggregateType: 'contact',
  evolve: contactLinkAfter,
  ...linkItem('contact'),
  toItem(tenant, id, row, version) {
    return { ...this.key(tenant, id), version, aggregateType: 'contact', aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as ContactTimelineRow,
  // On the contact, and on the company it belongs to before and after the event (a link or an
  // unlink is news for both companies).
  entries: (tenant, id, before, after, event) =>
    entriesOn(tenant, [{ type: 'contact', id }, company(before?.companyId), company(after?.companyId)], event),
};

interface LeadTimelineRow {
  readonly converted: { readonly companyId: string; readonly contactId: string | null } | null;
}

export const leadTimelineProjection: Projection<LeadTimelineRow> = {
  name: 'lead-timeline',
  aggregateType: 'lead',
  evolve: (row, event) => {
    const e = event as StoredEvent & LeadEvent;
    if (e.type === 'LeadConverted') return { converted: { companyId: e.data.companyId, contactId: e.data.contactId } };
    return row ?? { converted: null };
  },
  ...linkItem('lead'),
  toItem(tenant, id, row, version) {
    return { ...this.key(tenant, id), version, aggregateType: 'lead', aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as LeadTimelineRow,
  entries: (tenant, id, before, after, event) => {
    const lead: RecordRef = { type: 'lead', id };
    const own = entriesOn(tenant, [lead], event);
    if (before?.converted || !after?.converted) return own;
    // Converted: the lead's whole timeline joins those of the company and the contact it produced.
    return [
      ...own,
      timelineSourceItem(tenant, { type: 'company', id: after.converted.companyId }, lead),
      ...(after.converted.contactId === null ? [] : [timelineSourceItem(tenant, { type: 'contact', id: after.converted.contactId }, lead)]),
    ];
  },
};
