import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../events/envelope.ts';
import { itemsFromHistory } from '../../../projections/projector.ts';
import { opportunityFields, quoteContent, salesOrderData } from '../../support/sales-events.ts';

/**
 * What the card projections make of each kind of record's history (folded as a rebuild folds it):
 * which company's card, which section, the item shown and who may see it. Fixed dates: nothing here
 * depends on today.
 */
const tenant = 't1';
const card = (companyId: string) => `${tenant}#card#${companyId}`;

const history = (aggregateType: string, aggregateId: string, events: readonly (readonly [type: string, data: unknown, actor?: string])[]): StoredEvent[] =>
  events.map(([type, data, actor], i) => ({
    aggregateType,
    aggregateId,
    version: i + 1,
    type,
    data,
    at: `2027-03-0${i + 1}T09:00:00.000Z`,
    meta: { tenant, actor: actor ?? 'olga', commandId: `c${i}`, correlationId: 'k' },
  }));

/** The card items a history produces, as `pk | sk` with the item and its audience. */
const cardItems = (events: readonly StoredEvent[]) =>
  itemsFromHistory(tenant, events)
    .filter((item) => item.pk.includes('#card#'))
    .map((item) => ({ at: `${item.pk} | ${item.sk}`, card: item.card, audience: item.audience, owner: `${item.aggregateType}:${item.aggregateId}` }));

const profile = { firstName: 'Zofia', lastName: 'Łódź', position: null, stage: 'client', source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null };

