import type { PeopleOfRecord } from '../../domain/access/people.ts';
import type { QuoteState } from '../../domain/sales/quote.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { invalidFields, type FieldIssue } from '../shared/errors.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { refuseUnknownUsers } from '../shared/user-references.ts';

/** Companies a quote may be addressed to: customers and prospective ones (not suppliers, partners, competitors). */
const quotableKinds: readonly string[] = ['client', 'prospect'];

/**
 * What a quote newly refers to, checked on the log (read-your-writes) when a draft or an edit gives
 * it: the party (a client or prospect company, or a lead) and the opportunity exist and the actor sees
 * them, the contact exists and is seen, the operator is an active user of the tenant. Every refused
 * field is named (an invalid-input error); references a revision kept are not checked again.
 */
export const quoteReferenceCheck =
  (sources: () => { readonly eventStore: EventStorePort; readonly peopleOfRecord: PeopleOfRecord }) =>
  async (actor: Actor, before: QuoteState, after: QuoteState): Promise<void> => {
    if (after === null) return;
    const { eventStore, peopleOfRecord } = sources();
    const was = before?.content;
    const now = after.content;
    const party = was && was.party.kind === now.party.kind && was.party.id === now.party.id ? undefined : now.party;
    const opportunityId = now.opportunityId !== null && now.opportunityId !== was?.opportunityId ? now.opportunityId : undefined;
    const contactId = now.contact?.contactId ?? null;
    const newContact = contactId !== null && contactId !== (was?.contact?.contactId ?? null) ? contactId : undefined;
    const issues: FieldIssue[] = [];
    const [partyRecord, opportunity, contact, operatorIssues] = await Promise.all([
      party === undefined
        ? undefined
        : party.kind === 'company'
          ? visibleRecord(eventStore, actor, 'company', party.id)
          : visibleRecord(eventStore, actor, 'lead', party.id),
      opportunityId !== undefined ? visibleRecord(eventStore, actor, 'opportunity', opportunityId) : undefined,
      newContact !== undefined ? visibleRecord(eventStore, actor, 'contact', newContact) : undefined,
      refuseUnknownUsers(peopleOfRecord, actor, was ? [{ path: 'operatorId', ids: [was.operatorId] }] : [], [{ path: 'operatorId', ids: [now.operatorId] }]).then(
        () => [] as readonly FieldIssue[],
        (error: unknown) => {
          const fields = (error as { issues?: readonly FieldIssue[] }).issues;
          if (!fields) throw error;
          return fields;
        },
      ),
    ]);
    if (party !== undefined) {
      if (partyRecord === null) issues.push({ path: 'party.id', message: `no ${party.kind} ${party.id}` });
      else if (party.kind === 'company' && partyRecord && 'profile' in partyRecord && 'kind' in partyRecord.profile) {
        const kind = String(partyRecord.profile.kind);
        if (!quotableKinds.includes(kind)) issues.push({ path: 'party.id', message: `company ${party.id} is a ${kind}: a quote goes to a client or a prospect` });
      }
    }
    issues.push(...operatorIssues);
    if (opportunityId !== undefined && opportunity === null) issues.push({ path: 'opportunityId', message: `no opportunity ${opportunityId}` });
    if (newContact !== undefined && contact === null) issues.push({ path: 'contact.contactId', message: `no contact ${newContact}` });
    if (issues.length > 0) throw invalidFields(issues);
  };
