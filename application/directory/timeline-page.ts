import type { ReadModels } from '../ports/read-models.ts';
import { readModelsTable } from '../../contract/tables.ts';
import { timelineKeys, type RecordRef, type TimelineEntry } from '../../projections/timeline/timeline-entry.ts';
import { canSeeActivity } from '../../domain/activities/activity-policy.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ActivityEntryAccess } from '../../projections/activities/activity-timeline.ts';
import type { SalesEntryAccess } from '../../projections/sales/sales-timeline.ts';
import type { RequestEntryAccess } from '../../projections/requests/request-timeline.ts';
import { canSeeRequest } from '../../domain/requests/request-policy.ts';
import { MalformedInputError } from '../shared/errors.ts';
import type { ListPaging } from './list-queries.ts';

const pk = readModelsTable.partitionKey.name;
const sk = readModelsTable.sortKey.name;

/** Records whose timelines are merged into one (a converted lead into what it produced), at most. */
const maxSources = 20;

const invalidCursor = () => new MalformedInputError('cursor is not valid for this timeline', [{ path: 'cursor', message: 'invalid cursor' }]);

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

/** Reverse reads per page at most: a restricted user's page is filled past entries they may not see, within this budget. */
const maxRounds = 5;

/**
 * An activity's entry is shown to a restricted user only if the activity was theirs when it happened;
 * a sale's (opportunity, quote, order) only if it was theirs (owner; operator or drafter) or nobody's then;
 * a customer request's only if they could see the request then (`canSeeRequest`: responsible, registered
 * it, or nobody responsible yet).
 */
const visibleTo = (actor: Actor, item: Record<string, unknown>): boolean => {
  const access = item.activityAccess as ActivityEntryAccess | undefined;
  const sales = item.salesAccess as SalesEntryAccess | undefined;
  const request = item.requestAccess as RequestEntryAccess | undefined;
  return (
    (request === undefined || canSeeRequest(actor, request)) &&
    (access === undefined || canSeeActivity(actor, access)) &&
    (sales === undefined || actor.role !== 'restricted' || sales.userIds.length === 0 || sales.userIds.includes(actor.userId))
  );
};

/**
 * One page of a record's timeline, newest first: its own partition and those of its timeline sources,
 * each read with ONE reverse `Query` from the cursor (no scan, no filter), merged by sort key. Who may
 * see the record was decided by the caller; here only activity, sales and request entries are checked per entry.
 */
export const timelinePage = async (
  readModels: ReadModels,
  actor: Actor,
  owner: RecordRef,
  options: ListPaging,
): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> => {
  const { tenant } = actor;
  let before = decode(options.cursor);
  const sources = await readModels.query({
    index: undefined,
    partitionKey: { name: pk, value: timelineKeys.sources(tenant, owner) },
    newestFirst: false,
    limit: maxSources,
  });
  const partitions = [owner, ...sources.items.map((item) => item.source as RecordRef)].map((ref) => timelineKeys.owner(tenant, ref));
  const items: Record<string, unknown>[] = [];
  let more = true;
  for (let round = 0; more && items.length < options.limit && round < maxRounds; round += 1) {
    const wanted = options.limit - items.length;
    const from = before;
    const pages = await Promise.all(
      partitions.map((partition) =>
        readModels.query({
          index: undefined,
          partitionKey: { name: pk, value: partition },
          newestFirst: true,
          limit: wanted,
          ...(from ? { startKey: { [pk]: partition, [sk]: from } } : {}),
        }),
      ),
    );
    // An event that is on two merged partitions (an activity relinked from the lead to its contact) is
    // one entry: the same sort key, shown once.
    const bySortKey = new Map(pages.flatMap((page) => page.items).map((item) => [String(item[sk]), item]));
    const merged = [...bySortKey.values()].toSorted((a, b) => (String(a[sk]) < String(b[sk]) ? 1 : -1));
    const examined = merged.slice(0, wanted);
    more = merged.length > wanted || pages.some((page) => page.lastKey !== undefined);
    for (const item of examined) {
      before = String(item[sk]);
      if (visibleTo(actor, item)) items.push(item);
    }
  }
  return { items: items.map((item) => item.entry as TimelineEntry), nextCursor: more && before !== undefined ? encode(before) : null };
};
