import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import type { CommandContext, CommandOutcome, Idempotency } from './command-context.ts';
import { runCommand } from './command-runner.ts';
import { notFound } from './errors.ts';
import type { CommandRuntime, RecordResult } from './record-command.ts';
import { recorded } from './recorded.ts';

/** A job folded from its stream (null when it has no events), with the stream's version; read a page at a time. */
export const jobLoader =
  <J, E extends DomainEvent>(decider: Decider<unknown, J | null, E>, aggregateType: string) =>
  async (store: EventStorePort, tenant: string, jobId: string): Promise<{ job: J | null; version: number }> => {
    let job = decider.initialState;
    let version = 0;
    for await (const page of store.pages(tenant, aggregateType, jobId)) {
      for (const event of page) job = decider.evolve(job, recorded<E>(event));
      version = page.at(-1)?.version ?? version;
    }
    return { job, version };
  };

export interface JobCommandSpec<J, V> {
  /** A job under an id just generated: nothing to load. */
  readonly newJob?: boolean;
  /** Whether the caller may see the job (not found otherwise, before anything else is decided). */
  readonly visible?: (job: J) => boolean;
  /** The result, from the job after the command; kept with the idempotency record. */
  readonly view: (job: J, version: number) => V;
}

/**
 * A command a caller gives an import or export job. The job's events and the result (with the
 * idempotency record) commit as ONE transaction, as every other command does, so the same key twice
 * is one job and one result; a key reused with another request is an IdempotencyKeyReusedError. What
 * follows the commit (queueing the job, storing a pasted file) is the service's, told by `replayed`
 * whether the result came from the record — so that it can finish what a crash after the first
 * commit left undone instead of starting anything new. The job's events are correlated by the job
 * (`import:<id>`), whatever request asked for them.
 */
export const jobCommand =
  <C, J extends { readonly id: string }, E extends DomainEvent>(decider: Decider<C, J | null, E>, aggregateType: string, label: string) =>
  async <V>(
    runtime: CommandRuntime,
    context: CommandContext,
    jobId: string,
    command: C,
    spec: JobCommandSpec<J, V>,
    options: { readonly idempotency?: Idempotency | undefined } = {},
  ): Promise<CommandOutcome<RecordResult<V>>> => {
    const { eventStore, newId, now, metrics } = runtime;
    const visible = spec.visible;
    return runCommand({
      store: eventStore,
      ...(metrics ? { metrics } : {}),
      decider,
      actor: context.actor,
      aggregateType,
      aggregateId: jobId,
      command,
      ...(spec.newJob ? { newAggregate: true } : { visible: (job: J | null) => job !== null && (visible?.(job) ?? true) }),
      ...(options.idempotency ? { idempotency: options.idempotency } : {}),
      meta: { commandId: newId(), correlationId: `${aggregateType}:${jobId}`, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      result: ({ state, version }): RecordResult<V> => {
        if (state === null) throw notFound(`${label} not found`);
        return { id: state.id, version, created: spec.newJob === true, record: spec.view(state, version) };
      },
    });
  };
