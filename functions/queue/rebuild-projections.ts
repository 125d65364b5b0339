import { sqsJobHandler } from './sqs-job-handler.ts';
import { rebuildQueueFromEnv, type RebuildMessage } from '../../adapters/queue/rebuild-queue.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { runRebuildJob, type RebuildEngine } from '../../application/administration/rebuild-job.ts';
import { rebuildStep } from '../../adapters/dynamodb/rebuild.ts';
import { jobSliceSeconds, slicedRemainingMs } from '../../contract/job-limits.ts';
import { observed } from '../shared/observability.ts';

/** Time kept back after a page: a checkpoint and the continuation's message fit in it easily. */
const reserveMs = Number(process.env['REBUILD_RESERVE_MS'] ?? 60_000);

export interface RebuildWorkerOptions {
  readonly dependencies?: DependencySource;
  readonly engine?: Partial<RebuildEngine>;
  /** How long one message runs before the job continues in a new one (default `jobSliceSeconds`; tests shorten it). */
  readonly sliceMs?: number;
}

/** One message of the rebuild queue: run or continue `{ kind: 'projection-rebuild', tenant, jobId }`. */
export const createRebuildMessageHandler = (options: RebuildWorkerOptions = {}) => {
  const dependencies = options.dependencies ?? dependenciesFromEnv;
  const sliceMs = options.sliceMs ?? jobSliceSeconds * 1000;
  return async (body: string, invocationRemainingMs: () => number): Promise<void> => {
    // A slice of the invocation: a tenant's long rebuild yields to other tenants' (contract/job-limits.ts).
    const remainingMs = slicedRemainingMs(invocationRemainingMs, reserveMs, sliceMs);
    const { db, eventsTable, eventStore, readModels, now, newId } = dependencies();
    const message = JSON.parse(body) as RebuildMessage;
    const engine: RebuildEngine = {
      step: (step) => rebuildStep({ db, eventsTable, eventStore, readModels, ...step }),
      store: eventStore,
      queue: rebuildQueueFromEnv(),
      now,
      newId,
      remainingMs,
      reserveMs,
      checkpointPages: 20,
      segments: 4,
      ...options.engine,
    };
    const outcome = await runRebuildJob(engine, { kind: 'projection-rebuild', tenant: message.tenant, jobId: message.jobId });
    logger.info('projection rebuild run', { tenant: message.tenant, jobId: message.jobId, outcome });
  };
};

const handleMessage = createRebuildMessageHandler();

// A message that fails even to record its failure is redelivered; the run continues from the job's
// last checkpoint.
export const handler = observed(sqsJobHandler(handleMessage, 'projection rebuild'));
