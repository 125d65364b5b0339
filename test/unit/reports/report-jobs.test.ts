import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { EventStorePeople } from '../../../adapters/people/event-store-people.ts';
import { EventStoreTenantSettings } from '../../../adapters/settings/event-store-tenant-settings.ts';
import type { ApplicationDependencies } from '../../../application/ports/application-dependencies.ts';
import type { ReadModels } from '../../../application/ports/read-models.ts';
import type { ReportFiles, ReportMessage } from '../../../application/ports/report-jobs.ts';
import type { renderHistory, renderQuote } from '../../../application/reports/render/report-files.ts';
import { maxHistoryEntries } from '../../../application/reports/history-assembly.ts';
import { runReport, type ReportWorker } from '../../../application/reports/render-report.ts';
import { reportQueries } from '../../../application/reports/report-queries.ts';
import { reportService } from '../../../application/reports/report-service.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { IdempotencyKeyReusedError } from '../../../application/shared/errors.ts';
import { CompanyHistoryReport } from '../../../contract/http/reports.ts';
import type { CardItem } from '../../../domain/reports/client-card.ts';
import type { CompanyHistory } from '../../../domain/reports/history-document.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { failure, unused } from '../../support/memory-dependencies.ts';
import { memoryPeople } from '../../support/memory-people.ts';
import { quoteContent } from '../../support/sales-events.ts';

/**
 * Report jobs on the in-memory event store, with the queue and the bucket in memory: requests (subject
 * on the log, as the requester sees it; idempotent), reads (as of now; the download link), and the
 * worker's attempts — retried, failed for good, timed out, leased. The file makers are replaced by
 * fakes (the render work package tests the real ones with Chromium): a fake returns the history as
 * JSON text or injects the fault a test needs. Fixed clock, never today.
 */
const tenant = 't1';
const start = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant, userId: 'olga', role: 'standard', groups: [] };
const piero: Actor = { tenant, userId: 'piero', role: 'standard', groups: [] };
const mara: Actor = { tenant, userId: 'mara', role: 'manager', groups: [] };
const rita: Actor = { tenant, userId: 'rita', role: 'restricted', groups: [] };
const stranger: Actor = { tenant: 't2', userId: 'olga', role: 'admin', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });

const profile = (legalName: string) => ({
  legalName,
  aliases: [],
  kind: 'client',
  vatNumber: 'IT01234567890',
  taxCode: null,
  addresses: [{ type: 'registered', street: 'Via Roma 1', postcode: '10121', city: 'Torino', country: 'IT' }],
  phones: [],
  emails: [],
  website: null,
  categories: [],
  area: null,
  segments: [],
  tags: [],
});

const append = (store: MemoryEventStore, aggregateType: string, aggregateId: string, events: { type: string; data: unknown }[], version: number, at = start, actor = 'olga') =>
  store.commit({ tenant, at, meta: { actor, commandId: `seed-${aggregateId}-${version}`, correlationId: 'c0' }, streams: [{ aggregateType, aggregateId, expectedVersion: version, events }] });

