import { readModelsTable } from '../../contract/tables.ts';
import { canManageImport, importJobDecider, type ImportJob } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { importIndexKeys, importListProjection } from '../../projections/imports/import-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { JobFileReads } from '../ports/jobs.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { notFound } from '../shared/errors.ts';
import { jobLoader } from '../shared/job-command.ts';
import { errorsHeader } from './errors-file.ts';
import { importAggregate } from './import-service.ts';
import { importView } from './import-view.ts';

/** Which jobs a list shows, and the page asked for (`cursor`: the previous page's `nextCursor`). */
export interface ImportListFilter {
  readonly status?: ImportJob['status'] | undefined;
  readonly kind?: ImportJob['kind'] | undefined;
  readonly origin?: ImportJob['origin'] | undefined;
  /** Only the caller's own jobs (managers and admins see every job of the tenant otherwise). */
  readonly mine?: boolean | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A job's rejected rows as one CSV file: the original header (and delimiter), then the rows in file order. */
export interface ImportErrorsFile {
  readonly jobId: string;
  readonly csv: string;
}

const [gsi1, gsi2] = readModelsTable.globalSecondaryIndexes;

/**
 * What callers read of import jobs. Who sees which job is `canManageImport`: managers and admins
 * every job of the tenant, anyone else their own; another's job reads as an unknown one (not found).
 */
export const importQueries = (dependencies: ApplicationDependencySource, io: { readonly files: () => JobFileReads }) => {
  const loadJob = jobLoader(importJobDecider, importAggregate);
  /** One read: the version is the one the job was folded from (two reads could pair a completed job with the version before). */
  const visibleJob = async (actor: Actor, id: string) => {
    const { job, version } = await loadJob(dependencies().eventStore, actor.tenant, id);
    if (!job || !canManageImport(actor, job)) throw notFound('import not found');
    return { job, version };
  };

  return {
    /**
     * Managers and admins list every job of the tenant (gsi1), anyone else their own (gsi2) — drop-folder
     * jobs are the drop-folder user's, so only managers and admins list them. Status, kind and origin
     * filter the page read. A cursor edited or from another list is a MalformedInputError naming `cursor`.
     */
    listImports: async (actor: Actor, filter: ImportListFilter) => {
      const everyone = (actor.role === 'admin' || actor.role === 'manager') && !filter.mine;
      const index = everyone ? gsi1! : gsi2!;
      const partitionKey = { name: index.partitionKey.name, value: everyone ? importIndexKeys.all(actor.tenant) : importIndexKeys.requester(actor.tenant, actor.userId) };
      const filters = (['status', 'kind', 'origin'] as const).filter((name) => filter[name] !== undefined);
      const startKey = decodeCursor(filter.cursor, partitionKey);
      const page = await dependencies().readModels.query({
        index: index.indexName,
        partitionKey,
        ...(filters.length
          ? {
              filter: {
                expression: filters.map((name) => `#${name} = :${name}`).join(' AND '),
                names: Object.fromEntries(filters.map((name) => [`#${name}`, name])),
                values: Object.fromEntries(filters.map((name) => [`:${name}`, filter[name]])),
              },
            }
          : {}),
        newestFirst: true,
        limit: filter.limit,
        ...(startKey ? { startKey } : {}),
      });
      return {
        items: page.items.map((item) => importView(importListProjection.fromItem(item), Number(item['version']))),
        nextCursor: encodeCursor(page.lastKey),
      };
    },
    /** One job, strongly consistent (from its own log). */
    getImport: async (actor: Actor, id: string) => {
      const { job, version } = await visibleJob(actor, id);
      return importView(job, version);
    },
    /** The job's rejected rows so far, ready to fix and import again. */
    importErrors: async (actor: Actor, id: string): Promise<ImportErrorsFile> => {
      const { job } = await visibleJob(actor, id);
      const delimiter = job.format?.delimiter ?? ',';
      const parts = [errorsHeader(job.format?.header ?? [], delimiter)];
      // Chunk files in checkpoint order: the rows come out in file order.
      for (const key of job.errorKeys) parts.push((await io.files().text(key)) ?? '');
      return { jobId: job.id, csv: parts.join('') };
    },
  };
};

export type ImportQueries = ReturnType<typeof importQueries>;
