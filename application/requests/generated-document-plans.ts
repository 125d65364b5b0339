import { addDays } from '../../domain/activities/local-time.ts';
import { quoteValidityDays, subjectFrom } from '../../domain/requests/generated-document-defaults.ts';
import type { CustomerRequest } from '../../domain/requests/request.ts';
import type { QuoteContentInput } from '../../domain/sales/quote-content.ts';
import { todayIn } from '../../domain/sales/sales-time-zone.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { GeneratedDocumentKind } from '../../events/requests/request-events.ts';
import type { Origin } from '../../events/shared/origin.ts';
import { activityCreation } from '../activities/activity-creation.ts';
import type { ActivityView, AssigneeInput } from '../activities/activity-view.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { quoteCreation } from '../sales/quote-creation.ts';
import type { QuoteView } from '../sales/quote-view.ts';
import { DomainError, type FieldIssue } from '../shared/errors.ts';
import type { PlannedCreation } from '../shared/record-creation.ts';
import { ticketCreation } from '../support/ticket-creation.ts';
import type { TicketView } from '../support/ticket-view.ts';

/** After generating, the manual asks whether to close the request: `close` says yes, in the same commit. */
interface Closing {
  readonly close?: boolean | undefined;
  readonly outcome?: string | null | undefined;
}

/** What the caller may give for each document; everything else comes from the request. */
export type GenerateDocumentInput =
  | (Closing & {
      readonly document: 'ticket';
      readonly subject?: string | undefined;
      readonly description?: string | undefined;
      readonly type?: string | undefined;
      readonly priority?: string | undefined;
      /** Default: the request's responsible; `null` leaves the ticket unassigned. */
      readonly assignee?: AssigneeInput | null | undefined;
    })
  /** A quote's content as drafting takes it, but for the party and the contact: the request's. */
  | (Closing & { readonly document: 'quote' } & Omit<QuoteContentInput, 'party' | 'contact'>)
  | (Closing & {
      readonly document: 'meeting';
      readonly start: string;
      readonly end: string;
      readonly subject?: string | undefined;
      readonly type?: string | undefined;
      readonly notes?: string | null | undefined;
      readonly assignee?: AssigneeInput | undefined;
      readonly reminderOffsets?: readonly number[] | undefined;
    });

/** The document a generation created, as the HTTP contract's `GenerateDocumentResult.document`. */
export type GeneratedRecord =
  | { readonly kind: 'ticket'; readonly id: string; readonly reference: string; readonly record: TicketView }
  | { readonly kind: 'quote'; readonly id: string; readonly reference: string; readonly record: QuoteView }
  | { readonly kind: 'meeting'; readonly id: string; readonly reference: string; readonly record: ActivityView };

export interface PlannedDocument {
  readonly planned: PlannedCreation<unknown>;
  readonly document: GeneratedRecord;
}

/** Plans the document at one attempt, from the request as it is at that attempt. */
export type DocumentPlanner = (request: CustomerRequest, at: string, attempt: number) => Promise<PlannedDocument>;

/**
 * Fields of the document's own input that the generation took from the request, by the request
 * field they came from. A refusal of one of them is not the caller's input (422) but the request's
 * state (409 naming the request's field, like the decider's `responsibleId`): the request must be
 * changed first — a company that became a supplier cannot get a quote, a deactivated responsible
 * cannot be assigned.
 */
type Derived = Readonly<Record<string, 'companyId' | 'contactId' | 'responsibleId'>>;

const fromRequest = async <T>(kind: GeneratedDocumentKind, derived: Derived, plan: () => Promise<T>): Promise<T> => {
  try {
    return await plan();
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
    const issues: FieldIssue[] = error.issues
      .filter((issue) => derived[issue.path] !== undefined)
      .map((issue) => ({ path: derived[issue.path]!, message: `the request's ${derived[issue.path]} cannot be used for the ${kind}: ${issue.message}` }));
    if (issues.length === 0) throw error;
    throw new DomainError('conflict', `${issues.map((i) => i.message).join('; ')}; change the request first`, issues);
  }
};

const responsibleOf = (request: CustomerRequest): string =>
  // The request decider refuses a generation without a responsible before any document is planned.
  request.responsibleId ?? '';

