import { describe, expect, it } from 'vitest';
import { decideWinByOrder, opportunityDecider, type OpportunityCommand, type OpportunityInput } from '../../../domain/sales/opportunity.ts';
import type { Catalogue } from '../../../domain/settings/catalogues.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { OpportunityFields } from '../../../events/sales/opportunity-events.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

/** The opportunity decider: every transition and refusal, given/when/then. */
const now = '2026-03-31T22:30:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 'acme', userId: 'rita', role: 'restricted', groups: [] };
const spec = deciderSpec(opportunityDecider, { actor: olga, now });

const fields = (over: Partial<OpportunityFields> = {}): OpportunityFields => ({
  title: 'Fleet renewal',
  parties: [{ kind: 'company', id: 'co-1' }],
  contactId: null,
  pricing: null,
  amount: null,
  currency: null,
  probability: null,
  stage: 'new',
  expectedCloseDate: null,
  ownerId: 'olga',
  partners: [],
  competitors: [],
  campaign: null,
  description: null,
  ...over,
});
const created = (over: Partial<OpportunityFields> = {}) => ({
  type: 'OpportunityCreated' as const,
  data: { opportunityId: 'op-1', ...fields(over), leadId: null },
});
const open = (input: OpportunityInput, stages?: Catalogue): OpportunityCommand => ({
  type: 'OpenOpportunity',
  data: { opportunityId: 'op-1', input, ...(stages ? { stages } : {}) },
});
const update = (input: OpportunityInput, stages?: Catalogue): OpportunityCommand => ({ type: 'UpdateOpportunity', data: { input, ...(stages ? { stages } : {}) } });
const won = (from: 'open' | 'lost' = 'open', over: object = {}) => ({
  type: 'OpportunityWon' as const,
  data: { opportunityId: 'op-1', orderId: null, quoteId: null, note: null, from, closedOn: '2026-03-31', ...over },
});
const lost = { type: 'OpportunityLost' as const, data: { opportunityId: 'op-1', reason: 'price', note: null, closedOn: '2026-03-31' } };
const stages: Catalogue = {
  name: 'stages',
  enforced: true,
  entries: [
    { value: 'qualify', labels: {}, active: true },
    { value: 'propose', labels: {}, active: true },
    { value: 'old', labels: {}, active: false },
  ],
};
const line = (over: object = {}) => ({ description: 'Van', quantity: '3', unitPrice: '33.33', ...over });

describe('OpenOpportunity', () => {
  it('opens an unvalued opportunity owned by its creator, at stage new', () => {
    spec
      .when(open({ title: ' Fleet renewal ', parties: [{ kind: 'company', id: 'co-1' }] }))
      .then([created()])
      .andState({ id: 'op-1', status: 'open', won: null, lost: null, closedOn: null, createdBy: 'olga', createdAt: now, updatedAt: now });
  });

  it('prices lines exactly without VAT: amount = Σ rounded line nets', () => {
    const outcome = spec
      .when(open({ title: 'Fleet', parties: [{ kind: 'lead', id: 'ld-1' }], lines: [line(), line({ quantity: '1', unitPrice: '0.1' }), line({ quantity: '1', unitPrice: '0.2', discountPercent: '50' })], currency: 'EUR' }))
      .outcome();
    const data = outcome.events[0]!.data as OpportunityFields;
    expect(data.amount).toBe('100.19'); // 99.99 + 0.10 + 0.10 (0.2 × 50 % = 0.1), no float drift
    expect(data.pricing).toMatchObject({ mode: 'lines', lines: [{ lineId: '1', net: '99.99', vatRate: null }, { lineId: '2', net: '0.10' }, { lineId: '3', net: '0.10' }] });
  });

  it('takes a plain amount rounded to the currency (HUF: whole forints), probability, stage, dates and links', () => {
    spec
      .when(
        open({
          title: 'Budapest',
          parties: [{ kind: 'company', id: 'co-1' }, { kind: 'lead', id: 'ld-1' }, { kind: 'company', id: 'co-1' }],
          amount: '1270.5',
          currency: 'HUF',
          probability: 40,
          stage: 'propose',
          expectedCloseDate: '2026-06-30',
          ownerId: null,
          partners: ['co-p', 'co-p'],
          competitors: ['co-c'],
          campaign: ' Spring ',
          description: 'three vans',
          contactId: 'ct-1',
        }, stages),
      )
      .then([
        created({
          title: 'Budapest',
          parties: [{ kind: 'company', id: 'co-1' }, { kind: 'lead', id: 'ld-1' }],
          pricing: { mode: 'amount', amount: '1271' },
          amount: '1271',
          currency: 'HUF',
          probability: 40,
          stage: 'propose',
          expectedCloseDate: '2026-06-30',
          ownerId: null,
          partners: ['co-p'],
          competitors: ['co-c'],
          campaign: 'Spring',
          description: 'three vans',
          contactId: 'ct-1',
        }),
      ]);
  });

  it('starts at the first active stage of an enforced catalogue', () => {
    spec.when(open({ title: 'x', parties: [{ kind: 'company', id: 'co-1' }] }, stages)).thenState({ stage: 'qualify' });
  });

  it('refuses bad input naming the field', () => {
    const base = { title: 'x', parties: [{ kind: 'company' as const, id: 'co-1' }] };
    spec.when(open({ ...base, title: ' ' })).thenThrows('invalid', { path: 'title' });
    spec.when(open({ title: 'x' })).thenThrows('invalid', { path: 'parties' });
    spec.when(open({ ...base, parties: [] })).thenThrows('invalid', { path: 'parties' });
    spec.when(open({ ...base, amount: '10' })).thenThrows('invalid', { path: 'currency' });
    spec.when(open({ ...base, amount: '10', currency: 'XXX' })).thenThrows('invalid', { path: 'currency' });
    spec.when(open({ ...base, amount: '-1', currency: 'EUR' })).thenThrows('invalid', { path: 'amount' });
    spec.when(open({ ...base, amount: '1', lines: [line()], currency: 'EUR' })).thenThrows('invalid', { path: 'amount' });
    spec.when(open({ ...base, lines: [line(), line({ quantity: '-2' })], currency: 'EUR' })).thenThrows('invalid', { path: 'lines.1.quantity' });
    spec.when(open({ ...base, lines: [line({ vatRate: '22' })], currency: 'EUR' })).thenThrows('invalid', { path: 'lines.0.vatRate' });
    spec.when(open({ ...base, lines: [], currency: 'EUR' })).thenThrows('invalid', { path: 'lines' });
    spec.when(open({ ...base, probability: 101 })).thenThrows('invalid', { path: 'probability' });
    spec.when(open({ ...base, probability: 12.5 })).thenThrows('invalid', { path: 'probability' });
    spec.when(open({ ...base, expectedCloseDate: '2026-02-30' })).thenThrows('invalid', { path: 'expectedCloseDate' });
    spec.when(open({ ...base, stage: 'old' }, stages)).thenThrows('invalid', { path: 'stage' });
    spec.when(open({ ...base, parties: [{ kind: 'company', id: ' ' }] })).thenThrows('invalid', { path: 'parties.0.id' });
  });

  it('refuses opening twice', () => {
    spec.given([created()]).when(open({ title: 'x', parties: [{ kind: 'company', id: 'co-1' }] })).thenThrows('conflict');
  });
});