describe('client card projections', () => {
  it('a contact is on its company’s card, leaves it when it moves, and its interactions stay where they were logged', () => {
    const events = history('contact', 'k1', [
      ['ContactCreated', { contactId: 'k1', profile, companyId: 'acme', accountManagers: ['rita'] }],
      ['ContactInteractionLogged', { contactId: 'k1', interactionId: 'i1', channel: 'call', direction: 'outbound', outcome: 'call back', notes: 'Asked for a quote', occurredAt: '2027-02-28T16:30:00.000Z' }],
      ['ContactLinkedToCompany', { contactId: 'k1', companyId: 'beta', previousCompanyId: 'acme' }],
    ]);
    expect(cardItems(events)).toEqual([
      {
        at: `${card('beta')} | contacts#2027-03-01T09:00:00.000Z#contact#k1`,
        card: { type: 'contact', id: 'k1', number: null, title: 'Zofia Łódź', status: 'client', date: '2027-03-01T09:00:00.000Z', amount: null, responsibleId: 'rita', link: '/v1/contacts/k1' },
        audience: ['user:rita'],
        owner: 'contact:k1',
      },
      {
        at: `${card('acme')} | interactions#2027-02-28T16:30:00.000Z#interaction#i1`,
        card: { type: 'interaction', id: 'i1', number: null, title: 'Asked for a quote', status: 'call back', date: '2027-02-28T16:30:00.000Z', amount: null, responsibleId: 'olga', link: null },
        audience: ['user:rita'],
        owner: 'contact:k1',
      },
    ]);
  });

  it('an activity related to a company is to-do while open (by due time), history once done (by when)', () => {
    const details = { type: 'call', subject: 'Call Anna', notes: null, estimatedMinutes: null, related: { kind: 'company', id: 'acme' }, parentId: null, reminderOffsets: [] };
    const scheduled = ['ActivityScheduled', { activityId: 'a1', details, schedule: { start: null, end: null, dueOn: '2027-04-02' }, assignee: { kind: 'group', groupId: 'sales' }, status: 'planned' }, 'tom'] as const;
    expect(cardItems(history('activity', 'a1', [scheduled]))).toMatchObject([
      { at: `${card('acme')} | todo#2027-04-02#activity#a1`, card: { status: 'planned', date: '2027-04-02', responsibleId: null, title: 'Call Anna' }, audience: ['user:tom', 'group:sales'] },
    ]);
    const done = history('activity', 'a1', [scheduled, ['ActivityStatusChanged', { activityId: 'a1', from: 'planned', to: 'done' }]]);
    expect(cardItems(done)).toMatchObject([{ at: `${card('acme')} | history#2027-03-02T09:00:00.000Z#activity#a1`, card: { status: 'done', date: '2027-03-02T09:00:00.000Z' } }]);
    // Related to a lead: on no card.
    const onLead = history('activity', 'a2', [['ActivityScheduled', { ...scheduled[1], activityId: 'a2', details: { ...details, related: { kind: 'lead', id: 'l1' } } }]]);
    expect(cardItems(onLead)).toEqual([]);
  });

  it('a ticket shows its number, subject, status and assignee; everyone sees it while unassigned', () => {
    const events = history('ticket', 'tk', [
      ['TicketOpened', { ticketId: 'tk', number: 42, companyId: 'acme', subject: 'Printer jams', type: 'problem', priority: 'high', assignee: null }],
      ['TicketTaken', { ticketId: 'tk', takenBy: 'tom', previousAssignee: null }],
    ]);
    expect(cardItems(events)).toEqual([
      {
        at: `${card('acme')} | tickets#000000000042#ticket#tk`,
        card: { type: 'ticket', id: 'tk', number: '42', title: 'Printer jams', status: 'in_progress', date: '2027-03-01T09:00:00.000Z', amount: null, responsibleId: 'tom', link: '/v1/tickets/tk' },
        audience: ['user:olga', 'user:tom'],
        owner: 'ticket:tk',
      },
    ]);
    expect(cardItems(events.slice(0, 1))[0]!.audience).toEqual(['all']);
  });

  it('a request: its company, number, description and whether it is closed', () => {
    const events = history('request', 'r1', [
      ['RequestRegistered', { requestId: 'r1', number: 7, companyId: 'acme', contactId: null, requestType: 'support', description: 'Wi-Fi down', channel: null, status: 'new', rank: 'U', responsibleId: null }],
      ['RequestClosed', { requestId: 'r1', status: 'new', outcome: 'fixed' }],
    ]);
    expect(cardItems(events)).toMatchObject([
      { at: `${card('acme')} | requests#000000000007#request#r1`, card: { number: '7', title: 'Wi-Fi down', status: 'closed', responsibleId: null, link: '/v1/requests/r1' }, audience: ['all'] },
    ]);
  });

  it('an opportunity is on the card of every company among its parties (not a lead’s), with its exact amount', () => {
    const fields = opportunityFields({ parties: [{ kind: 'company', id: 'acme' }, { kind: 'lead', id: 'l1' }, { kind: 'company', id: 'beta' }], ownerId: 'rita' });
    const events = history('opportunity', 'o1', [
      ['OpportunityCreated', { ...fields, opportunityId: 'o1', leadId: null }],
      ['OpportunityLost', { opportunityId: 'o1', reason: 'price', note: null, closedOn: '2027-03-02' }],
    ]);
    const items = cardItems(events);
    expect(items.map((item) => item.at)).toEqual([`${card('acme')} | opportunities#2027-03-01T09:00:00.000Z#opportunity#o1`, `${card('beta')} | opportunities#2027-03-01T09:00:00.000Z#opportunity#o1`]);
    expect(items[0]).toMatchObject({ card: { title: 'Fit-out', status: 'lost', date: '2027-04-30', amount: { amount: '1200.50', currency: 'EUR' }, responsibleId: 'rita' }, audience: ['user:rita'] });
  });

  it('a quote and its order are on their party company’s card with the gross total', () => {
    const quote = history('quote', 'q1', [
      ['QuoteDrafted', { quoteId: 'q1', reference: 'Q-2027-00003', year: 2027, number: 3, content: quoteContent({ operatorId: 'tom' }) }],
      ['QuoteSent', { quoteId: 'q1', revision: 1, sentTo: null }],
    ]);
    expect(cardItems(quote)).toMatchObject([
      {
        at: `${card('acme')} | quotes#2027#000000000003#quote#q1`,
        card: { number: 'Q-2027-00003', title: 'Fit-out, phase 1', status: 'sent', date: '2027-03-31', amount: { amount: '122.00', currency: 'EUR' }, responsibleId: 'tom' },
        audience: ['user:tom', 'user:olga'],
      },
    ]);
    const order = history('order', 'so1', [['SalesOrderCreated', salesOrderData('so1', 'q1', { kind: 'company', id: 'acme' })]]);
    expect(cardItems(order)).toMatchObject([
      { at: `${card('acme')} | orders#2027-03-10#000000000001#order#so1`, card: { number: 'SO-2027-00001', date: '2027-03-10', amount: { amount: '122.00', currency: 'EUR' }, status: null }, audience: ['user:olga'] },
    ]);
    const forLead = history('order', 'so2', [['SalesOrderCreated', salesOrderData('so2', 'q1', { kind: 'lead', id: 'l1' })]]);
    expect(cardItems(forLead)).toEqual([]);
  });

  it('a company’s notes are entries on its own card, seen by whoever sees the company', () => {
    const events = history('company', 'acme', [['CompanyNoteAdded', { companyId: 'acme', noteId: 'n1', body: '  Prefers calls in the morning ' }, 'rita']]);
    expect(cardItems(events)).toEqual([
      {
        at: `${card('acme')} | notes#2027-03-01T09:00:00.000Z#note#n1`,
        card: { type: 'note', id: 'n1', number: null, title: 'Prefers calls in the morning', status: null, date: '2027-03-01T09:00:00.000Z', amount: null, responsibleId: 'rita', link: null },
        audience: ['all'],
        owner: 'company:acme',
      },
    ]);
  });
});
