import type { CardItem } from './client-card.ts';

/**
 * A client's full history, as a report holds it (JSON as is, CSV one row per entry, PDF as a
 * document): the company, the network of records linked to it, and every event of those records —
 * what happened, on which record, who did it and when — oldest first. Built from the card read model
 * (which records) and the log (their events); what the requester may not see is not in it.
 */
export const historyDocumentVersion = 1;

export interface HistoryCompany {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly vatNumber: string | null;
  /** The first address on one line, as written. */
  readonly address: string | null;
}

/** A record in the history: the company itself or a linked one. */
export interface HistoryRecord {
  readonly type: 'company' | CardItem['type'];
  readonly id: string;
  readonly number: string | null;
  readonly title: string;
  readonly status: string | null;
}

export interface HistoryEntry {
  readonly at: string;
  /** The user id, and the user's name when the people read model knows it. */
  readonly actor: { readonly id: string; readonly name: string | null };
  readonly record: { readonly type: HistoryRecord['type']; readonly id: string };
  /** The event type (`TicketOpened`) and its version in the record's stream. */
  readonly event: string;
  readonly version: number;
  /** The event's own data, as the log holds it (the contract of `events/`). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface CompanyHistory {
  readonly schemaVersion: typeof historyDocumentVersion;
  readonly generatedAt: string;
  readonly locale: string;
  readonly timeZone: string;
  /** The days asked for (null: open), in `timeZone`. */
  readonly period: { readonly from: string | null; readonly to: string | null };
  readonly company: HistoryCompany;
  readonly records: readonly HistoryRecord[];
  readonly entries: readonly HistoryEntry[];
}
