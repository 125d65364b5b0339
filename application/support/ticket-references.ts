import type { PeopleOfRecord } from '../../domain/access/people.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { invalidFields, type FieldIssue } from '../shared/errors.ts';
import type { TicketState } from '../../domain/support/ticket.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { assigneeExists } from '../shared/user-references.ts';

const sameAssignee = (a: Assignee | null | undefined, b: Assignee | null): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b);

/** Where the input named the assignee: inside `assignee` when opening, at the top when assigning. */
const assigneePath = (opening: boolean, assignee: Assignee) => `${opening ? 'assignee.' : ''}${assignee.kind === 'user' ? 'userId' : 'groupId'}`;

/**
 * What a ticket newly refers to, checked on the log (strongly consistent) when a command gives it:
 * the company exists and the actor sees it; the contact exists, the actor sees it and — when it
 * belongs to a company — it is the ticket's; the assignee is an active user or a group of the tenant
 * (the actor taking a ticket is not looked up: the token proves them). Looked up in parallel; every
 * refused field is named (an invalid-input error).
 */
export const ticketReferenceCheck =
  (sources: () => { readonly eventStore: EventStorePort; readonly peopleOfRecord: PeopleOfRecord }) =>
  async (actor: Actor, before: TicketState, after: TicketState): Promise<void> => {
    if (after === null) return;
    const { eventStore, peopleOfRecord: people } = sources();
    const opening = before === null;
    const companyId = after.companyId !== before?.companyId ? after.companyId : undefined;
    const contactId = after.contactId !== null && after.contactId !== before?.contactId ? after.contactId : undefined;
    const assignee = after.assignee !== null && !sameAssignee(before?.assignee, after.assignee) ? after.assignee : undefined;
    const self = assignee?.kind === 'user' && assignee.userId === actor.userId;
    const [company, contact, assigneeKnown] = await Promise.all([
      companyId !== undefined ? visibleRecord(eventStore, actor, 'company', companyId) : undefined,
      contactId !== undefined ? visibleRecord(eventStore, actor, 'contact', contactId) : undefined,
      assignee && !self ? assigneeExists(people, actor.tenant, assignee) : undefined,
    ]);
    const issues: FieldIssue[] = [];
    if (companyId !== undefined && company === null) issues.push({ path: 'companyId', message: `no company ${companyId}` });
    if (contactId !== undefined && contact === null) issues.push({ path: 'contactId', message: `no contact ${contactId}` });
    if (contact && contact.companyId !== null && contact.companyId !== after.companyId) {
      issues.push({ path: 'contactId', message: `contact ${contactId} belongs to another company (${contact.companyId})` });
    }
    if (assignee && assigneeKnown === false) {
      issues.push({ path: assigneePath(opening, assignee), message: assignee.kind === 'user' ? `no active user ${assignee.userId}` : `no group ${assignee.groupId}` });
    }
    if (issues.length > 0) throw invalidFields(issues);
  };
