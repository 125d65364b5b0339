import type { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { importJobDecider, type ImportJob, type ImportJobCommand } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { recorded } from '../../functions/shared/recorded.ts';
import { runCommand } from '../../functions/shared/run-command.ts';

export const importAggregate = 'import';

/** The job's commands run like every other command: load, decide, commit (with a retry on a race). */
export const runJobCommand = async (
  store: EventStore,
  actor: Actor,
  jobId: string,
  command: ImportJobCommand,
  context: { now: () => string; commandId: string; correlationId: string; newJob?: boolean; idempotency?: { key: string; requestHash: string } },
): Promise<ImportJob> => {
  const outcome = await runCommand({
    store,
    decider: importJobDecider,
    actor,
    aggregateType: importAggregate,
    aggregateId: jobId,
    command,
    ...(context.newJob ? { newAggregate: true } : {}),
    ...(context.idempotency ? { idempotency: context.idempotency } : {}),
    meta: { commandId: context.commandId, correlationId: context.correlationId },
    now: context.now,
    respond: ({ state }) => {
      if (state === null) throw notFound('import not found');
      return { statusCode: 200, headers: {}, body: JSON.stringify(state) };
    },
  });
  return JSON.parse(outcome.response.body) as ImportJob;
};

export const loadJob = async (store: EventStore, tenant: string, jobId: string): Promise<ImportJob | null> => {
  const stream = await store.load(tenant, importAggregate, jobId);
  return stream.events.reduce((state, event) => importJobDecider.evolve(state, recorded(event)), importJobDecider.initialState);
};

/** Who a job's rows are imported as. */
export const actorOf = (tenant: string, job: ImportJob): Actor => ({ tenant, ...job.runAs });