describe('OpenOpportunityFromLead', () => {
  const fromLead: OpportunityCommand = {
    type: 'OpenOpportunityFromLead',
    data: { opportunityId: 'op-1', title: 'Beta Srl', companyId: 'co-1', contactId: 'ct-1', leadId: 'ld-1', ownerId: null },
  };
  it('opens the company of the conversion as the one party, unvalued, at stage new', () => {
    spec.when(fromLead).then([{ type: 'OpportunityCreated', data: { opportunityId: 'op-1', ...fields({ title: 'Beta Srl', contactId: 'ct-1', ownerId: null }), leadId: 'ld-1' } }]);
  });
});

describe('UpdateOpportunity', () => {
  it('records only the fields that change', () => {
    spec
      .given([created()])
      .when(update({ title: 'Fleet renewal', probability: 60, stage: 'propose' }, stages))
      .then([{ type: 'OpportunityUpdated', data: { opportunityId: 'op-1', changes: { probability: 60, stage: 'propose' } } }])
      .andState({ probability: 60, stage: 'propose', updatedAt: now });
  });

  it('changes nothing when nothing differs, and keeps a stage the catalogue has since deactivated', () => {
    spec.given([created({ stage: 'old' })]).when(update({ title: 'Fleet renewal', stage: 'old' }, stages)).thenNothing();
  });

  it('re-prices in a new currency (EUR 0.50 -> HUF 1) and drops the pricing when asked', () => {
    spec
      .given([created({ pricing: { mode: 'amount', amount: '0.50' }, amount: '0.50', currency: 'EUR' })])
      .when(update({ currency: 'HUF' }))
      .then([{ type: 'OpportunityUpdated', data: { opportunityId: 'op-1', changes: { pricing: { mode: 'amount', amount: '1' }, amount: '1', currency: 'HUF' } } }]);
    spec
      .given([created({ pricing: { mode: 'amount', amount: '0.50' }, amount: '0.50', currency: 'EUR' })])
      .when(update({ amount: null }))
      .then([{ type: 'OpportunityUpdated', data: { opportunityId: 'op-1', changes: { pricing: null, amount: null } } }]);
  });

  it('refuses removing the currency of a priced opportunity, bad values, and changes once won or lost', () => {
    const priced = created({ pricing: { mode: 'amount', amount: '5.00' }, amount: '5.00', currency: 'EUR' });
    spec.given([priced]).when(update({ currency: null })).thenThrows('invalid', { path: 'currency' });
    spec.given([priced]).when(update({ stage: 'nope' }, stages)).thenThrows('invalid', { path: 'stage' });
    spec.given([priced]).when(update({ parties: [] })).thenThrows('invalid', { path: 'parties' });
    spec.given([created(), won()]).when(update({ title: 'x' })).thenThrows('conflict', /won opportunity cannot be changed/);
    spec.given([created(), lost]).when(update({ title: 'x' })).thenThrows('conflict', /lost/);
  });

  it('is not found when missing or, for a restricted user, someone else\'s', () => {
    spec.when(update({ title: 'x' })).thenThrows('not_found');
    spec.as(rita).given([created()]).when(update({ title: 'x' })).thenThrows('not_found');
    spec.as(rita).given([created({ ownerId: null })]).when(update({ title: 'x' })).thenState({ title: 'x' });
  });
});

