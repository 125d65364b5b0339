import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../events/envelope.ts';
import { projectionsFor } from '../../../projections/catalogue.ts';
import { countDeltas, type Counted } from '../../../projections/counters.ts';
import { itemsFromHistory } from '../../../projections/projector.ts';
import { cardCounterOfKey } from '../../../projections/reports/card-item.ts';
import { opportunityFields, quoteContent, salesOrderData } from '../../support/sales-events.ts';

/**
 * The client card's counter keys per kind (projections/counters.ts, card-item.ts `cardCounterOf`):
 * every card item — satellite or entry — counts once in `<tenant>#card-counts#<company>` /
 * `<section>#<sorted audience>`, and the main item keeps that tally (`counted`), the same whether
 * folded here or by the live projector. Fixed dates.
 */
const tenant = 't1';
const counts = (companyId: string) => `${tenant}#card-counts#${companyId}`;

const history = (aggregateType: string, aggregateId: string, events: readonly (readonly [type: string, data: unknown, actor?: string])[]): StoredEvent[] =>
  events.map(([type, data, actor], i) => ({
    aggregateType,
    aggregateId,
    version: i + 1,
    type,
    data,
    at: `2027-03-0${i + 1}T09:00:00.000Z`,
    meta: { tenant, actor: actor ?? 'olga', commandId: `c${i}`, correlationId: 'k' },
  })) as unknown as StoredEvent[];

/** The card projection's main item's tally, as `pk | sk` → n (satellites and entries together). */
const tally = (events: readonly StoredEvent[]): Record<string, number> => {
  const main = itemsFromHistory(tenant, events).find((item) => item.sk === 'card');
  const counted = main?.counted as Counted;
  const all: Record<string, number> = {};
  for (const part of [counted.satellites, counted.entries]) {
    for (const [id, n] of Object.entries(part)) {
      const [pk, sk] = JSON.parse(id) as [string, string];
      all[`${pk} | ${sk}`] = (all[`${pk} | ${sk}`] ?? 0) + n;
    }
  }
  return all;
};

const profile = { firstName: 'Zofia', lastName: 'Łódź', position: null, stage: 'client', source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null };

