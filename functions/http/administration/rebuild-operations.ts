import { rebuildQueueFromEnv, type RebuildQueue } from '../../../adapters/queue/rebuild-queue.ts';
import { assertAdministrator } from '../../../domain/access/administration.ts';
import { projectionRebuildDecider, type ProjectionRebuild } from '../../../domain/access/projection-rebuild.ts';
import { notFound } from '../../../domain/shared/errors.ts';
import { loadRebuild, rebuildAggregate } from '../../../application/administration/rebuild-job-store.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { runCommand } from '../../../application/shared/command-runner.ts';
import { answer, idempotencyOf } from '../idempotency.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type RebuildOperations = Pick<Operations<'adminApi'>, 'rebuildProjections' | 'getProjectionRebuild'>;

export const rebuildPath = (jobId: string): string => `/v1/admin/projections/rebuild/${jobId}`;

export const rebuildView = (job: ProjectionRebuild, version: number) => ({
  id: job.id,
  status: job.status,
  phase: job.status === 'running' ? (job.checkpoint?.phase ?? null) : null,
  progress: job.progress,
  segments: job.status === 'running' ? (job.checkpoint?.cursors ?? null) : null,
  checkpoints: job.checkpoints,
  requestedBy: job.requestedBy,
  requestedAt: job.requestedAt,
  startedAt: job.startedAt,
  updatedAt: job.updatedAt,
  endedAt: job.endedAt,
  failure: job.failure,
  version,
});

/**
 * `POST /v1/admin/projections/rebuild` records the job (`ProjectionRebuildRequested`, with the
 * idempotency record in the same commit) and queues it for the rebuild worker; `GET …/{id}` folds
 * it from the log (strongly consistent). The caller's tenant only: tenant isolation holds for admins
 * too (`npm run rebuild` rebuilds every tenant).
 */
export const rebuildOperations = (dependencies: DependencySource, queue: () => RebuildQueue = rebuildQueueFromEnv): RebuildOperations => ({
  rebuildProjections: async ({ actor, ...request }) => {
    assertAdministrator(actor);
    const { eventStore, newId, now } = dependencies();
    const jobId = newId();
    const outcome = await runCommand({
      store: eventStore,
      decider: projectionRebuildDecider,
      actor,
      aggregateType: rebuildAggregate,
      aggregateId: jobId,
      command: { type: 'RequestRebuild', data: { jobId } },
      newAggregate: true,
      idempotency: idempotencyOf(actor, request),
      meta: { commandId: newId(), correlationId: request.correlationId, requestId: request.requestId },
      now,
      result: ({ state, version }) => {
        if (state === null) throw notFound('rebuild not found');
        return json(202, rebuildView(state, version), { location: rebuildPath(state.id), etag: etag(version) });
      },
    });
    const queued = JSON.parse(outcome.result.body) as { id: string };
    // A replay queues the job again while it has not started: the first request may have stopped
    // between its commit and its message. A second start of the same job is harmless.
    const waiting = !outcome.replayed || (await loadRebuild(eventStore, actor.tenant, queued.id)).job?.status === 'queued';
    if (waiting) await queue().send({ kind: 'projection-rebuild', tenant: actor.tenant, jobId: queued.id });
    return answer(outcome, (response) => response); // TODO(issue 12): a neutral result, rendered here
  },
  getProjectionRebuild: async ({ actor, params }) => {
    assertAdministrator(actor);
    // Job ids never hold `#` (the events table's key separator): such an id names no job.
    if (params.id.includes('#')) throw notFound('rebuild not found');
    const { job, version } = await loadRebuild(dependencies().eventStore, actor.tenant, params.id);
    if (job === null) throw notFound('rebuild not found');
    return json(200, rebuildView(job, version), { etag: etag(version) });
  },
});