describe('WinOpportunity', () => {
  it('wins an open opportunity on the actor\'s local date (Rome: already 1 April)', () => {
    spec
      .given([created()])
      .when({ type: 'WinOpportunity', data: { note: ' signed ', timeZone: 'Europe/Rome' } })
      .then([won('open', { note: 'signed', closedOn: '2026-04-01' })])
      .andState({ status: 'won', won: { orderId: null, quoteId: null, note: 'signed', closedOn: '2026-04-01' }, closedOn: '2026-04-01' });
  });

  it('uses the UTC date when the zone is unknown', () => {
    spec.given([created()]).when({ type: 'WinOpportunity', data: { orderId: 'so-1' } }).then([won('open', { orderId: 'so-1' })]);
    spec.given([created()]).when({ type: 'WinOpportunity', data: { timeZone: 'Mars/Olympus' } }).then([won()]);
  });

  it('refuses winning twice or winning a lost one by hand (409)', () => {
    spec.given([created(), won()]).when({ type: 'WinOpportunity', data: {} }).thenThrows('conflict');
    spec.given([created(), lost]).when({ type: 'WinOpportunity', data: {} }).thenThrows('conflict');
  });
});

describe('LoseOpportunity', () => {
  it('loses an open opportunity with a reason of the catalogue', () => {
    spec
      .given([created()])
      .when({ type: 'LoseOpportunity', data: { reason: 'price', timeZone: 'UTC' } })
      .then([lost])
      .andState({ status: 'lost', lost: { reason: 'price', note: null, closedOn: '2026-03-31' }, won: null });
  });

  it('refuses a reason outside the catalogue, a blank one, and losing twice or a won one', () => {
    spec.given([created()]).when({ type: 'LoseOpportunity', data: { reason: 'weather' } }).thenThrows('invalid', { path: 'reason', message: /loss-reasons/ });
    spec.given([created()]).when({ type: 'LoseOpportunity', data: { reason: ' ' } }).thenThrows('invalid', { path: 'reason' });
    spec.given([created(), lost]).when({ type: 'LoseOpportunity', data: { reason: 'price' } }).thenThrows('conflict');
    spec.given([created(), won()]).when({ type: 'LoseOpportunity', data: { reason: 'price' } }).thenThrows('conflict');
  });

  it('takes the tenant\'s own reasons', () => {
    const lossReasons: Catalogue = { name: 'loss-reasons', enforced: true, entries: [{ value: 'weather', labels: {}, active: true }] };
    spec.given([created()]).when({ type: 'LoseOpportunity', data: { reason: 'weather', lossReasons } }).thenState({ status: 'lost' });
  });
});

describe('ReopenOpportunity', () => {
  it('reopens a won or a lost opportunity', () => {
    spec
      .given([created(), won()])
      .when({ type: 'ReopenOpportunity', data: { reason: 'customer backed out' } })
      .then([{ type: 'OpportunityReopened', data: { opportunityId: 'op-1', from: 'won', reason: 'customer backed out' } }])
      .andState({ status: 'open', won: null, lost: null, closedOn: null });
    spec.given([created(), lost]).when({ type: 'ReopenOpportunity', data: {} }).then([{ type: 'OpportunityReopened', data: { opportunityId: 'op-1', from: 'lost', reason: null } }]);
  });

  it('refuses reopening an open one (409)', () => {
    spec.given([created()]).when({ type: 'ReopenOpportunity', data: {} }).thenThrows('conflict');
  });
});

describe('decideWinByOrder (quote acceptance)', () => {
  const win = { orderId: 'so-1', quoteId: 'q-1', closedOn: '2026-04-02' };
  it('wins an open or a lost opportunity with the order and the quote', () => {
    for (const [given, from] of [[[created()], 'open'], [[created(), lost], 'lost']] as const) {
      const state = spec.given([...given]).state()!;
      expect(decideWinByOrder(state, win)).toEqual([won(from, { orderId: 'so-1', quoteId: 'q-1', closedOn: '2026-04-02' })]);
    }
  });

  it('leaves an already won opportunity as it is', () => {
    expect(decideWinByOrder(spec.given([created(), won()]).state()!, win)).toEqual([]);
  });
});
