import { requestDecider, type RequestCommand } from '../../domain/requests/request.ts';
import type { RequestEvent } from '../../events/requests/request-events.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runDecision } from '../shared/command-runner.ts';
import { StaleVersionError } from '../shared/errors.ts';
import { loadState } from '../shared/load-state.ts';
import { documentPlanner, type GenerateDocumentInput, type GeneratedRecord } from './generated-document-plans.ts';
import { requestView, type RequestView } from './request-view.ts';

export type { GenerateDocumentInput, GeneratedRecord } from './generated-document-plans.ts';

/** What a generation answers: the request after it (its version is the ETag) and the document it created. */
export interface GenerateDocumentResult {
  readonly request: RequestView;
  readonly document: GeneratedRecord;
}

/**
 * A lost race on the request (another generation, a move, an edit) is decided again on fresh state —
 * where a concurrent close makes it a conflict; a lost race on the document's counter only means
 * another ticket or quote was numbered at the same moment, and is retried by `runDecision`.
 */
const requestStreamAttempts = 5;

/**
 * Generates a ticket, a quote or a meeting from a customer request (`POST /v1/requests/{id}/generate`,
 * the manual's "drag the request onto a document"): ONE commit holds the request's
 * `RequestDocumentGenerated` (and `RequestClosed` when `close`), the document's creation event naming
 * the request as its `origin`, the document's counter (`ticket`, `quote-<year>`) and the idempotency
 * record. Either all of it is written or none: there is never a document without its
 * `RequestDocumentGenerated`, nor the reverse, and a number is taken only by a document that exists.
 *
 * Order of refusals: the request's own rules first (404 absent or invisible, 409 closed, 409
 * `responsibleId` without a responsible), then `If-Match` (412), then the document's — the same
 * decider and reference checks as creating it directly (422 naming the body field; 409 naming the
 * request's field when what the request supplied is refused, see generated-document-plans.ts).
 */
export const requestGeneration = (dependencies: ApplicationDependencySource) => {
  const planner = documentPlanner(dependencies);
  return async (
    context: CommandContext,
    requestId: string,
    input: GenerateDocumentInput,
    options: CommandOptions = {},
  ): Promise<CommandOutcome<GenerateDocumentResult>> => {
    const { eventStore: store, newId, now, metrics } = dependencies();
    const { actor } = context;
    const tenant = actor.tenant;
    const { expectedVersion, idempotency } = options;
    const documentId = newId();
    const plan = await planner(actor, documentId, input);
    const kind = input.document;
    const record = (reference: string): RequestCommand => ({
      type: 'RecordGeneratedDocument',
      data: { document: { kind, id: documentId, reference }, close: input.close === true, outcome: input.outcome ?? null },
    });

    return runDecision<GenerateDocumentResult>({
      store,
      ...(metrics ? { metrics, commandType: () => 'GenerateDocument' } : {}),
      tenant,
      pinned: expectedVersion !== undefined,
      ...(idempotency ? { idempotency } : {}),
      meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      maxStreamAttempts: requestStreamAttempts,
      conflictDetail: 'the request is being changed concurrently; retry',
      decide: async (at, attempt) => {
        const request = await loadState(store, tenant, 'request', requestId, requestDecider);
        // The request's rules before anything about the document (the decider is pure: deciding with a
        // provisional reference refuses exactly what the real decision would).
        requestDecider.decide(record(documentId), request.state, { actor, now: at });
        if (expectedVersion !== undefined && expectedVersion !== request.version) {
          throw new StaleVersionError(`the record is at version ${request.version}, not ${expectedVersion}`);
        }
        const { planned, document } = await plan(request.state!, at, attempt);
        const events = requestDecider.decide(record(document.reference), request.state, { actor, now: at });
        const after = events.reduce((s, event) => requestDecider.evolve(s, { ...(event as RequestEvent), at, actor: actor.userId }), request.state)!;
        const version = request.version + events.length;
        return {
          streams: [{ aggregateType: 'request', aggregateId: requestId, expectedVersion: request.version, events }, planned.stream],
          sequences: planned.sequences,
          result: { request: requestView(after, version), document },
        };
      },
    });
  };
};

export type RequestGeneration = ReturnType<typeof requestGeneration>;
