import type { PeopleOfRecord } from '../../domain/access/people.ts';
import type { RequestState } from '../../domain/requests/request.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { DomainError, invalidFields, type FieldIssue } from '../shared/errors.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { refuseUnknownUsers } from '../shared/user-references.ts';

/**
 * What a request newly refers to, checked on the log (strongly consistent: read-your-writes) when a
 * command gives it: the company exists and the actor sees it; the contact exists, the actor sees it
 * and — when it belongs to a company — it is the request's; the responsible is an active user of the
 * tenant (not looked up when it is the actor: the token proves them). Only references the request did
 * not hold before are checked, except the contact, checked again when the company changes (a contact
 * kept across a change of company must belong to the new one). Every refused field is named, as the
 * input names it: `responsibleId` when registering, `userId` when assigning.
 */
export const requestReferenceCheck =
  (sources: () => { readonly eventStore: EventStorePort; readonly peopleOfRecord: PeopleOfRecord }) =>
  async (actor: Actor, before: RequestState, after: RequestState): Promise<void> => {
    if (after === null) return;
    const { eventStore, peopleOfRecord } = sources();
    const companyChanged = after.details.companyId !== before?.details.companyId;
    const companyId = companyChanged ? after.details.companyId : undefined;
    const contactId = after.details.contactId !== null && (companyChanged || after.details.contactId !== before?.details.contactId) ? after.details.contactId : undefined;
    const responsiblePath = before === null ? 'responsibleId' : 'userId';

    const [company, contact, users] = await Promise.all([
      companyId !== undefined ? visibleRecord(eventStore, actor, 'company', companyId) : undefined,
      contactId !== undefined ? visibleRecord(eventStore, actor, 'contact', contactId) : undefined,
      refuseUnknownUsers(peopleOfRecord, actor, [{ path: responsiblePath, ids: [before?.responsibleId] }], [{ path: responsiblePath, ids: [after.responsibleId] }]).then(
        (): readonly FieldIssue[] => [],
        // Its issues join the others: one answer names every refused field.
        (error: unknown) => {
          if (error instanceof DomainError) return error.issues;
          throw error;
        },
      ),
    ]);
    const issues: FieldIssue[] = [];
    if (companyId !== undefined && company === null) issues.push({ path: 'companyId', message: `no company ${companyId}` });
    if (contactId !== undefined && contact === null) issues.push({ path: 'contactId', message: `no contact ${contactId}` });
    if (contact && contact.companyId !== null && contact.companyId !== after.details.companyId) {
      issues.push({ path: 'contactId', message: `contact ${contactId} belongs to another company (${contact.companyId})` });
    }
    issues.push(...users);
    if (issues.length > 0) throw invalidFields(issues);
  };
