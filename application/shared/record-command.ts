import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import type { EventStorePort, UniqueClaim } from '../ports/event-store.ts';
import type { BusinessMetrics } from '../ports/business-metrics.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from './command-context.ts';
import { runCommand } from './command-runner.ts';
import { notFound } from './errors.ts';

/** The clock and id source a service runs on: passed in, never read from the machine. */
export interface CommandRuntime {
  readonly eventStore: EventStorePort;
  readonly now: () => string;
  readonly newId: () => string;
  /** Where each command's type and outcome are counted (absent: nowhere). */
  readonly metrics?: BusinessMetrics;
}

/** A command's result on one record: the record after it, as its readers see it. */
export interface RecordResult<V> {
  readonly id: string;
  readonly version: number;
  /** Whether the command created the record. */
  readonly created: boolean;
  readonly record: V;
}

/** How the commands on one kind of record run. */
export interface RecordSpec<C, S, E extends DomainEvent, V> {
  readonly aggregateType: string;
  /** The record's name in a not-found message (`ticket not found`). */
  readonly label: string;
  readonly decider: Decider<C, S | null, E>;
  readonly canSee: (actor: Actor, state: S) => boolean;
  /** The record as its readers see it, at its version: the command's result. */
  readonly view: (state: S, version: number) => V;
  /** The per-tenant sequence a creation advances (ticket numbers, company codes). */
  readonly sequence?: string;
  readonly uniqueKeys?: (state: S | null) => readonly { scope: string; value: string }[];
  /** See `runCommand`'s `checkClaims`. */
  readonly checkClaims?: (tenant: string, claims: readonly UniqueClaim[]) => Promise<void>;
  /** See `runCommand`'s `lookupKeys`. */
  readonly lookupKeys?: (state: S | null) => readonly { scope: string; value: string }[];
  /** Refuses what a command newly refers to (see `runCommand`'s `checkReferences`). */
  readonly checkReferences?: (actor: Actor, before: S | null, after: S | null) => Promise<void>;
}

/** A creation is decided under an id just generated: nothing to load, and no version to pin. */
export interface RecordCommandOptions extends CommandOptions {
  readonly create?: boolean;
  /**
   * The sequence this creation advances, when it depends on the command (a quote's `quote-<year>`);
   * else the spec's `sequence`.
   */
  readonly sequence?: string;
}

/**
 * Runs one command on a record for the caller and returns the record after it. An invisible or
 * missing record is not found before anything else is checked; `expectedVersion`, idempotency,
 * sequences and unique keys are handled by `runCommand`.
 */
export const recordCommand =
  <C, S, E extends DomainEvent, V>(runtime: () => CommandRuntime, spec: RecordSpec<C, S, E, V>) =>
  async (
    context: CommandContext,
    id: string,
    command: C | ((sequence: number) => C),
    options: RecordCommandOptions = {},
  ): Promise<CommandOutcome<RecordResult<V>>> => {
    const { eventStore, newId, now, metrics } = runtime();
    const { actor } = context;
    const created = options.create === true;
    return runCommand({
      store: eventStore,
      ...(metrics ? { metrics } : {}),
      decider: spec.decider,
      actor,
      aggregateType: spec.aggregateType,
      aggregateId: id,
      command,
      ...(spec.uniqueKeys ? { uniqueKeys: spec.uniqueKeys } : {}),
      ...(spec.checkClaims ? { checkClaims: spec.checkClaims } : {}),
      ...(spec.lookupKeys ? { lookupKeys: spec.lookupKeys } : {}),
      ...(spec.checkReferences ? { checkReferences: (before: S | null, after: S | null) => spec.checkReferences!(actor, before, after) } : {}),
      ...(created
        ? { newAggregate: true, ...((options.sequence ?? spec.sequence) ? { sequence: (options.sequence ?? spec.sequence)! } : {}) }
        : {
            visible: (state: S | null) => state !== null && spec.canSee(actor, state),
            ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
          }),
      ...(options.idempotency ? { idempotency: options.idempotency } : {}),
      meta: { commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      result: ({ state, version }): RecordResult<V> => {
        if (state === null) throw notFound(`${spec.label} not found`);
        return { id, version, created, record: spec.view(state, version) };
      },
    });
  };