describe('client card counter keys', () => {
  it('a contact counts on its company’s contacts, and each interaction where it was logged', () => {
    const events = history('contact', 'k1', [
      ['ContactCreated', { contactId: 'k1', profile, companyId: 'acme', accountManagers: ['rita', 'ann'] }],
      ['ContactInteractionLogged', { contactId: 'k1', interactionId: 'i1', channel: 'call', direction: 'outbound', outcome: null, notes: null, occurredAt: '2027-02-28T16:30:00.000Z' }],
      ['ContactInteractionLogged', { contactId: 'k1', interactionId: 'i2', channel: 'call', direction: 'outbound', outcome: null, notes: null, occurredAt: '2027-02-28T17:30:00.000Z' }],
      ['ContactLinkedToCompany', { contactId: 'k1', companyId: 'beta', previousCompanyId: 'acme' }],
    ]);
    // The audience sorted: the same counter whatever order the policy lists it in.
    expect(tally(events)).toEqual({
      [`${counts('beta')} | contacts#["user:ann","user:rita"]`]: 1,
      [`${counts('acme')} | interactions#["user:ann","user:rita"]`]: 2,
    });
  });

  it('an activity counts in to-do while open, in history once done', () => {
    const details = { type: 'call', subject: 'Call', notes: null, estimatedMinutes: null, related: { kind: 'company', id: 'acme' }, parentId: null, reminderOffsets: [] };
    const scheduled = ['ActivityScheduled', { activityId: 'a1', details, schedule: { start: null, end: null, dueOn: '2027-04-02' }, assignee: { kind: 'group', groupId: 'sales' }, status: 'planned' }, 'tom'] as const;
    expect(tally(history('activity', 'a1', [scheduled]))).toEqual({ [`${counts('acme')} | todo#["group:sales","user:tom"]`]: 1 });
    expect(tally(history('activity', 'a1', [scheduled, ['ActivityStatusChanged', { activityId: 'a1', from: 'planned', to: 'done' }]]))).toEqual({
      [`${counts('acme')} | history#["group:sales","user:tom"]`]: 1,
    });
  });

  it('tickets and requests count for everyone while nobody has them, then for their people', () => {
    const ticket = history('ticket', 'tk', [
      ['TicketOpened', { ticketId: 'tk', number: 42, companyId: 'acme', subject: 'Printer', type: 'problem', priority: 'high', assignee: null }],
      ['TicketTaken', { ticketId: 'tk', takenBy: 'tom', previousAssignee: null }],
    ]);
    expect(tally(ticket.slice(0, 1))).toEqual({ [`${counts('acme')} | tickets#["all"]`]: 1 });
    expect(tally(ticket)).toEqual({ [`${counts('acme')} | tickets#["user:olga","user:tom"]`]: 1 });
    const request = history('request', 'r1', [
      ['RequestRegistered', { requestId: 'r1', number: 7, companyId: 'acme', contactId: null, requestType: 'support', description: 'Wi-Fi', channel: null, status: 'new', rank: 'U', responsibleId: null }],
    ]);
    expect(tally(request)).toEqual({ [`${counts('acme')} | requests#["all"]`]: 1 });
  });

  it('an opportunity counts on each company party’s card; a quote and an order on their party’s', () => {
    const fields = opportunityFields({ parties: [{ kind: 'company', id: 'acme' }, { kind: 'lead', id: 'l1' }, { kind: 'company', id: 'beta' }], ownerId: 'rita' });
    expect(tally(history('opportunity', 'o1', [['OpportunityCreated', { ...fields, opportunityId: 'o1', leadId: null }]]))).toEqual({
      [`${counts('acme')} | opportunities#["user:rita"]`]: 1,
      [`${counts('beta')} | opportunities#["user:rita"]`]: 1,
    });
    const quote = history('quote', 'q1', [['QuoteDrafted', { quoteId: 'q1', reference: 'Q-2027-00003', year: 2027, number: 3, content: quoteContent({ operatorId: 'tom' }) }]]);
    expect(tally(quote)).toEqual({ [`${counts('acme')} | quotes#["user:olga","user:tom"]`]: 1 });
    const order = history('order', 'so1', [['SalesOrderCreated', salesOrderData('so1', 'q1', { kind: 'company', id: 'acme' })]]);
    expect(tally(order)).toEqual({ [`${counts('acme')} | orders#["user:olga"]`]: 1 });
    expect(tally(history('order', 'so2', [['SalesOrderCreated', salesOrderData('so2', 'q1', { kind: 'lead', id: 'l1' })]]))).toEqual({});
  });

  it('a company’s notes count on its own card, for everyone', () => {
    const events = history('company', 'acme', [
      ['CompanyNoteAdded', { companyId: 'acme', noteId: 'n1', body: 'a' }],
      ['CompanyNoteAdded', { companyId: 'acme', noteId: 'n2', body: 'b' }],
    ]);
    expect(tally(events)).toEqual({ [`${counts('acme')} | notes#["all"]`]: 2 });
  });

  it('only the card projections count; deltas are after − before, zero changes left out', () => {
    for (const type of ['company', 'contact', 'activity', 'ticket', 'request', 'opportunity', 'quote', 'order']) {
      expect(projectionsFor(type).filter((projection) => projection.counterOf).map((projection) => projection.name)).toEqual([`${type}-card`]);
    }
    const a = JSON.stringify(['p', 'tickets#["all"]']);
    const b = JSON.stringify(['p', 'tickets#["user:tom"]']);
    const c = JSON.stringify(['p', 'notes#["all"]']);
    expect(countDeltas({ satellites: { [a]: 1 }, entries: { [c]: 2 } }, { satellites: { [b]: 1 }, entries: { [c]: 3 } })).toEqual([
      { key: { pk: 'p', sk: 'notes#["all"]' }, delta: 1 },
      { key: { pk: 'p', sk: 'tickets#["all"]' }, delta: -1 },
      { key: { pk: 'p', sk: 'tickets#["user:tom"]' }, delta: 1 },
    ]);
    expect(countDeltas({ satellites: { [a]: 1 }, entries: {} }, { satellites: { [a]: 1 }, entries: {} })).toEqual([]);
    expect(cardCounterOfKey('tickets#["group:a#b","user:x"]')).toEqual({ section: 'tickets', audience: ['group:a#b', 'user:x'] });
  });
});
