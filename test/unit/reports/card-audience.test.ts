import { describe, expect, it } from 'vitest';
import { canSeeActivity } from '../../../domain/activities/activity-policy.ts';
import { canSeeContact } from '../../../domain/directory/contact-policy.ts';
import {
  activityAudience,
  audienceAdmits,
  contactAudience,
  opportunityAudience,
  orderAudience,
  quoteAudience,
  requestAudience,
  ticketAudience,
  type Audience,
} from '../../../domain/reports/card-audience.ts';
import { canSeeRequest } from '../../../domain/requests/request-policy.ts';
import { canSeeOpportunity } from '../../../domain/sales/opportunity.ts';
import { canSeeQuote } from '../../../domain/sales/quote.ts';
import { canSeeOrder } from '../../../domain/sales/sales-order.ts';
import type { Actor, Role } from '../../../domain/shared/actor.ts';
import { canSeeTicket } from '../../../domain/support/ticket-policy.ts';
import type { Assignee } from '../../../events/shared/assignee.ts';

/**
 * Each audience is its record's own visibility rule written as a list: for every actor (each role,
 * with and without groups) and every shape of record (nobody's, theirs, a colleague's, their group's),
 * the card admits exactly whom the record's GET admits.
 */
const roles: Role[] = ['admin', 'manager', 'standard', 'restricted'];
const actors: Actor[] = roles.flatMap((role) =>
  ['rita', 'tom'].flatMap((userId) => [
    { tenant: 't', userId, role, groups: [] },
    { tenant: 't', userId, role, groups: ['sales', 'support'] },
  ]),
);
const users = ['rita', 'tom', 'olga'];
const assignees: Assignee[] = [...users.map((userId): Assignee => ({ kind: 'user', userId })), { kind: 'group', groupId: 'support' }, { kind: 'group', groupId: 'field' }];

const agrees = <R>(records: readonly R[], audience: (record: R) => Audience, policy: (actor: Actor, record: R) => boolean) => {
  let checked = 0;
  for (const record of records)
    for (const actor of actors) {
      expect([actor, record, audienceAdmits(actor, audience(record))]).toEqual([actor, record, policy(actor, record)]);
      checked += 1;
    }
  return checked;
};

describe('card audiences are the records’ own visibility rules', () => {
  it('contacts: their account managers, everyone when unmanaged', () => {
    const records = [[], ['rita'], ['tom', 'olga'], ['olga']].map((accountManagers) => ({ accountManagers }));
    expect(agrees(records, contactAudience, canSeeContact)).toBe(records.length * actors.length);
    expect(contactAudience({ accountManagers: [] })).toEqual(['all']);
  });

  it('activities: their creator and assignee (user or group)', () => {
    const records = users.flatMap((createdBy) => assignees.map((assignee) => ({ createdBy, assignee })));
    agrees(records, activityAudience, canSeeActivity);
  });

  it('tickets: everyone while unassigned, else the opener and the assignee', () => {
    const records = users.flatMap((openedBy) => [null, ...assignees].map((assignee) => ({ openedBy, assignee })));
    agrees(records, ticketAudience, canSeeTicket);
  });

  it('requests: everyone while nobody is responsible, else the responsible and who registered it', () => {
    const records = users.flatMap((registeredBy) => [null, ...users].map((responsibleId) => ({ registeredBy, responsibleId })));
    agrees(records, requestAudience, canSeeRequest);
  });

  it('opportunities: the owner, everyone when it has none', () => {
    agrees([null, ...users].map((ownerId) => ({ ownerId })), opportunityAudience, canSeeOpportunity);
  });

  it('quotes: the operator and who drafted it; orders: the operator', () => {
    const quotes = users.flatMap((operatorId) => users.map((createdBy) => ({ operatorId, createdBy })));
    agrees(quotes, quoteAudience, (actor, quote) => canSeeQuote(actor, { content: { operatorId: quote.operatorId }, createdBy: quote.createdBy }));
    agrees(users.map((operatorId) => ({ operatorId })), orderAudience, canSeeOrder);
  });
});