const given = async () => {
  let clock = start;
  let ids = 0;
  const eventStore = new MemoryEventStore();
  const dependencies: ApplicationDependencies = {
    eventStore,
    readModels: unused<ReadModels>('readModels'),
    now: () => clock,
    newId: () => `id-${++ids}`,
    people: memoryPeople(tenant, { olga: { timezone: 'Europe/Rome' }, mara: { role: 'manager' }, rita: { role: 'restricted' } }),
    peopleOfRecord: new EventStorePeople(eventStore),
    settings: new EventStoreTenantSettings(eventStore),
  };
  const queued: (ReportMessage & { delaySeconds?: number })[] = [];
  const stored = new Map<string, { body: Uint8Array; contentType: string }>();
  const files: ReportFiles = {
    put: async (key, body, contentType) => void stored.set(key, { body, contentType }),
    downloadUrl: async (key, seconds, filename) => `https://bucket.test/${key}?expires=${seconds}&filename=${filename}`,
  };
  /** Messages sent, with their delay when one was asked for. */
  const queue = {
    send: async (message: ReportMessage, options?: { readonly delaySeconds?: number }) =>
      void queued.push(options?.delaySeconds ? { ...message, delaySeconds: options.delaySeconds } : message),
  };
  const service = reportService(() => dependencies, { queue: () => queue });
  const reads = reportQueries(() => dependencies, { files: () => files });
  await append(eventStore, 'company', 'acme', [
    { type: 'CompanyRegistered', data: { companyId: 'acme', code: 'C000001', profile: profile('Acme S.p.A.'), responsibleUserId: 'olga', accountManagers: [], status: null } },
  ], 0, '2026-02-01T09:00:00.000Z');
  await append(eventStore, 'company', 'acme', [{ type: 'CompanyStatusChanged', data: { companyId: 'acme', from: null, to: 'active' } }], 1, '2026-02-10T23:30:00.000Z', 'piero');
  await append(eventStore, 'quote', 'q1', [
    { type: 'QuoteDrafted', data: { quoteId: 'q1', reference: 'Q-2026-00007', year: 2026, number: 7, content: quoteContent({ party: { kind: 'company', id: 'acme' } }) } },
  ], 0);
  /** Card items the worker reads (the card work package's read model, given here). */
  const card: CardItem[] = [];
  /** What each attempt's file maker does: the default returns the history (or the quote) as JSON. */
  let fault: (attempt: number, signal?: AbortSignal) => Promise<void> = async () => undefined;
  let attempt = 0;
  const render = {
    history: (async (history: CompanyHistory, format, _renderer, options) => {
      await fault(++attempt, options?.signal);
      return { body: new TextEncoder().encode(JSON.stringify(history)), contentType: `application/${format}`, pages: null };
    }) as typeof renderHistory,
    quote: (async (quote, parties, _settings, _renderer, options) => {
      await fault(++attempt, options?.signal);
      return { body: new TextEncoder().encode(JSON.stringify({ quote, parties })), contentType: 'application/pdf', pages: 1 };
    }) as typeof renderQuote,
  };
  const worker = (remainingMs = 300_000, reserveMs = 15_000): ReportWorker => ({
    eventStore,
    people: dependencies.people,
    cardItems: async function* () {
      yield* card;
    },
    renderer: unused('renderer'),
    files,
    queue,
    now: dependencies.now,
    newId: dependencies.newId,
    remainingMs: () => remainingMs,
    reserveMs,
    render,
  });
  return {
    eventStore,
    service,
    reads,
    queued,
    stored,
    card,
    worker,
    setClock: (at: string) => void (clock = at),
    failWith: (f: typeof fault) => void (fault = f),
  };
};

