import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import { notFound } from '../../domain/shared/errors.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { runCommand, type CommandOutcome } from '../../application/shared/command-runner.ts';
import type { RecordResult } from '../../application/shared/record-command.ts';
import { idempotencyOf } from './idempotency.ts';
import type { RequestInfo } from './router.ts';

export interface HttpJobCommand<J, V> {
  /** A job under an id just generated: nothing to load. */
  readonly newJob?: boolean;
  /** Whether the caller may see the job (404 otherwise, before anything else is decided). */
  readonly visible?: (job: J) => boolean;
  /** The result, from the job after the command; kept with the idempotency record. */
  readonly view: (job: J, version: number) => V;
}

/**
 * A command on an import or export job answering an HTTP request. The job's events and the rendered
 * answer (the `Idempotency-Key` record) commit as ONE transaction, as every other command does, so
 * the same key twice is one job and one answer; a key reused with another request is a 422. What
 * follows the commit (queueing the job, storing a pasted file) is the caller's, told by `replayed`
 * whether this request was answered from the record — so that it can finish what a crash after the
 * first commit left undone instead of starting anything new.
 */
export const httpJobCommand =
  <C, J extends { readonly id: string }, E extends DomainEvent>(decider: Decider<C, J | null, E>, aggregateType: string, label: string) =>
  async <V>(
    dependencies: DependencySource,
    actor: Actor,
    request: RequestInfo,
    jobId: string,
    command: C,
    spec: HttpJobCommand<J, V>,
  ): Promise<CommandOutcome<RecordResult<V>>> => {
    const { eventStore, newId, now } = dependencies();
    const visible = spec.visible;
    return runCommand({
      store: eventStore,
      decider,
      actor,
      aggregateType,
      aggregateId: jobId,
      command,
      ...(spec.newJob ? { newAggregate: true } : { visible: (job: J | null) => job !== null && (visible?.(job) ?? true) }),
      idempotency: idempotencyOf(actor, request),
      meta: { commandId: newId(), correlationId: `${aggregateType}:${jobId}`, requestId: request.requestId },
      now,
      result: ({ state, version }): RecordResult<V> => {
        if (state === null) throw notFound(`${label} not found`);
        return { id: state.id, version, created: spec.newJob === true, record: spec.view(state, version) };
      },
    });
  };

/** The id of the job an answer (first or replayed) is about. */
export const jobIdOf = (outcome: CommandOutcome<RecordResult<unknown>>): string => outcome.result.id;
