import type { z } from 'zod';
import type { ReadModelStore } from '../../adapters/dynamodb/read-model-store.ts';
import type { ImportListQuery } from '../../contract/http/imports.ts';
import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { importIndexKeys, importListProjection } from '../../projections/imports/import-list.ts';
import { decodeCursor, encodeCursor } from '../../application/shared/cursor.ts';
import type { ImportJob } from '../../domain/imports/import-job.ts';

type Query = z.output<typeof ImportListQuery>;

const [gsi1, gsi2] = readModelsTable.globalSecondaryIndexes;

/**
 * `GET /v1/imports`: who sees which job is the rule of `GET /v1/imports/{id}` (`canManageImport`):
 * managers and admins every job of the tenant (gsi1), anyone else their own (gsi2) — drop-folder jobs
 * are the drop-folder user's, so only managers and admins list them. Status, kind and origin filter
 * the page read. Each job is shown by `view` (`importView`, as `GET /v1/imports/{id}` shows it).
 */
export const listImports = async <V>(readModels: ReadModelStore, actor: Actor, query: Query, view: (job: ImportJob, version: number) => V) => {
  const everyone = (actor.role === 'admin' || actor.role === 'manager') && !query.mine;
  const index = everyone ? gsi1! : gsi2!;
  const partitionKey = { name: index.partitionKey.name, value: everyone ? importIndexKeys.all(actor.tenant) : importIndexKeys.requester(actor.tenant, actor.userId) };
  const filters = (['status', 'kind', 'origin'] as const).filter((name) => query[name] !== undefined);
  const page = await readModels.query({
    index: index.indexName,
    partitionKey,
    ...(filters.length
      ? {
          filter: {
            expression: filters.map((name) => `#${name} = :${name}`).join(' AND '),
            names: Object.fromEntries(filters.map((name) => [`#${name}`, name])),
            values: Object.fromEntries(filters.map((name) => [`:${name}`, query[name]])),
          },
        }
      : {}),
    newestFirst: true,
    limit: query.limit,
    startKey: decodeCursor(query.cursor, partitionKey),
  });
  return {
    items: page.items.map((item) => view(importListProjection.fromItem(item), Number(item['version']))),
    nextCursor: encodeCursor(page.lastKey),
  };
};
