import type { Actor } from '../../domain/shared/actor.ts';
import type { FieldIssue } from '../shared/errors.ts';

import type { ExportKind } from '../../events/exports/export-events.ts';

/** The lists an export reads: a kind's records as its list shows them to the actor, a page at a time. */
export type { ExportKind };

/**
 * One page of a kind's list with a filter (the list's own query parameters), as the list shows it to
 * `actor`. A filter value only the list query itself checks (a phone filter that is no phone number)
 * is refused with an `ExportFilterRefused`.
 */
export type ExportRecordsPage = (
  actor: Actor,
  query: Record<string, unknown> & { limit: number; cursor: string | undefined },
) => Promise<{ items: readonly { readonly record: unknown }[]; nextCursor: string | null }>;

export type ExportRecordPages = { readonly [K in ExportKind]: ExportRecordsPage };

/** The pages of some kinds: each context gives its own lists' (directory, sales), the wiring joins them. */
export type ExportRecordPagesOf<K extends ExportKind> = Pick<ExportRecordPages, K>;

/** The list refused the export's filter; issue paths name the filter's fields (`phone`). */
export class ExportFilterRefused extends Error {
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[]) {
    super(message);
    this.name = 'ExportFilterRefused';
    this.issues = issues;
  }
}
