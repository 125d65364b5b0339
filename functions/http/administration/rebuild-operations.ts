import { rebuildQueueFromEnv, type RebuildQueue } from '../../../adapters/queue/rebuild-queue.ts';
import { rebuildService } from '../../../application/administration/rebuild-service.ts';
import { assertAdministrator } from '../../../domain/access/administration.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf, idempotencyOf } from '../idempotency.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type RebuildOperations = Pick<Operations<'adminApi'>, 'rebuildProjections' | 'getProjectionRebuild'>;

export const rebuildPath = (jobId: string): string => `/v1/admin/projections/rebuild/${jobId}`;

/**
 * `POST /v1/admin/projections/rebuild` requests a rebuild of the caller's tenant (202, the job and
 * its `Location`); `GET …/{id}` reads it. The rebuild service records and queues the job.
 */
export const rebuildOperations = (dependencies: DependencySource, queue: () => RebuildQueue = rebuildQueueFromEnv): RebuildOperations => {
  const rebuilds = rebuildService(dependencies, queue);
  return {
    rebuildProjections: async ({ actor, ...request }) => {
      // The service checks it too; here it comes before `Idempotency-Key` is read (403 whatever it holds).
      assertAdministrator(actor);
      const idempotency = idempotencyOf(actor, request);
      const outcome = await rebuilds.requestRebuild(commandContextOf(actor, request), idempotency ? { idempotency } : {});
      return answer(outcome, ({ id, version, record }) => json(202, record, { location: rebuildPath(id), etag: etag(version) }));
    },
    getProjectionRebuild: async ({ actor, params }) => {
      const { record, version } = await rebuilds.getRebuild(actor, params.id);
      return json(200, record, { etag: etag(version) });
    },
  };
};
