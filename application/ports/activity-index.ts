import type { LocalRange } from '../../domain/activities/local-time.ts';
import type { RelatedRecord } from '../../events/activities/activity-events.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import type { CalendarRow } from '../../projections/activities/activity-calendar.ts';

/** A time range of one index partition: timed items in `[from, to)`, dated ones on `days`. */
export interface IndexRange {
  readonly from: string;
  readonly to: string;
  readonly firstDay: string;
  readonly lastDay: string;
}

/** The index range of local days (a calendar view, a digest's day). */
export const indexRangeOf = (range: LocalRange): IndexRange => ({ from: range.from, to: range.to, firstDay: range.days[0]!, lastDay: range.days.at(-1)! });

export interface IndexRead {
  readonly rows: CalendarRow[];
  /** Read capacity the read consumed (bench and logs). */
  readonly readUnits: number;
  /** Index items the queries evaluated: what the read cost is proportional to. */
  readonly itemsRead: number;
}

/**
 * The activity indexes as the calendar and related-activities queries read them
 * (projections/activities/activity-calendar.ts). Implemented on DynamoDB by
 * adapters/dynamodb/activity-index.ts.
 */
export interface ActivityIndexReads {
  /** Every activity of one assignee that overlaps the range, any status. */
  calendar(tenant: string, assignee: Assignee, range: IndexRange): Promise<IndexRead>;
  /** One assignee's open activities due in the range. */
  todo(tenant: string, assignee: Assignee, range: IndexRange): Promise<IndexRead>;
  /** One page of a record's activities (open by due date, closed newest first) after the sort key `after`. */
  relatedPage(
    tenant: string,
    related: RelatedRecord,
    state: 'open' | 'closed',
    limit: number,
    after: string | undefined,
  ): Promise<{ rows: { row: CalendarRow; sortKey: string }[]; more: boolean }>;
}
