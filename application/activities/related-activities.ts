import { canSeeActivity } from '../../domain/activities/activity-policy.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { RelatedRecord } from '../../events/activities/activity-events.ts';
import type { CalendarRow } from '../../projections/activities/activity-calendar.ts';
import { companyReader } from '../directory/company-view.ts';
import { contactReader } from '../directory/contact-view.ts';
import { leadReader } from '../directory/lead-view.ts';
import type { ActivityIndexReads } from '../ports/activity-index.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { MalformedInputError } from '../shared/errors.ts';
import { loadAsOf, type RecordReader } from '../shared/record-reads.ts';
import { ticketReader } from '../support/ticket-reader.ts';
import { calendarItemView } from './calendar-item.ts';

/** The records whose activities are listed, and how each is read (with its own visibility rule). */
export type ActivityOwnerKind = 'company' | 'contact' | 'lead' | 'ticket';

const owners: Record<ActivityOwnerKind, RecordReader<unknown>> = {
  company: companyReader as RecordReader<unknown>,
  contact: contactReader as RecordReader<unknown>,
  lead: leadReader as RecordReader<unknown>,
  ticket: ticketReader as RecordReader<unknown>,
};

/** Index queries per page at most: a restricted user's page is filled from what they may see, within this budget. */
const maxQueries = 5;

const instant = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;
const date = String.raw`\d{4}-\d{2}-\d{2}`;
const activityId = '[^#]{1,100}';
/** The sort keys a cursor may carry, per state; the `t#`/`d#` forms are those of items projected before the current layout. */
const sortKeyShape = {
  open: new RegExp(`^open#(?:(?:t#)?${instant}|(?:d#)?${date})#${activityId}$`),
  closed: new RegExp(`^closed#(?:${instant}|[td]#(?:${instant}|${date}))#${activityId}$`),
};

const invalidCursor = () => new MalformedInputError('cursor is not valid for this list', [{ path: 'cursor', message: 'invalid cursor' }]);

/** A cursor is the sort key of the last item examined; the partition and the state come from the request. */
const encode = (after: string): string => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

const decode = (cursor: string | undefined, state: 'open' | 'closed'): string | undefined => {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof key !== 'object' || key === null || Object.keys(key).length !== 1) throw invalidCursor();
  const { after } = key as { after?: unknown };
  if (typeof after !== 'string' || !sortKeyShape[state].test(after)) throw invalidCursor();
  return after;
};

const itemView = (row: CalendarRow) => ({
  ...calendarItemView(row),
  closedAt: row.closedAt,
  outcome: row.outcome,
});

/** Open or done activities, and the page asked for (`cursor`: the previous page's `nextCursor`). */
export interface RelatedActivitiesFilter {
  readonly state: 'open' | 'done';
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * A record's activities: the record is read from its own log (strongly consistent; invisible to the
 * caller or of another tenant -> not found), then one page of its activities from the related-record
 * index, each shown only if the activity policy lets the caller see it (restricted users: their own).
 * An edited cursor is a MalformedInputError naming `cursor`.
 */
export const relatedActivities = async (
  store: EventStorePort,
  index: ActivityIndexReads,
  actor: Actor,
  owner: { readonly kind: ActivityOwnerKind; readonly id: string },
  query: RelatedActivitiesFilter,
) => {
  const state = query.state === 'done' ? 'closed' : 'open';
  let after = decode(query.cursor, state);
  await loadAsOf(store, actor, owners[owner.kind], owner.id, undefined);
  const related: RelatedRecord = { kind: owner.kind, id: owner.id };
  const items: CalendarRow[] = [];
  let more = true;
  for (let queries = 0; more && items.length < query.limit && queries < maxQueries; queries += 1) {
    const page = await index.relatedPage(actor.tenant, related, state, query.limit, after);
    more = page.more;
    for (const { row, sortKey } of page.rows) {
      if (items.length === query.limit) {
        more = true;
        break;
      }
      after = sortKey;
      if (canSeeActivity(actor, row)) items.push(row);
    }
  }
  return { items: items.map(itemView), nextCursor: more && after !== undefined ? encode(after) : null };
};
