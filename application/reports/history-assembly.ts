import { localDateOf } from '../../domain/activities/local-time.ts';
import type { PeopleDirectory } from '../../domain/access/people.ts';
import type { CardItem } from '../../domain/reports/client-card.ts';
import { historyDocumentVersion, type CompanyHistory, type HistoryEntry, type HistoryRecord } from '../../domain/reports/history-document.ts';
import type { ReportJob } from '../../domain/reports/report-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { notFound } from '../shared/errors.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { addressLine } from './address-line.ts';
import { contactDecider, type ContactState } from '../../domain/directory/contact.ts';
import type { ContactEvent } from '../../events/directory/contact-events.ts';
import type { Recorded } from '../../domain/shared/decider.ts';
import { recorded } from '../shared/recorded.ts';
import type { ReportFormat } from '../../events/reports/report-events.ts';

/** What a history is assembled from: the log, the people read model (names), the card's items as the requester sees them. */
export interface HistorySources {
  readonly eventStore: EventStorePort;
  readonly people: PeopleDirectory;
  readonly cardItems: (actor: Actor, companyId: string) => AsyncIterable<CardItem>;
  readonly now: () => string;
}

/**
 * Card items that are records of their own, with their own stream (aggregate type = item type).
 * Interactions and notes are events of a contact's or the company's stream: they come with those.
 */
const streamTypes = new Set<CardItem['type']>(['contact', 'activity', 'ticket', 'request', 'opportunity', 'quote', 'order']);

/** Streams read at once: enough to hide the round trips, few enough not to burst the table's capacity. */
const defaultConcurrency = 8;

/** `items` mapped by `work`, at most `limit` at a time, results in the items' order. */
export const boundedMap = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/**
 * The most entries a report of each format holds. A PDF of 2,000 entries renders in ~3.5 s on ~1.5 GB
 * of Chromium (bench/RESULTS.md); 5,000 keeps well inside the renderer's 2 GB and 5 minutes. JSON and
 * CSV are built in memory as one file. Above, the job fails at once (`too_large`): a shorter period fits.
 */
export const maxHistoryEntries: Readonly<Record<ReportFormat, number>> = { pdf: 5_000, json: 50_000, csv: 50_000 };

/** The history holds more entries than its format's bound: final, a retry cannot help. */
export class HistoryTooLargeError extends Error {
  constructor(entries: number, format: ReportFormat) {
    super(`the history holds ${entries} entries, more than a ${format} report takes (${maxHistoryEntries[format]}): ask for a shorter period`);
    this.name = 'HistoryTooLargeError';
  }
}

/**
 * A contact's events that belong to this company's history: those recorded while the contact was
 * the company's (before or after the event) — not its interactions with another company before it
 * joined, nor after it left.
 */
const whileMemberOf = (companyId: string, events: readonly StoredEvent[]): StoredEvent[] => {
  let state: ContactState = contactDecider.initialState;
  return events.filter((event) => {
    const before = state?.companyId ?? null;
    state = contactDecider.evolve(state, recorded(event) as Recorded<ContactEvent>);
    return before === companyId || (state?.companyId ?? null) === companyId;
  });
};

const recordOf = (item: CardItem): HistoryRecord => ({ type: item.type, id: item.id, number: item.number, title: item.title, status: item.status });

/** Whether an instant falls on the days `from`…`to` (both included, null: open) in `timeZone`. */
const inPeriod = (at: string, period: { from: string | null; to: string | null }, timeZone: string): boolean => {
  if (period.from === null && period.to === null) return true;
  const day = localDateOf(at, timeZone);
  return (period.from === null || day >= period.from) && (period.to === null || day <= period.to);
};

const readStream = async (store: EventStorePort, tenant: string, type: string, id: string): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const page of store.pages(tenant, type, id)) events.push(...page);
  return events;
};

/**
 * A company's history as the requester (`job.runAs`) sees it: the company (checked on the log: gone
 * or hidden → not found, for good), the records of its card (the card read model, filtered as the
 * requester's card is), and every event of the company's and those records' streams in the period,
 * oldest first, with who did it. Streams are read in parallel, a bounded number at a time.
 */
export const assembleHistory = async (
  sources: HistorySources,
  tenant: string,
  job: ReportJob,
  options: { readonly concurrency?: number; readonly signal?: AbortSignal } = {},
): Promise<CompanyHistory> => {
  if (job.subject.type !== 'company') throw new Error(`a ${job.subject.type} report has no company history`);
  const actor: Actor = { tenant, ...job.runAs };
  const companyId = job.subject.id;
  const company = await visibleRecord(sources.eventStore, actor, 'company', companyId);
  if (company === null) throw notFound('company not found');

  const records: HistoryRecord[] = [{ type: 'company', id: company.id, number: company.code, title: company.profile.legalName, status: company.status }];
  const seen = new Set([`company#${company.id}`]);
  for await (const item of sources.cardItems(actor, companyId)) {
    options.signal?.throwIfAborted();
    const key = `${item.type}#${item.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    records.push(recordOf(item));
  }

  const streams = records.filter((record) => record.type === 'company' || streamTypes.has(record.type));
  const period = { from: job.from, to: job.to };
  const loaded = await boundedMap(
    streams,
    options.concurrency ?? defaultConcurrency,
    async (record) => ({ record, events: await readStream(sources.eventStore, tenant, record.type, record.id) }),
    options.signal,
  );
  const raw = loaded.flatMap(({ record, events }) =>
    (record.type === 'contact' ? whileMemberOf(companyId, events) : events).filter((event) => inPeriod(event.at, period, job.timeZone)).map((event) => ({ record, event })),
  );
  if (raw.length > maxHistoryEntries[job.format]) throw new HistoryTooLargeError(raw.length, job.format);

  const actorIds = [...new Set(raw.map(({ event }) => event.meta.actor))];
  const names = new Map(
    await boundedMap(actorIds, options.concurrency ?? defaultConcurrency, async (id) => [id, (await sources.people.user(tenant, id))?.name ?? null] as const, options.signal),
  );
  const entries: HistoryEntry[] = raw
    .map(({ record, event }) => ({
      at: event.at,
      actor: { id: event.meta.actor, name: names.get(event.meta.actor) ?? null },
      record: { type: record.type, id: record.id },
      event: event.type,
      version: event.version,
      data: event.data as Record<string, unknown>,
    }))
    // Oldest first; events of one commit (same instant) in stream order.
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.record.type !== b.record.type ? (a.record.type < b.record.type ? -1 : 1) : a.record.id !== b.record.id ? (a.record.id < b.record.id ? -1 : 1) : a.version - b.version));

  return {
    schemaVersion: historyDocumentVersion,
    generatedAt: sources.now(),
    locale: job.locale,
    timeZone: job.timeZone,
    period,
    company: { id: company.id, code: company.code, name: company.profile.legalName, vatNumber: company.profile.vatNumber, address: addressLine(company.profile.addresses[0]) },
    records,
    entries,
  };
};
