import { readModelsTable } from '../../contract/tables.ts';
import { rankBetween } from '../../domain/requests/board-rank.ts';
import { canSeeRequest } from '../../domain/requests/request-policy.ts';
import { requestDecider, type CustomerRequest, type RequestCommand, type RequestState } from '../../domain/requests/request.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Recorded } from '../../domain/shared/decider.ts';
import type { RequestEvent } from '../../events/requests/request-events.ts';
import { boardSortKey, requestIndexKeys, requestListProjection } from '../../projections/requests/request-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runDecision } from '../shared/command-runner.ts';
import { StaleVersionError, invalid, notFound } from '../shared/errors.ts';
import { loadState } from '../shared/load-state.ts';
import type { RecordResult } from '../shared/record-command.ts';
import { requestCatalogueFor } from './request-service.ts';
import { requestView, type RequestView } from './request-view.ts';

/** A drag on the board (contract/http/requests.ts `MoveRequestBody`). */
export interface MoveRequestInput {
  /** The column: an active status, or the request's own (a reorder within it). */
  readonly status: string;
  /** Drop just above this card of the column. */
  readonly before?: string | undefined;
  /** Drop just below this card of the column. */
  readonly after?: string | undefined;
}

const [boardIndex] = readModelsTable.globalSecondaryIndexes;

/**
 * `POST /v1/requests/{id}/status`: moves a card to a column at a place (`RequestStatusChanged`, or
 * `RequestReordered` within its column), on `runDecision` (idempotency, `If-Match`, a lost race
 * decided again on fresh state).
 *
 * The rank is computed here: the decider takes it as given (domain/requests/board-rank.ts).
 * - The card named by `before`/`after` is read from its own stream (read-your-writes: a card moved a
 *   moment ago is where the log says), and must be another request the caller sees, open and in the
 *   target column — else 422 naming `before` or `after`.
 * - The neighbour on its other side comes from the board read model (the card just above `before`, just
 *   below `after`): it may lag, but then the new rank is still strictly on the right side of the named
 *   card, which is what the user pointed at; with both given, both are read from their streams.
 * - Without either the card goes last: just below the column's last card (or at the time rank).
 *   A card already last in its own column stays where it is (no event).
 * The request's own refusals (404, 412, closed, no responsible, inactive status) come first.
 */
export const requestMove = (dependencies: ApplicationDependencySource) => {
  /** The rank of the first card past `from` in the column (`upwards`: above it), other than `self`. */
  const neighbourRank = async (actor: Actor, status: string, self: string, from: CustomerRequest | null, upwards: boolean): Promise<string | null> => {
    const index = boardIndex!;
    const partition = requestIndexKeys.column(actor.tenant, status);
    const startKey = from
      ? {
          ...requestListProjection.key(actor.tenant, from.id),
          [index.partitionKey.name]: partition,
          [index.sortKey.name]: boardSortKey(from.rank, from.id),
        }
      : undefined;
    const page = await dependencies().readModels.query({
      index: index.indexName,
      partitionKey: { name: index.partitionKey.name, value: partition },
      newestFirst: upwards,
      limit: 3,
      ...(startKey ? { startKey } : {}),
    });
    // Skip the moving card itself, and a card whose rank ties with the named one (no rank fits between).
    const beyond = (rank: string) => from === null || (upwards ? rank < from.rank : rank > from.rank);
    const next = page.items.map((item) => requestListProjection.fromItem(item)).find((row) => row.id !== self && beyond(row.rank));
    return next?.rank ?? null;
  };

  /** The card a drop names, as the caller may use it: visible, open, in the target column, not the moving one. */
  const namedCard = async (actor: Actor, path: 'before' | 'after', id: string, self: string, status: string): Promise<CustomerRequest> => {
    if (id === self) throw invalid(path, 'must be another request than the one moved');
    const { state } = await loadState<RequestState>(dependencies().eventStore, actor.tenant, 'request', id, requestDecider);
    if (state === null || !canSeeRequest(actor, state)) throw invalid(path, `no request ${id}`);
    if (state.closed) throw invalid(path, `request ${id} is closed: it is not on the board`);
    if (state.status !== status) throw invalid(path, `request ${id} is not in the column ${status}`);
    return state;
  };

  const rankFor = async (actor: Actor, request: CustomerRequest, input: MoveRequestInput, at: string): Promise<string> => {
    const { status } = input;
    const [before, after] = await Promise.all([
      input.before !== undefined ? namedCard(actor, 'before', input.before, request.id, status) : null,
      input.after !== undefined ? namedCard(actor, 'after', input.after, request.id, status) : null,
    ]);
    if (before && after) return rankBetween(after.rank, before.rank, at);
    if (before) return rankBetween(await neighbourRank(actor, status, request.id, before, true), before.rank, at);
    if (after) return rankBetween(after.rank, await neighbourRank(actor, status, request.id, after, false), at);
    const last = await neighbourRank(actor, status, request.id, null, true);
    if (status === request.status && (last === null || last < request.rank)) return request.rank;
    return rankBetween(last, null, at);
  };

  return async (context: CommandContext, requestId: string, input: MoveRequestInput, options: CommandOptions = {}): Promise<CommandOutcome<RecordResult<RequestView>>> => {
    const { eventStore, settings, newId, now, metrics } = dependencies();
    const { actor } = context;
    return runDecision({
      store: eventStore,
      ...(metrics ? { metrics, commandType: () => 'MoveRequest' } : {}),
      tenant: actor.tenant,
      pinned: options.expectedVersion !== undefined,
      ...(options.idempotency ? { idempotency: options.idempotency } : {}),
      meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      decide: async (at) => {
        const [{ state, version }, catalogue] = await Promise.all([
          loadState<RequestState>(eventStore, actor.tenant, 'request', requestId, requestDecider),
          requestCatalogueFor(settings, actor.tenant),
        ]);
        if (state === null || !canSeeRequest(actor, state)) throw notFound('request not found');
        if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
          throw new StaleVersionError(`the record is at version ${version}, not ${options.expectedVersion}`);
        }
        const move = (rank: string): RequestCommand => ({ type: 'MoveRequest', data: { status: input.status, rank, catalogue } });
        // The request's own refusals before the drop place is looked at: a dry run at its current rank.
        requestDecider.decide(move(state.rank), state, { actor, now: at });
        const events = requestDecider.decide(move(await rankFor(actor, state, input, at)), state, { actor, now: at });
        const next = events.reduce<RequestState>((s, event) => requestDecider.evolve(s, { ...event, at, actor: actor.userId } as Recorded<RequestEvent>), state);
        const after = version + events.length;
        return {
          streams: [{ aggregateType: 'request', aggregateId: requestId, expectedVersion: version, events }],
          result: { id: requestId, version: after, created: false, record: requestView(next!, after) },
        };
      },
    });
  };
};

export type RequestMove = ReturnType<typeof requestMove>;
