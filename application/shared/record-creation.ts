import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import type { EventStorePort, SequenceAdvance, StreamAppend } from '../ports/event-store.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from './command-context.ts';
import { runDecision } from './command-runner.ts';
import { notFound } from './errors.ts';
import type { RecordResult } from './record-command.ts';
import type { BusinessMetrics } from '../ports/business-metrics.ts';

/**
 * A record's creation PLANNED, not committed: its stream (from version 0), the counter it advances
 * and the record as its readers will see it. A direct creation commits the plan alone
 * (`runCreation`); a decision that creates a record as part of something else — a ticket, quote or
 * meeting generated from a customer request — commits it with its own streams in ONE transaction
 * (application/requests/request-generation.ts). Either way the record was decided and checked by the
 * same code, so a generated document is refused exactly where a directly created one would be.
 */
export interface PlannedCreation<V> {
  readonly stream: StreamAppend;
  readonly sequences: readonly SequenceAdvance[];
  readonly result: RecordResult<V>;
}

/** Plans one attempt at `at`; `attempt` counts from 1 (the first may trust the counter hint). */
export type CreationPlanner<V> = (at: string, attempt: number) => Promise<PlannedCreation<V>>;

/** How a kind of record is created: its decider, its view and the references a creation must name rightly. */
export interface CreationSpec<C, S, E extends DomainEvent, V> {
  readonly aggregateType: string;
  readonly label: string;
  readonly decider: Decider<C, S | null, E>;
  readonly view: (state: S, version: number) => V;
  /** Refuses what the new record refers to (strongly consistent lookups, see `runCommand`). */
  readonly checkReferences?: (actor: Actor, before: S | null, after: S | null) => Promise<void>;
}

export interface CreationRequest<C> {
  readonly store: EventStorePort;
  readonly actor: Actor;
  /** The new record's id (fresh: its stream must be empty, which the commit's condition proves). */
  readonly id: string;
  /** The per-tenant gapless counter the creation advances (`ticket`, `quote-2026`). */
  readonly sequence?: string | undefined;
  /** The creation command, given the counter's next value (1 without a counter); may look things up. */
  readonly command: (sequenceValue: number) => C | Promise<C>;
}

/**
 * Decides a creation at `at`: reads the counter (the process's hint on the first attempt; after a
 * lost race, the stored value), decides on an empty stream, checks the references the new record
 * names and returns what to commit, without committing it. A refusal is the decider's or the
 * reference check's typed error, as for a direct creation.
 */
export const planCreation = async <C, S, E extends DomainEvent, V>(
  spec: CreationSpec<C, S, E, V>,
  request: CreationRequest<C>,
  at: string,
  attempt: number,
): Promise<PlannedCreation<V>> => {
  const { store, actor, id, sequence } = request;
  const from = sequence ? await store.readSequence(actor.tenant, sequence, { hint: attempt === 1 }) : 0;
  const command = await request.command(from + 1);
  const events = spec.decider.decide(command, spec.decider.initialState, { actor, now: at });
  const state = events.reduce((s, event) => spec.decider.evolve(s, { ...event, at, actor: actor.userId }), spec.decider.initialState);
  if (state === null) throw notFound(`${spec.label} not found`);
  await spec.checkReferences?.(actor, null, state);
  const version = events.length;
  return {
    stream: { aggregateType: spec.aggregateType, aggregateId: id, expectedVersion: 0, events },
    sequences: sequence ? [{ name: sequence, from, to: from + 1 }] : [],
    result: { id, version, created: true, record: spec.view(state, version) },
  };
};

/** What a direct creation needs to run: the store and the clock and ids it runs on. */
export interface CreationRuntime {
  readonly eventStore: EventStorePort;
  readonly now: () => string;
  readonly newId: () => string;
  /** Where the creation is counted, as `create-<aggregate type>` (absent: nowhere). */
  readonly metrics?: BusinessMetrics;
}

/**
 * Commits a planned creation on its own (`POST /v1/tickets`, `/v1/quotes`, `/v1/activities`): the
 * record's stream, its counter and the idempotency record in one commit, planned again when a counter
 * race is lost (`runDecision`). A creation cannot be pinned: there is no version to expect.
 */
export const runCreation = <V>(
  runtime: CreationRuntime,
  context: CommandContext,
  plan: CreationPlanner<V>,
  options: Omit<CommandOptions, 'expectedVersion'> = {},
): Promise<CommandOutcome<RecordResult<V>>> => {
  const { eventStore: store, newId, now, metrics } = runtime;
  const { actor } = context;
  let created = 'record';
  return runDecision<RecordResult<V>>({
    store,
    ...(metrics ? { metrics, commandType: () => `create-${created}` } : {}),
    tenant: actor.tenant,
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
    now,
    decide: async (at, attempt) => {
      const { stream, sequences, result } = await plan(at, attempt);
      created = stream.aggregateType;
      return { streams: [stream], sequences, result };
    },
  });
};
