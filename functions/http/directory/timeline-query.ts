import type { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import { readModelsTable } from '../../../contract/tables.ts';
import { timelineKeys, type RecordRef, type TimelineEntry } from '../../../projections/timeline/timeline-entry.ts';
import { badRequest } from '../../shared/problem.ts';

const pk = readModelsTable.partitionKey.name;
const sk = readModelsTable.sortKey.name;

/** Records whose timelines are merged into one (a converted lead into what it produced), at most. */
const maxSources = 20;

const invalidCursor = () => badRequest('cursor is not valid for this timeline', [{ path: 'query.cursor', message: 'invalid cursor' }]);

/**
 * A timeline cursor is the sort key of the last entry returned. The merged order is by sort key alone
 * (each key is unique: time, source record, version), so one key positions every partition, including
 * one that joined the timeline since the previous page. The partitions are chosen by the server from
 * the record, so a cursor cannot reach another record's or tenant's entries.
 */
const encode = (lastSortKey: string): string => Buffer.from(JSON.stringify({ before: lastSortKey }), 'utf8').toString('base64url');

const decode = (cursor: string | undefined): string | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const { before } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { before?: unknown };
    // A sort key: DynamoDB takes at most 1024 bytes of it.
    if (typeof before === 'string' && Buffer.byteLength(before, 'utf8') <= 1024 && /^\d{4}-\d{2}-\d{2}T[^#]+#[^#]+#[^#]+#\d{10}$/.test(before)) return before;
  } catch {
    // falls through
  }
  throw invalidCursor();
};

/**
 * One page of a record's timeline, newest first: its own partition and those of its timeline sources,
 * each read with ONE reverse `Query` from the cursor (no scan, no filter), merged by sort key.
 */
export const timelinePage = async (
  readModels: ReadModelStore,
  tenant: string,
  owner: RecordRef,
  options: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> => {
  const before = decode(options.cursor);
  const sources = await readModels.query({
    index: undefined,
    partitionKey: { name: pk, value: timelineKeys.sources(tenant, owner) },
    newestFirst: false,
    limit: maxSources,
  });
  const partitions = [owner, ...sources.items.map((item) => item.source as RecordRef)].map((ref) => timelineKeys.owner(tenant, ref));
  const pages = await Promise.all(
    partitions.map((partition) =>
      readModels.query({
        index: undefined,
        partitionKey: { name: pk, value: partition },
        newestFirst: true,
        limit: options.limit,
        ...(before ? { startKey: { [pk]: partition, [sk]: before } } : {}),
      }),
    ),
  );
  const merged = pages.flatMap((page) => page.items).toSorted((a, b) => (String(a[sk]) < String(b[sk]) ? 1 : -1));
  const items = merged.slice(0, options.limit);
  const more = merged.length > options.limit || pages.some((page) => page.lastKey !== undefined);
  const last = items.at(-1);
  return { items: items.map((item) => item.entry as TimelineEntry), nextCursor: more && last ? encode(String(last[sk])) : null };
};
