import type { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { importJobDecider, type ImportJob } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { recorded } from '../../functions/shared/recorded.ts';
import { runCommand } from '../../functions/shared/run-command.ts';

export const importAggregate = 'import';

export interface JobCommandContext {
  readonly now: () => string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly newJob?: boolean;
  readonly idempotency?: { key: string; requestHash: string };
}

/**
 * A job's commands (imports, exports) run like every other command: load, decide, commit (with a
 * retry on a race); the answer is the job after the command.
 */
export const jobCommandRunner =
  <C, J, E extends DomainEvent>(decider: Decider<C, J | null, E>, aggregateType: string) =>
  async (store: EventStore, actor: Actor, jobId: string, command: C, context: JobCommandContext): Promise<J> => {
    const outcome = await runCommand({
      store,
      decider,
      actor,
      aggregateType,
      aggregateId: jobId,
      command,
      ...(context.newJob ? { newAggregate: true } : {}),
      ...(context.idempotency ? { idempotency: context.idempotency } : {}),
      meta: { commandId: context.commandId, correlationId: context.correlationId },
      now: context.now,
      respond: ({ state }) => {
        if (state === null) throw notFound(`${aggregateType} not found`);
        return { statusCode: 200, headers: {}, body: JSON.stringify(state) };
      },
    });
    return JSON.parse(outcome.response.body) as J;
  };

/** A job folded from its stream (null when it has no events), with the stream's version. */
export const jobLoader =
  <J, E extends DomainEvent>(decider: Decider<unknown, J | null, E>, aggregateType: string) =>
  async (store: EventStore, tenant: string, jobId: string): Promise<{ job: J | null; version: number }> => {
    const stream = await store.load(tenant, aggregateType, jobId);
    const job = stream.events.reduce((state, event) => decider.evolve(state, recorded<E>(event)), decider.initialState);
    return { job, version: stream.version };
  };

export const runJobCommand = jobCommandRunner(importJobDecider, importAggregate);

const loadImport = jobLoader(importJobDecider, importAggregate);

export const loadJob = async (store: EventStore, tenant: string, jobId: string): Promise<ImportJob | null> => (await loadImport(store, tenant, jobId)).job;

/** Who a job's rows are imported as. */
export const actorOf = (tenant: string, job: ImportJob): Actor => ({ tenant, ...job.runAs });