describe('report requests (in-memory event store)', () => {
  it('when a company report is asked for, then the job is requested in the profile language and time zone, keyed under the tenant, and queued', async () => {
    const { service, queued } = await given();
    const { result } = await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    expect(result).toMatchObject({
      id: 'id-1',
      created: true,
      record: { id: 'id-1', subject: { type: 'company', id: 'acme' }, format: 'json', locale: 'it', timeZone: 'Europe/Rome', from: null, to: null, status: 'requested', attempts: 0, download: null, version: 1 },
    });
    expect(queued).toEqual([{ tenant, jobId: 'id-1' }]);
  });

  it('when the request names a language, then it wins; a user without a profile gets English and UTC', async () => {
    const { service } = await given();
    expect((await service.requestCompanyReport(context(olga), 'acme', { format: 'csv', locale: 'hu' })).result.record).toMatchObject({ locale: 'hu', timeZone: 'Europe/Rome' });
    expect((await service.requestCompanyReport(context(piero), 'acme', { format: 'pdf' })).result.record).toMatchObject({ locale: 'en', timeZone: 'UTC' });
  });

  it('when the company is unknown, another tenant’s, or hidden from a restricted user, then it is not found and nothing is queued', async () => {
    const { service, queued } = await given();
    for (const [actor, id] of [[olga, 'missing'], [stranger, 'acme'], [rita, 'acme']] as const) {
      expect(await failure(service.requestCompanyReport(context(actor), id, { format: 'pdf' }))).toMatchObject({ kind: 'not_found' });
    }
    expect(queued).toEqual([]);
  });

  it('when `from` is after `to`, then the request is invalid naming `to`', async () => {
    const { service } = await given();
    expect(await failure(service.requestCompanyReport(context(olga), 'acme', { format: 'pdf', from: '2026-03-02', to: '2026-03-01' }))).toMatchObject({ kind: 'invalid', issues: [{ path: 'to' }] });
  });

  it('when a request is retried under its key, then the first job is the answer, queued again only while it has not started; another body is refused', async () => {
    const { service, queued, worker } = await given();
    const key = { idempotency: idempotencyFor(olga, 'k1', 'POST /v1/companies/acme/reports {"format":"json"}') };
    const first = await service.requestCompanyReport(context(olga), 'acme', { format: 'json' }, key);
    const again = await service.requestCompanyReport(context(olga), 'acme', { format: 'json' }, key);
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(queued).toEqual([{ tenant, jobId: 'id-1' }, { tenant, jobId: 'id-1' }]);
    await runReport(worker(), { tenant, jobId: 'id-1' });
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' }, key);
    expect(queued).toHaveLength(2);
    const other = { idempotency: idempotencyFor(olga, 'k1', 'POST /v1/companies/acme/reports {"format":"csv"}') };
    expect(await failure(service.requestCompanyReport(context(olga), 'acme', { format: 'csv' }, other))).toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('when a quote PDF is asked for, then the job is a PDF of the quote; a restricted user who neither drafted nor makes it does not find it', async () => {
    const { service } = await given();
    expect((await service.requestQuotePdf(context(olga), 'q1', { locale: 'pl' })).result.record).toMatchObject({ subject: { type: 'quote', id: 'q1' }, format: 'pdf', locale: 'pl' });
    expect(await failure(service.requestQuotePdf(context(rita), 'q1'))).toMatchObject({ kind: 'not_found' });
    expect(await failure(service.requestQuotePdf(context(stranger), 'q1'))).toMatchObject({ kind: 'not_found' });
  });
});

describe('report reads', () => {
  it('when the requester, a manager or another user reads a job, then the first two see it and the other does not find it', async () => {
    const { service, reads } = await given();
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ id: 'id-1', status: 'requested' });
    expect(await reads.getReport(mara, 'id-1')).toMatchObject({ id: 'id-1' });
    for (const actor of [piero, stranger]) expect(await failure(reads.getReport(actor, 'id-1'))).toMatchObject({ kind: 'not_found' });
    expect(await failure(reads.getReport(olga, 'missing'))).toMatchObject({ kind: 'not_found' });
  });

  it('given a completed company report and a quote PDF, when read, then each has a 5-minute link saved under the company code and day, or the quote reference', async () => {
    const { service, reads, worker, setClock } = await given();
    // 22:45 UTC is still 2 March in Rome…
    setClock('2026-03-02T22:45:00.000Z');
    await service.requestCompanyReport(context(olga), 'acme', { format: 'csv' });
    await service.requestQuotePdf(context(olga), 'q1');
    // …23:30 is already the next day there: the file is named after the requester's day.
    setClock('2026-03-02T23:30:00.000Z');
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    for (const jobId of ['id-1', 'id-3', 'id-5']) expect(await runReport(worker(), { tenant, jobId })).toBe('completed');
    expect((await reads.getReport(olga, 'id-1')).download).toEqual({
      url: 'https://bucket.test/t1/reports/id-1.csv?expires=300&filename=C000001-history-2026-03-02.csv',
      expiresAt: '2026-03-02T23:35:00.000Z',
      filename: 'C000001-history-2026-03-02.csv',
    });
    expect((await reads.getReport(olga, 'id-3')).download?.filename).toBe('quote-Q-2026-00007.pdf');
    expect((await reads.getReport(olga, 'id-5')).download?.filename).toBe('C000001-history-2026-03-03.json');
  });
});

