import type { StoredEvent } from '../../events/envelope.ts';
import { importJobDecider, type ImportJob } from '../../domain/imports/import-job.ts';
import type { ImportEvent } from '../../events/imports/import-events.ts';
import type { Recorded } from '../../domain/shared/decider.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * The import jobs of a tenant, for `GET /v1/imports`: each job's state as its own decider folds it
 * (so the list says what `GET /v1/imports/{id}` says, at the version it reflects). The state is kept
 * whole in the item (`job`) — the projector folds the next event into it — with flat copies of what
 * the list filters on.
 *
 * Index keys (newest first by request time, then id):
 * - gsi1 `<tenant>#imports`: every job of the tenant (managers and admins);
 * - gsi2 `<tenant>#imports#by#<userId>`: the jobs a user requested ("my imports").
 */
export const importIndexKeys = {
  all: (tenant: string) => `${tenant}#imports`,
  requester: (tenant: string, userId: string) => `${tenant}#imports#by#${userId}`,
};

const sortKey = (job: ImportJob) => `${job.requestedAt}#${job.id}`;

export const importListProjection: Projection<ImportJob> = {
  name: 'import-list',
  aggregateType: 'import',
  evolve: (row, event: StoredEvent) =>
    importJobDecider.evolve(row, { type: event.type, data: event.data, at: event.at, actor: event.meta.actor } as Recorded<ImportEvent>),
  key: (tenant, id) => ({ pk: `${tenant}#import#${id}`, sk: 'list' }),
  toItem(tenant, id, job, version): ReadItem {
    const sk = sortKey(job);
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'import',
      aggregateId: id,
      tenant,
      job,
      status: job.status,
      kind: job.kind,
      origin: job.origin,
      requestedBy: job.runAs.userId,
      gsi1pk: importIndexKeys.all(tenant),
      gsi1sk: sk,
      gsi2pk: importIndexKeys.requester(tenant, job.runAs.userId),
      gsi2sk: sk,
    };
  },
  fromItem: (item) => item['job'] as ImportJob,
};
