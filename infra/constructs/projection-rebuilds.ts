import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { rebuildQueueEnv } from '../../adapters/queue/rebuild-queue.ts';
import { functions } from '../../contract/functions.ts';
import { rebuildAggregate } from '../../application/administration/rebuild-job-store.ts';
import type { EventStore } from './event-store.ts';
import type { CronacaFunction } from './functions.ts';
import type { ReadModels } from './read-models.ts';
import { workerQueue } from './worker-queue.ts';

export interface ProjectionRebuildsProps {
  readonly eventStore: EventStore;
  readonly readModels: ReadModels;
  readonly worker: CronacaFunction;
  /** Functions that queue rebuild jobs (the admin API). */
  readonly starters: readonly CronacaFunction[];
}

/**
 * Projection rebuild jobs: the admin API queues `{ tenant, jobId }`, the worker runs it one message
 * at a time and queues its own continuation when a run nears its timeout. Three failed receives move
 * a message to the dead-letter queue (kept 14 days). The worker is the one function that scans the
 * events table and writes and sweeps the read models; on the events table it appends only to its
 * own jobs' streams.
 */
export class ProjectionRebuilds extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ProjectionRebuildsProps) {
    super(scope, id);
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = workerQueue(this, {
      worker: props.worker,
      timeoutSeconds: functions.projectionRebuilder.timeoutSeconds,
      env: rebuildQueueEnv,
      starters: props.starters,
    }));
    const worker = props.worker.function;
    // Scan the log and load aggregates (the sweep); record the job's own progress.
    props.eventStore.grantReadEvents(worker, { scan: true });
    props.eventStore.grantAppendTo(worker, rebuildAggregate);
    // Write the folded items, delete the orphans, scan the table for them.
    props.readModels.grantProject(worker, { scan: true });
  }
}
