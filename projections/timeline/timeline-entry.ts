import type { StoredEvent } from '../../events/envelope.ts';
import type { ReadItem } from '../projection.ts';

/**
 * Timeline entries: one read item per (owner record, event), in the owner's partition, sorted so that
 * one `Query` in reverse sort-key order reads a record's timeline newest first. Generic on purpose —
 * a kind, the record the event happened on, who, when and a small summary — so activities, tickets
 * and the client card add and read entries the same way.
 */
export interface RecordRef {
  /** Aggregate type: company, contact, lead (later activity, ticket…). */
  readonly type: string;
  readonly id: string;
}

export interface TimelineEntry {
  readonly kind: string;
  /** The event type behind the entry. */
  readonly event: string;
  /** The record the event happened on (the owner itself, or a record linked to it). */
  readonly source: RecordRef;
  readonly actor: string;
  readonly at: string;
  readonly summary: Record<string, unknown>;
}

export const timelineKeys = {
  /** The partition of one record's own entries. */
  owner: (tenant: string, owner: RecordRef) => `${tenant}#timeline#${owner.type}#${owner.id}`,
  /**
   * Records whose whole timeline belongs to this one too (a converted lead on what it produced):
   * their partitions are read alongside, so their history, earlier and later, needs no copying.
   */
  sources: (tenant: string, owner: RecordRef) => `${tenant}#timeline-sources#${owner.type}#${owner.id}`,
};

/** Sort key: time first (newest-first order), then the source event, which makes it unique. */
export const entrySortKey = (event: StoredEvent): string =>
  `${event.at}#${event.aggregateType}#${event.aggregateId}#${String(event.version).padStart(10, '0')}`;

/** The entry of `event` on `owner`'s timeline. */
export const timelineItem = (
  tenant: string,
  owner: RecordRef,
  event: StoredEvent,
  entry: { readonly kind: string; readonly summary: Record<string, unknown> },
): ReadItem => ({
  pk: timelineKeys.owner(tenant, owner),
  sk: entrySortKey(event),
  version: 0,
  aggregateType: event.aggregateType,
  aggregateId: event.aggregateId,
  tenant,
  entry: {
    kind: entry.kind,
    event: event.type,
    source: { type: event.aggregateType, id: event.aggregateId },
    actor: event.meta.actor,
    at: event.at,
    summary: entry.summary,
  } satisfies TimelineEntry,
});

/** Marks `source`'s timeline as part of `owner`'s (written by the event that links them for good). */
export const timelineSourceItem = (tenant: string, owner: RecordRef, source: RecordRef): ReadItem => ({
  pk: timelineKeys.sources(tenant, owner),
  sk: `${source.type}#${source.id}`,
  version: 0,
  aggregateType: source.type,
  aggregateId: source.id,
  tenant,
  source,
});
