import type { ProjectionRebuild } from '../../domain/access/projection-rebuild.ts';

/** A rebuild job as its readers see it, at its version. */
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

export type RebuildView = ReturnType<typeof rebuildView>;
