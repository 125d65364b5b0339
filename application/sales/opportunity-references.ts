import type { PeopleOfRecord } from '../../domain/access/people.ts';
import type { OpportunityState } from '../../domain/sales/opportunity.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { DomainError, invalidFields, type FieldIssue } from '../shared/errors.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { refuseUnknownUsers } from '../shared/user-references.ts';

/**
 * What an opportunity newly refers to, checked on the log (strongly consistent: read-your-writes)
 * when a command gives it: each party is a company or a lead that exists and the actor sees; the
 * contact exists and is visible; partners are companies of kind partner and competitors companies of
 * kind competitor; the owner is an active user of the tenant; the sales order a hand win names exists
 * and is visible. Only references the opportunity did not
 * hold before are checked (a company whose kind changed since stays linked). Every refused field is
 * named, paths as in the input (`parties.1.id`, `competitors.0`).
 */
export const opportunityReferenceCheck =
  (sources: () => { readonly eventStore: EventStorePort; readonly peopleOfRecord: PeopleOfRecord }) =>
  async (actor: Actor, before: OpportunityState, after: OpportunityState): Promise<void> => {
    if (after === null) return;
    const { eventStore, peopleOfRecord } = sources();
    const held = (list: readonly string[] | undefined, id: string) => list?.includes(id) ?? false;
    const beforeParties = before?.parties.map((party) => `${party.kind}/${party.id}`);

    const checks: Promise<FieldIssue | null>[] = [];
    after.parties.forEach((party, i) => {
      if (held(beforeParties, `${party.kind}/${party.id}`)) return;
      checks.push(
        visibleRecord(eventStore, actor, party.kind, party.id).then((found) =>
          found === null ? { path: `parties.${i}.id`, message: `no ${party.kind} ${party.id}` } : null,
        ),
      );
    });
    if (after.contactId !== null && after.contactId !== before?.contactId) {
      const contactId = after.contactId;
      checks.push(visibleRecord(eventStore, actor, 'contact', contactId).then((found) => (found === null ? { path: 'contactId', message: `no contact ${contactId}` } : null)));
    }
    const orderId = after.won?.orderId ?? null;
    if (orderId !== null && orderId !== (before?.won?.orderId ?? null)) {
      checks.push(visibleRecord(eventStore, actor, 'order', orderId).then((found) => (found === null ? { path: 'orderId', message: `no sales order ${orderId}` } : null)));
    }
    for (const [field, kind] of [['partners', 'partner'], ['competitors', 'competitor']] as const) {
      after[field].forEach((companyId, i) => {
        if (held(before?.[field], companyId)) return;
        checks.push(
          visibleRecord(eventStore, actor, 'company', companyId).then((company) =>
            company === null
              ? { path: `${field}.${i}`, message: `no company ${companyId}` }
              : company.profile.kind !== kind
                ? { path: `${field}.${i}`, message: `company ${companyId} is a ${company.profile.kind}, not a ${kind}` }
                : null,
          ),
        );
      });
    }
    const [records, users] = await Promise.all([
      Promise.all(checks).then((found) => found.filter((issue): issue is FieldIssue => issue !== null)),
      refuseUnknownUsers(peopleOfRecord, actor, [{ path: 'ownerId', ids: [before?.ownerId] }], [{ path: 'ownerId', ids: [after.ownerId] }]).then(
        (): readonly FieldIssue[] => [],
        // Its issues join the others: one answer names every refused field.
        (error: unknown) => {
          if (error instanceof DomainError) return error.issues;
          throw error;
        },
      ),
    ]);
    const issues = [...records, ...users];
    if (issues.length > 0) throw invalidFields(issues);
  };
