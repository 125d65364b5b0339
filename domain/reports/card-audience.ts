import type { Assignee } from '../../events/shared/assignee.ts';
import type { Actor } from '../shared/actor.ts';

/**
 * Who may see a card item, in ONE generic form for every kind of record: `all`, or the users and
 * groups the record's own visibility rule names (`user:<id>`, `group:<id>`). Each `…Audience` below
 * is its domain policy written as that list (test/unit/reports/card-audience.test.ts checks each
 * against the policy), so the card filters every section the same way — in memory or as a
 * DynamoDB filter expression — and shows exactly what the record's own GET would show.
 */
export type Audience = readonly string[];

export const everyone = 'all';
export const userAudience = (userId: string): string => `user:${userId}`;
export const groupAudience = (groupId: string): string => `group:${groupId}`;
const assigneeAudience = (assignee: Assignee): string => (assignee.kind === 'user' ? userAudience(assignee.userId) : groupAudience(assignee.groupId));

const unique = (members: readonly string[]): Audience => [...new Set(members)];

/** The audience entries that admit `actor` (one of them must be in an item's audience). */
export const audienceOf = (actor: Actor): string[] => [everyone, userAudience(actor.userId), ...actor.groups.map(groupAudience)];

/** Only restricted users are filtered (every other role sees every record of its tenant). */
export const audienceAdmits = (actor: Actor, audience: Audience): boolean =>
  actor.role !== 'restricted' || audienceOf(actor).some((member) => audience.includes(member));

/** `canSeeOwned` (companies, contacts, opportunities): the responsible and the managers, or everyone when nobody is. */
export const ownedAudience = (record: { readonly responsibleUserId: string | null; readonly accountManagers: readonly string[] }): Audience =>
  record.responsibleUserId === null && record.accountManagers.length === 0
    ? [everyone]
    : unique([...(record.responsibleUserId === null ? [] : [record.responsibleUserId]), ...record.accountManagers].map(userAudience));

/** `canSeeContact`. */
export const contactAudience = (contact: { readonly accountManagers: readonly string[] }): Audience =>
  ownedAudience({ responsibleUserId: null, accountManagers: contact.accountManagers });

/** `canSeeActivity`: the creator and the assignee (user or group). */
export const activityAudience = (activity: { readonly assignee: Assignee; readonly createdBy: string }): Audience =>
  unique([userAudience(activity.createdBy), assigneeAudience(activity.assignee)]);

/** `canSeeTicket`: everyone while unassigned, else the opener and the assignee. */
export const ticketAudience = (ticket: { readonly assignee: Assignee | null; readonly openedBy: string }): Audience =>
  ticket.assignee === null ? [everyone] : unique([userAudience(ticket.openedBy), assigneeAudience(ticket.assignee)]);

/** `canSeeRequest`: everyone while nobody is responsible, else the responsible and who registered it. */
export const requestAudience = (request: { readonly responsibleId: string | null; readonly registeredBy: string }): Audience =>
  request.responsibleId === null ? [everyone] : unique([userAudience(request.responsibleId), userAudience(request.registeredBy)]);

/** `canSeeOpportunity`: the owner, or everyone when it has none. */
export const opportunityAudience = (opportunity: { readonly ownerId: string | null }): Audience =>
  ownedAudience({ responsibleUserId: opportunity.ownerId, accountManagers: [] });

/** `canSeeQuote`: the operator and who drafted it. */
export const quoteAudience = (quote: { readonly operatorId: string; readonly createdBy: string }): Audience =>
  unique([userAudience(quote.operatorId), userAudience(quote.createdBy)]);

/** `canSeeOrder`: the operator. */
export const orderAudience = (order: { readonly operatorId: string }): Audience => [userAudience(order.operatorId)];
