import { isFinished, projectionRebuildDecider, type ProjectionRebuild, type ProjectionRebuildCommand } from '../../domain/access/projection-rebuild.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { RebuildProgress } from '../../events/administration/rebuild-events.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import type { RebuildMessage, RebuildQueue, RebuildSteps } from '../ports/rebuild.ts';
import { runCommand } from '../shared/command-runner.ts';
import { StaleVersionError } from '../shared/errors.ts';
import { loadRebuild, rebuildAggregate } from './rebuild-job-store.ts';

export interface RebuildEngine {
  /** One step of the rebuild itself (adapters/dynamodb/rebuild.ts on the tables). */
  readonly step: RebuildSteps;
  readonly store: EventStorePort;
  readonly queue: RebuildQueue;
  readonly now: () => string;
  readonly newId: () => string;
  /** Time left in this run (the Lambda context's). */
  readonly remainingMs: () => number;
  /** Time kept back: a run stops at the next page boundary with less than this left. */
  readonly reserveMs: number;
  /** Pages read between two checkpoints (progress shows, a crash loses at most this much). */
  readonly checkpointPages: number;
  /** Pages one run may read before it hands over to a continuation (tests; default unbounded). */
  readonly pagesPerRun?: number;
  readonly segments: number;
  /** Scan `Limit`; default DynamoDB's 1 MB pages. */
  readonly pageSize?: number;
}

export type RebuildRunOutcome = 'unknown' | 'finished' | 'completed' | 'continued' | 'superseded' | 'failed';

const add = (total: RebuildProgress, step: RebuildProgress): RebuildProgress => ({
  aggregates: total.aggregates + step.aggregates,
  events: total.events + step.events,
  itemsWritten: total.itemsWritten + step.itemsWritten,
  itemsChecked: total.itemsChecked + step.itemsChecked,
  itemsDeleted: total.itemsDeleted + step.itemsDeleted,
});

/** A concurrent run (a redelivered message) recorded first: this run's view of the job is stale. */
class Superseded extends Error {}

/**
 * One run of a rebuild job (one queue message): start it, then rebuild step by step, recording a
 * checkpoint (`ProjectionRebuildProgressed`) every `checkpointPages` pages. With too little time left
 * the run records where it stands and queues its continuation, so a job never waits on a run that is
 * gone; a run that dies is redelivered by the queue and continues from the last checkpoint (every
 * write is idempotent). Each checkpoint commits at the version the run holds, so of two runs of the
 * same job only one moves it on. An error is recorded as the job's failure.
 */
export const runRebuildJob = async (engine: RebuildEngine, message: RebuildMessage): Promise<RebuildRunOutcome> => {
  const { tenant, jobId } = message;
  const actor: Actor = { tenant, userId: 'system:rebuild', role: 'admin', groups: [] };
  let loaded = await loadRebuild(engine.store, tenant, jobId);
  if (loaded.job === null) return 'unknown';
  if (isFinished(loaded.job)) return 'finished';

  /** Commits at the version this run holds; returns the job after it. */
  const record = async (command: ProjectionRebuildCommand, pinned = true): Promise<ProjectionRebuild> => {
    let after: { job: ProjectionRebuild | null; version: number } = loaded;
    try {
      await runCommand({
        store: engine.store,
        decider: projectionRebuildDecider,
        actor,
        aggregateType: rebuildAggregate,
        aggregateId: jobId,
        command,
        ...(pinned ? { expectedVersion: loaded.version } : {}),
        meta: { commandId: engine.newId(), correlationId: `projection-rebuild:${jobId}` },
        now: engine.now,
        result: ({ state, version }) => {
          after = { job: state, version };
          return { version };
        },
      });
    } catch (error) {
      if (error instanceof StaleVersionError) throw new Superseded();
      throw error;
    }
    loaded = after;
    return after.job!;
  };

  let pagesThisRun = 0;
  try {
    let job = loaded.job.status === 'queued' ? await record({ type: 'StartRebuild', data: { segments: engine.segments } }) : loaded.job;
    const outOfRun = () => pagesThisRun >= (engine.pagesPerRun ?? Infinity) || engine.remainingMs() < engine.reserveMs;
    for (;;) {
      let pagesThisStep = 0;
      const step = await engine.step({
        tenant,
        ...(engine.pageSize ? { pageSize: engine.pageSize } : {}),
        ...(job.checkpoint ? { from: job.checkpoint } : {}),
        onPage: () => {
          pagesThisStep += 1;
          pagesThisRun += 1;
        },
        shouldStop: () => pagesThisStep >= engine.checkpointPages || outOfRun(),
      });
      const progress = add(job.progress, step.counts);
      if (step.checkpoint === null) {
        await record({ type: 'CompleteRebuild', data: { progress } });
        return 'completed';
      }
      job = await record({ type: 'RecordRebuildProgress', data: { ...step.checkpoint, progress } });
      if (outOfRun()) {
        await engine.queue.send(message);
        return 'continued';
      }
    }
  } catch (error) {
    if (error instanceof Superseded) return 'superseded';
    const reason = error instanceof Error ? error.message : String(error);
    // Not pinned: whatever another run recorded meanwhile, the job has failed.
    await record({ type: 'FailRebuild', data: { code: 'rebuild-error', reason: reason.slice(0, 1000) } }, false);
    return 'failed';
  }
};
