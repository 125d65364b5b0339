import { describe, expect, it } from 'vitest';
import { companyDecider, companyUniqueKeys } from '../../../domain/directory/company.ts';
import { contactDecider } from '../../../domain/directory/contact.ts';
import { leadDecider } from '../../../domain/directory/lead.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

/** Removal exists only as a compensation (an import reverted): the record's state is gone. */
const now = '2026-03-10T09:00:00.000Z';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
const remove = { data: { reason: 'import_reverted' as const } };

describe('company removal', () => {
  const spec = deciderSpec(companyDecider, { actor: olga, now });
  const registered = spec
    .when({ type: 'RegisterCompany', data: { companyId: 'c1', sequence: 1, profile: { legalName: 'Alfa', vatNumber: 'IT01234567897' }, responsibleUserId: 'olga' } })
    .outcome().events;

  it('records CompanyRemoved; the state is gone, and with it the VAT claim', () => {
    spec
      .given(registered)
      .when({ type: 'RemoveCompany', ...remove })
      .then([{ type: 'CompanyRemoved', data: { companyId: 'c1', reason: 'import_reverted' } }])
      .andState(null);
    expect(companyUniqueKeys(null)).toEqual([]);
  });

  it('an unknown or invisible company is not found', () => {
    spec.when({ type: 'RemoveCompany', ...remove }).thenThrows('not_found');
    spec.as(actor('rita', 'restricted')).given(registered).when({ type: 'RemoveCompany', ...remove }).thenThrows('not_found');
  });
});

describe('contact removal', () => {
  const spec = deciderSpec(contactDecider, { actor: olga, now });
  const created = spec.when({ type: 'CreateContact', data: { contactId: 'p1', profile: { firstName: 'Anna' } } }).outcome().events;

  it('records ContactRemoved; removing again finds nothing', () => {
    const removed = spec
      .given(created)
      .when({ type: 'RemoveContact', ...remove })
      .then([{ type: 'ContactRemoved', data: { contactId: 'p1', reason: 'import_reverted' } }])
      .andState(null);
    spec.given([...created, ...removed.events]).when({ type: 'RemoveContact', ...remove }).thenThrows('not_found');
  });
});

describe('lead removal', () => {
  const spec = deciderSpec(leadDecider, { actor: olga, now });
  const created = spec.when({ type: 'CreateLead', data: { leadId: 'l1', profile: { companyName: 'Acme' } } }).outcome().events;

  it('records LeadRemoved', () => {
    spec
      .given(created)
      .when({ type: 'RemoveLead', ...remove })
      .then([{ type: 'LeadRemoved', data: { leadId: 'l1', reason: 'import_reverted' } }])
      .andState(null);
    spec.when({ type: 'RemoveLead', ...remove }).thenThrows('not_found');
  });
});
