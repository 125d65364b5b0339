import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../events/envelope.ts';
import { contactTimelineProjection, leadTimelineProjection } from '../../../projections/directory/timelines.ts';
import { itemsFromHistory } from '../../../projections/projector.ts';
import { timelineKeys } from '../../../projections/timeline/timeline-entry.ts';

const tenant = 'acme';
const meta = { tenant, actor: 'olga', commandId: 'c', correlationId: 'r' };
const event = (aggregateType: string, aggregateId: string, version: number, type: string, data: unknown): StoredEvent => ({
  aggregateType,
  aggregateId,
  version,
  type,
  data,
  at: `2026-03-01T10:${String(version).padStart(2, '0')}:00.000Z`,
  meta,
});

const profile = { firstName: 'Anna', lastName: null, position: null, stage: null, source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null };
const partitionsOf = (items: readonly { pk: string }[]) => items.map((item) => item.pk);

describe('contact timeline entries', () => {
  const created = event('contact', 'ct-1', 1, 'ContactCreated', { contactId: 'ct-1', profile, companyId: 'co-a', accountManagers: [] });
  const note = (version: number, body: string) => event('contact', 'ct-1', version, 'ContactNoteAdded', { contactId: 'ct-1', noteId: `n${version}`, body });
  const relinked = event('contact', 'ct-1', 3, 'ContactLinkedToCompany', { contactId: 'ct-1', companyId: 'co-b', previousCompanyId: 'co-a' });
  const unlinked = event('contact', 'ct-1', 5, 'ContactUnlinkedFromCompany', { contactId: 'ct-1', companyId: 'co-b' });
  const history = [created, note(2, 'one'), relinked, note(4, 'two'), unlinked, note(6, 'three')];

  const entries = (events: StoredEvent[]) => {
    let row = null as Parameters<NonNullable<typeof contactTimelineProjection.entries>>[2];
    return events.map((e) => {
      const after = contactTimelineProjection.evolve(row, e);
      const items = contactTimelineProjection.entries!(tenant, 'ct-1', row, after, e);
      row = after;
      return partitionsOf(items);
    });
  };

  it('reaches the company the contact belongs to at each event; a relink or unlink shows on both sides', () => {
    const contact = timelineKeys.owner(tenant, { type: 'contact', id: 'ct-1' });
    const a = timelineKeys.owner(tenant, { type: 'company', id: 'co-a' });
    const b = timelineKeys.owner(tenant, { type: 'company', id: 'co-b' });
    expect(entries(history)).toEqual([[contact, a], [contact, a], [contact, a, b], [contact, b], [contact, b], [contact]]);
  });

  it('keys entries by the event, newest first by sort key: a replay writes the same items', () => {
    const once = itemsFromHistory(tenant, history);
    expect(itemsFromHistory(tenant, history)).toEqual(once);
    const onContact = once.filter((item) => item.pk === timelineKeys.owner(tenant, { type: 'contact', id: 'ct-1' }));
    expect(onContact.map((item) => item.sk)).toEqual(onContact.map((item) => item.sk).toSorted());
    expect(onContact.at(-1)).toMatchObject({
      version: 0,
      aggregateType: 'contact',
      aggregateId: 'ct-1',
      tenant,
      entry: { kind: 'note', event: 'ContactNoteAdded', source: { type: 'contact', id: 'ct-1' }, actor: 'olga', summary: { noteId: 'n6', body: 'three' } },
    });
  });
});

describe('lead timeline entries', () => {
  const leadProfile = { companyName: 'Beta', vatNumber: null, firstName: null, lastName: 'Rossi', position: null, emails: [], phones: [], address: null, website: null, source: null, tags: [] };
  const created = event('lead', 'ld-1', 1, 'LeadCreated', { leadId: 'ld-1', profile: leadProfile, ownerId: null, stage: null });
  const converted = event('lead', 'ld-1', 2, 'LeadConverted', { leadId: 'ld-1', companyId: 'co-1', contactId: 'ct-1', createdCompany: true, createdContact: true });
  const note = event('lead', 'ld-1', 3, 'LeadNoteAdded', { leadId: 'ld-1', noteId: 'n', body: 'signed' });

  it('stays on the lead; the conversion makes the lead a timeline source of the company and the contact, once', () => {
    const items = itemsFromHistory(tenant, [created, converted, note]).filter((item) => item.version === 0);
    const lead = timelineKeys.owner(tenant, { type: 'lead', id: 'ld-1' });
    const entries = items.filter((item) => item.pk.includes('#timeline#'));
    expect(new Set(partitionsOf(entries))).toEqual(new Set([lead]));
    expect(items.filter((item) => item.pk.includes('#timeline-sources#'))).toEqual([
      { pk: timelineKeys.sources(tenant, { type: 'company', id: 'co-1' }), sk: 'lead#ld-1', version: 0, aggregateType: 'lead', aggregateId: 'ld-1', tenant, source: { type: 'lead', id: 'ld-1' } },
      { pk: timelineKeys.sources(tenant, { type: 'contact', id: 'ct-1' }), sk: 'lead#ld-1', version: 0, aggregateType: 'lead', aggregateId: 'ld-1', tenant, source: { type: 'lead', id: 'ld-1' } },
    ]);
    expect(leadTimelineProjection.entries!(tenant, 'ld-1', { converted: { companyId: 'co-1', contactId: 'ct-1' } }, { converted: { companyId: 'co-1', contactId: 'ct-1' } }, note)).toHaveLength(1);
  });
});
