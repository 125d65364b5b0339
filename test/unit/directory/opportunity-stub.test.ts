import { describe, expect, it } from 'vitest';
import { opportunityDecider } from '../../../domain/sales/opportunity.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { InvalidEventError, readStored } from '../../../contract/event-catalogue.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
const spec = deciderSpec(opportunityDecider, { actor: olga, now });

const open = (title: string) => ({
  type: 'OpenOpportunityFromLead' as const,
  data: { opportunityId: 'op-1', title, companyId: 'co-1', contactId: 'ct-1', leadId: 'ld-1', ownerId: null },
});
const created = {
  type: 'OpportunityCreated' as const,
  data: {
    opportunityId: 'op-1',
    title: 'Beta Srl',
    parties: [{ kind: 'company' as const, id: 'co-1' }],
    contactId: 'ct-1',
    leadId: 'ld-1',
    pricing: null,
    amount: null,
    currency: null,
    probability: null,
    stage: 'new',
    expectedCloseDate: null,
    ownerId: null,
    partners: [],
    competitors: [],
    campaign: null,
    description: null,
  },
};

describe('the opportunity stub', () => {
  it('opens at stage new', () => {
    spec.when(open(' Beta Srl ')).then([created]).andState({ id: 'op-1', stage: 'new', createdBy: 'olga', createdAt: now });
  });

  it('refuses a blank title and opening twice', () => {
    spec.when(open('  ')).thenThrows('invalid', { path: 'title' });
    spec.given([created]).when(open('Beta Srl')).thenThrows('conflict');
  });
});

describe('OpportunityCreated v2 -> v3', () => {
  const v2 = { opportunityId: 'op-1', title: 'Beta Srl', companyId: 'co-1', contactId: null, leadId: 'ld-1', stage: 'new', ownerId: 'olga' };

  it('reads a lead conversion\'s v2 stub as v3: its company is the one party, nothing valued yet', () => {
    expect(readStored('OpportunityCreated', 2, v2)).toEqual({ ...created.data, contactId: null, ownerId: 'olga' });
    expect(readStored('OpportunityCreated', 1, { ...v2, contactId: 'ct-1' })).toEqual({ ...created.data, ownerId: 'olga' });
  });
});

describe('LeadConverted v1 -> v2', () => {
  const v1 = { leadId: 'ld-1', companyId: 'co-1', contactId: 'ct-1', createdCompany: true, createdContact: false };

  it('reads a stored v1 event as v2 without an opportunity, meaning unchanged', () => {
    expect(readStored('LeadConverted', 1, v1)).toEqual(v1);
    expect(readStored('LeadConverted', 2, { ...v1, opportunityId: 'op-1' })).toEqual({ ...v1, opportunityId: 'op-1' });
  });

  it('never accepted an opportunity in v1', () => {
    expect(() => readStored('LeadConverted', 1, { ...v1, opportunityId: 'op-1' })).toThrow(InvalidEventError);
  });
});