/**
 * The documents a request generates, each planned by its own creation (application/shared/
 * record-creation.ts): the same decider and reference checks as a direct creation, pre-filled from
 * the request (company, contact, description; the responsible as assignee or operator) and naming
 * the request as its `origin`. `prepare` reads once what does not depend on the request (catalogues,
 * sales defaults, the actor's zone); the returned planner is called at every attempt.
 */
export const documentPlanner = (dependencies: ApplicationDependencySource) => {
  const tickets = ticketCreation(dependencies);
  const quotes = quoteCreation(dependencies);
  const activities = activityCreation(dependencies);

  return async (actor: Actor, documentId: string, input: GenerateDocumentInput): Promise<DocumentPlanner> => {
    switch (input.document) {
      case 'ticket': {
        const catalogue = await tickets.prepare(actor.tenant);
        return async (request, at, attempt) => {
          const origin: Origin = { kind: 'request', id: request.id };
          const assignee = input.assignee !== undefined ? input.assignee : { userId: responsibleOf(request) };
          const derived: Derived = { companyId: 'companyId', contactId: 'contactId', ...(input.assignee === undefined ? { 'assignee.userId': 'responsibleId' } : {}) };
          const planned = await fromRequest('ticket', derived, () =>
            tickets.plan(actor, catalogue, documentId, {
              companyId: request.details.companyId,
              ...(request.details.contactId !== null ? { contactId: request.details.contactId } : {}),
              subject: input.subject ?? subjectFrom(request.details.description),
              description: input.description ?? request.details.description,
              ...(input.type !== undefined ? { type: input.type } : {}),
              ...(input.priority !== undefined ? { priority: input.priority } : {}),
              assignee,
              origin,
            })(at, attempt),
          );
          const { id, record } = planned.result;
          return { planned, document: { kind: 'ticket', id, reference: String(record.number), record } };
        };
      }
      case 'quote': {
        const prepared = await quotes.prepare(actor);
        return async (request, at, attempt) => {
          const origin: Origin = { kind: 'request', id: request.id };
          // Valid from today on the actor's calendar (the day that also numbers the quote) for 30 days.
          const validFrom = input.validFrom ?? todayIn(at, prepared.zone);
          const derived: Derived = { 'party.id': 'companyId', 'contact.contactId': 'contactId', ...(input.operatorId === undefined ? { operatorId: 'responsibleId' } : {}) };
          const { document: _document, close: _close, outcome: _outcome, ...content } = input;
          const planned = await fromRequest('quote', derived, () =>
            quotes.plan(
              actor,
              prepared,
              documentId,
              {
                ...content,
                party: { kind: 'company', id: request.details.companyId },
                contact: request.details.contactId !== null ? { contactId: request.details.contactId } : null,
                operatorId: input.operatorId ?? responsibleOf(request),
                validFrom,
                validUntil: input.validUntil ?? addDays(validFrom, quoteValidityDays),
                description: input.description ?? request.details.description,
              },
              origin,
            )(at, attempt),
          );
          const { id, record } = planned.result;
          return { planned, document: { kind: 'quote', id, reference: record.reference, record } };
        };
      }
      case 'meeting': {
        const catalogue = await activities.prepare(actor.tenant);
        return async (request, at, attempt) => {
          const origin: Origin = { kind: 'request', id: request.id };
          const derived: Derived = { related: 'companyId', ...(input.assignee === undefined ? { assignee: 'responsibleId' } : {}) };
          const planned = await fromRequest('meeting', derived, () =>
            activities.plan(
              actor,
              catalogue,
              documentId,
              {
                type: input.type ?? 'meeting',
                subject: input.subject ?? subjectFrom(request.details.description),
                notes: input.notes !== undefined ? input.notes : request.details.description,
                related: { kind: 'company', id: request.details.companyId },
                start: input.start,
                end: input.end,
                assignee: input.assignee ?? { userId: responsibleOf(request) },
                ...(input.reminderOffsets !== undefined ? { reminderOffsets: input.reminderOffsets } : {}),
              },
              origin,
            )(at, attempt),
          );
          const { id, record } = planned.result;
          return { planned, document: { kind: 'meeting', id, reference: record.subject, record } };
        };
      }
    }
  };
};