describe('report worker: attempts, retries, deadlines', () => {
  it('when the first attempt fails and the second succeeds, then the job is re-queued once and completes with the file written', async () => {
    const { service, reads, worker, queued, stored, failWith, card } = await given();
    card.push({ type: 'quote', id: 'q1', number: 'Q-2026-00007', title: 'Fit-out, phase 1', status: 'draft', date: '2027-03-31', amount: { amount: '100.00', currency: 'EUR' }, responsibleId: 'olga', link: '/v1/quotes/q1' });
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    failWith(async (attempt) => {
      if (attempt === 1) throw new Error('Chromium crashed');
    });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('retried');
    expect(queued).toEqual([{ tenant, jobId: 'id-1' }, { tenant, jobId: 'id-1' }]);
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'requested', attempts: 1, failure: { code: 'render_failed', reason: 'Chromium crashed' } });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('completed');
    const history = JSON.parse(new TextDecoder().decode(stored.get('t1/reports/id-1.json')!.body)) as CompanyHistory;
    expect(history.records.map((r) => `${r.type}:${r.id}`)).toEqual(['company:acme', 'quote:q1']);
    expect(history.entries.map((e) => `${e.record.id}:${e.event}`)).toEqual(['acme:CompanyRegistered', 'acme:CompanyStatusChanged', 'q1:QuoteDrafted']);
    expect(history.company).toEqual({ id: 'acme', code: 'C000001', name: 'Acme S.p.A.', vatNumber: 'IT01234567890', address: 'Via Roma 1, 10121 Torino, IT' });
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'completed', attempts: 2, failure: null, entries: 3, bytes: stored.get('t1/reports/id-1.json')!.body.byteLength });
    // A late duplicate of the message finds the job finished.
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('finished');
  });

  it('when the report is limited to days, then only the events of those days in the requester’s time zone are in it, each with who did it', async () => {
    const { service, worker, stored } = await given();
    // 23:30 UTC on 10 February is 11 February in Rome.
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json', from: '2026-02-11', to: '2026-02-11' });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('completed');
    const history = JSON.parse(new TextDecoder().decode(stored.get('t1/reports/id-1.json')!.body)) as CompanyHistory;
    expect(history.period).toEqual({ from: '2026-02-11', to: '2026-02-11' });
    expect(history.entries).toEqual([
      { at: '2026-02-10T23:30:00.000Z', actor: { id: 'piero', name: null }, record: { type: 'company', id: 'acme' }, event: 'CompanyStatusChanged', version: 2, data: { companyId: 'acme', from: null, to: 'active' } },
    ]);
  });

  it('with the real file makers, when a JSON and a CSV report run, then the JSON validates against the published schema and the CSV has its BOM', async () => {
    const { service, worker, stored } = await given();
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    await service.requestCompanyReport(context(olga), 'acme', { format: 'csv' });
    const { render: _fakes, ...real } = worker();
    for (const jobId of ['id-1', 'id-3']) expect(await runReport(real, { tenant, jobId })).toBe('completed');
    const json = JSON.parse(new TextDecoder().decode(stored.get('t1/reports/id-1.json')!.body));
    expect(CompanyHistoryReport.safeParse(json).error?.issues).toBeUndefined();
    expect(json.entries).toHaveLength(2);
    expect([...stored.get('t1/reports/id-3.csv')!.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('when every attempt fails, then after the third the job is failed with the last reason and not queued again', async () => {
    const { service, reads, worker, queued, failWith } = await given();
    await service.requestCompanyReport(context(olga), 'acme', { format: 'csv' });
    failWith(async (attempt) => {
      throw new Error(`out of memory (${attempt})`);
    });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('retried');
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('retried');
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('failed');
    expect(queued).toHaveLength(3);
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'failed', attempts: 3, failure: { code: 'render_failed', reason: 'out of memory (3)' }, download: null });
  });

  it('given the company hidden from the requester since the request, when the worker runs, then the job fails at once as not found', async () => {
    const { service, reads, worker, eventStore, queued } = await given();
    await append(eventStore, 'company', 'acme', [{ type: 'CompanyResponsibleChanged', data: { companyId: 'acme', from: 'olga', to: 'rita' } }], 2);
    const ritaJob = await service.requestCompanyReport(context(rita), 'acme', { format: 'json' });
    await append(eventStore, 'company', 'acme', [{ type: 'CompanyResponsibleChanged', data: { companyId: 'acme', from: 'rita', to: 'olga' } }], 3);
    expect(await runReport(worker(), { tenant, jobId: ritaJob.result.id })).toBe('failed');
    expect(await reads.getReport(rita, ritaJob.result.id)).toMatchObject({ status: 'failed', attempts: 1, failure: { code: 'not_found' } });
    expect(queued).toHaveLength(1);
  });

  it('when a render runs past the attempt’s deadline, then it is stopped, recorded as timed out and queued again', async () => {
    const { service, reads, worker, failWith } = await given();
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    failWith((_attempt, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))));
    // 1 s left, nothing in reserve: the shortest attempt.
    expect(await runReport(worker(1_000, 0), { tenant, jobId: 'id-1' })).toBe('retried');
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'requested', attempts: 1, failure: { code: 'timed_out' } });
  });

  it('given an attempt running until its deadline, when a duplicate message comes, then it comes back just after that deadline (the lease holds); then the next attempt starts', async () => {
    const { service, reads, worker, eventStore, setClock, queued } = await given();
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    // A worker that died in its first attempt: started, never ended.
    await append(eventStore, 'report', 'id-1', [{ type: 'ReportAttemptStarted', data: { jobId: 'id-1', attempt: 1, deadline: '2026-03-02T09:05:00.000Z' } }], 1);
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('busy');
    // Not dropped: should the holder die, the job still has a message (09:00 → 09:05, and a second).
    expect(queued.at(-1)).toEqual({ tenant, jobId: 'id-1', delaySeconds: 301 });
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'running', attempts: 1 });
    setClock('2026-03-02T09:05:01.000Z');
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('completed');
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('given a worker that died in the last attempt, when read after its deadline, then the job reads failed (timed out); the next delivery records it', async () => {
    const { service, reads, worker, eventStore, setClock } = await given();
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    const started = (attempt: number, deadline: string) => ({ type: 'ReportAttemptStarted', data: { jobId: 'id-1', attempt, deadline } });
    const failed = (attempt: number) => ({ type: 'ReportAttemptFailed', data: { jobId: 'id-1', attempt, code: 'render_failed', reason: 'crashed' } });
    await append(eventStore, 'report', 'id-1', [started(1, '2026-03-02T09:05:00.000Z'), failed(1), started(2, '2026-03-02T09:05:00.000Z'), failed(2), started(3, '2026-03-02T09:10:00.000Z')], 1);
    setClock('2026-03-02T09:09:59.000Z');
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'running', attempts: 3 });
    setClock('2026-03-02T09:10:01.000Z');
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'failed', endedAt: '2026-03-02T09:10:00.000Z', failure: { code: 'timed_out' } });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('failed');
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'failed', attempts: 3, failure: { code: 'timed_out' } });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('finished');
  });

  it('when the history holds more entries than its format takes, then the job fails at once as too large, not retried', async () => {
    const { service, reads, worker, eventStore, queued } = await given();
    const notes = Array.from({ length: maxHistoryEntries.pdf }, (_, i) => ({ type: 'CompanyNoteAdded', data: { companyId: 'acme', noteId: `n${i}`, body: `note ${i}` } }));
    for (let i = 0; i < notes.length; i += 100) await append(eventStore, 'company', 'acme', notes.slice(i, i + 100), 2 + i, '2026-02-20T10:00:00.000Z');
    await service.requestCompanyReport(context(olga), 'acme', { format: 'pdf' });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('failed');
    expect(await reads.getReport(olga, 'id-1')).toMatchObject({ status: 'failed', attempts: 1, failure: { code: 'too_large', reason: expect.stringContaining('shorter period') } });
    expect(queued).toHaveLength(1);
    // The same history fits a JSON report.
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    expect(await runReport(worker(), { tenant, jobId: 'id-5' })).toBe('completed');
  });

  it('when a contact of the company once belonged to another, then only its events while it was the company’s are in the history', async () => {
    const { service, worker, eventStore, stored, card } = await given();
    const profile = { firstName: 'Anna', lastName: 'Nowak', position: null, stage: null, source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null };
    const interaction = (id: string) => ({ type: 'ContactInteractionLogged', data: { contactId: 'anna', interactionId: id, channel: 'call', direction: 'outbound', outcome: null, notes: id, occurredAt: '2026-02-15T10:00:00.000Z' } });
    await append(eventStore, 'contact', 'anna', [
      { type: 'ContactCreated', data: { contactId: 'anna', profile, companyId: 'other-co', accountManagers: [] } },
      interaction('with-other'),
      { type: 'ContactLinkedToCompany', data: { contactId: 'anna', companyId: 'acme', previousCompanyId: 'other-co' } },
      interaction('with-acme'),
      { type: 'ContactUnlinkedFromCompany', data: { contactId: 'anna', companyId: 'acme' } },
      interaction('after-acme'),
    ], 0, '2026-02-15T10:00:00.000Z');
    card.push({ type: 'contact', id: 'anna', number: null, title: 'Anna Nowak', status: null, date: null, amount: null, responsibleId: null, link: '/v1/contacts/anna' });
    await service.requestCompanyReport(context(olga), 'acme', { format: 'json' });
    expect(await runReport(worker(), { tenant, jobId: 'id-1' })).toBe('completed');
    const history = JSON.parse(new TextDecoder().decode(stored.get('t1/reports/id-1.json')!.body)) as CompanyHistory;
    const annas = history.entries.filter((entry) => entry.record.id === 'anna').map((entry) => [entry.event, entry.data.interactionId ?? null]);
    expect(annas).toEqual([
      ['ContactLinkedToCompany', null],
      ['ContactInteractionLogged', 'with-acme'],
      ['ContactUnlinkedFromCompany', null],
    ]);
  });

  it('when a message names no job, then nothing happens', async () => {
    const { worker } = await given();
    expect(await runReport(worker(), { tenant, jobId: 'missing' })).toBe('unknown-job');
  });
});
