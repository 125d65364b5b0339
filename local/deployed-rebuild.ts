import { rebuildService } from '../application/administration/rebuild-service.ts';
import type { RebuildView } from '../application/administration/rebuild-view.ts';
import type { ApplicationDependencies } from '../application/ports/application-dependencies.ts';
import type { RebuildQueue } from '../application/ports/rebuild.ts';
import type { Actor } from '../domain/shared/actor.ts';

/** The operator acts as an administrator of each tenant without being one of its users (the job's `requestedBy`). */
export const operatorActor = (tenant: string): Actor => ({ tenant, userId: 'system:operator', role: 'admin', groups: [] });

export interface RequestedRebuild {
  readonly tenant: string;
  readonly jobId: string;
}

/**
 * Queues one projection rebuild job per tenant — the same job an administrator starts with
 * `POST /v1/admin/projections/rebuild` (recorded in the tenant's log, run by the rebuild worker), so
 * a rebuild after a deploy runs in AWS, checkpointed and resumable, not on the operator's machine.
 */
export const requestRebuilds = async (
  dependencies: ApplicationDependencies,
  queue: RebuildQueue,
  tenants: readonly string[],
  correlationId: string,
): Promise<RequestedRebuild[]> => {
  const service = rebuildService(() => dependencies, () => queue);
  const requested: RequestedRebuild[] = [];
  for (const tenant of tenants) {
    const outcome = await service.requestRebuild({ actor: operatorActor(tenant), correlationId });
    if (outcome.replayed) throw new Error('a rebuild request without an idempotency key cannot be a replay');
    requested.push({ tenant, jobId: outcome.result.id });
  }
  return requested;
};

/** The jobs' state now: finished ones say how (`completed` / `failed`), the others their progress. */
export const rebuildStates = async (dependencies: ApplicationDependencies, jobs: readonly RequestedRebuild[]): Promise<(RequestedRebuild & { readonly job: RebuildView })[]> => {
  const service = rebuildService(() => dependencies, () => ({ send: async () => undefined }));
  return Promise.all(jobs.map(async (job) => ({ ...job, job: (await service.getRebuild(operatorActor(job.tenant), job.jobId)).record })));
};
