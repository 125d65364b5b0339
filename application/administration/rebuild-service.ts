import { assertAdministrator } from '../../domain/access/administration.ts';
import { projectionRebuildDecider } from '../../domain/access/projection-rebuild.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { RebuildQueue } from '../ports/rebuild.ts';
import { replayedRecordId, type CommandContext, type CommandOptions, type CommandOutcome } from '../shared/command-context.ts';
import { runCommand } from '../shared/command-runner.ts';
import { notFound } from '../shared/errors.ts';
import type { RecordResult } from '../shared/record-command.ts';
import { loadRebuild, rebuildAggregate } from './rebuild-job-store.ts';
import { rebuildView, type RebuildView } from './rebuild-view.ts';

/**
 * Projection rebuilds of the caller's tenant, for administrators: tenant isolation holds for admins
 * too (`npm run rebuild` rebuilds every tenant). A request records the job and queues it for the
 * rebuild worker; a job is read from its own stream (strongly consistent).
 */
export const rebuildService = (dependencies: ApplicationDependencySource, queue: () => RebuildQueue) => ({
  /**
   * Records the job (`ProjectionRebuildRequested`, with the idempotency record in the same commit)
   * and queues it; the result is the job as requested (`created`).
   */
  requestRebuild: async (context: CommandContext, options: Omit<CommandOptions, 'expectedVersion'> = {}): Promise<CommandOutcome<RecordResult<RebuildView>>> => {
    const { actor } = context;
    assertAdministrator(actor);
    const { eventStore, newId, now, metrics } = dependencies();
    const jobId = newId();
    const outcome = await runCommand({
      store: eventStore,
      ...(metrics ? { metrics } : {}),
      decider: projectionRebuildDecider,
      actor,
      aggregateType: rebuildAggregate,
      aggregateId: jobId,
      command: { type: 'RequestRebuild', data: { jobId } },
      newAggregate: true,
      ...(options.idempotency ? { idempotency: options.idempotency } : {}),
      meta: { commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      result: ({ state, version }): RecordResult<RebuildView> => {
        if (state === null) throw notFound('rebuild not found');
        return { id: state.id, version, created: true, record: rebuildView(state, version) };
      },
    });
    const queued = outcome.replayed ? replayedRecordId(outcome.result) : outcome.result.id;
    // A replay queues the job again while it has not started: the first request may have stopped
    // between its commit and its message. A second start of the same job is harmless.
    const waiting = queued !== null && (!outcome.replayed || (await loadRebuild(eventStore, actor.tenant, queued)).job?.status === 'queued');
    if (waiting) await queue().send({ kind: 'projection-rebuild', tenant: actor.tenant, jobId: queued });
    return outcome;
  },
  getRebuild: async (actor: Actor, jobId: string): Promise<{ record: RebuildView; version: number }> => {
    assertAdministrator(actor);
    // Job ids never hold `#` (the events table's key separator): such an id names no job.
    if (jobId.includes('#')) throw notFound('rebuild not found');
    const { job, version } = await loadRebuild(dependencies().eventStore, actor.tenant, jobId);
    if (job === null) throw notFound('rebuild not found');
    return { record: rebuildView(job, version), version };
  },
});
