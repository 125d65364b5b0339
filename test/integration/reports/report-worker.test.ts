import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRenderer, type ChromiumRenderer } from '../../../adapters/pdf/chromium-renderer.ts';
import type { ReportFiles, ReportMessage } from '../../../application/ports/report-jobs.ts';
import { cardQueries } from '../../../application/reports/card-queries.ts';
import { runReport } from '../../../application/reports/render-report.ts';
import { reportQueries } from '../../../application/reports/report-queries.ts';
import { reportService } from '../../../application/reports/report-service.ts';
import type { Dependencies } from '../../../functions/shared/dependencies.ts';
import { Projector } from '../../../projections/projector.ts';
import { actorIn, isolatedDependencies, uniqueTenant } from '../../support/dynamo.ts';
import { pdfText } from '../../support/pdf-text.ts';

/**
 * The report worker on DynamoDB Local with the real card read model (the projector writes it) and the
 * real headless Chromium: a company whose history holds 2,001 events — 40 tickets of 50 events each,
 * read in parallel with a bound — renders as ONE job, in one attempt, to a PDF whose every page is
 * numbered. The file is kept in memory (the S3 adapter is tested on the emulator, and end to end).
 * Fixed dates in 2027: nothing depends on today.
 */
let deps: Dependencies;
let projector: Projector;
let renderer: ChromiumRenderer;

beforeAll(async () => {
  deps = await isolatedDependencies();
  projector = new Projector(deps.readModels, deps.eventStore);
  renderer = chromiumRenderer();
});
afterAll(async () => renderer?.close());

const at = (minute: number) => new Date(Date.parse('2027-03-01T08:00:00.000Z') + minute * 60_000).toISOString();

/** One commit of `events` on a new stream, then each projected, as the stream would. */
const write = async (tenant: string, aggregateType: string, aggregateId: string, events: { type: string; data: unknown }[], minute: number) => {
  await deps.eventStore.commit({
    tenant,
    at: at(minute),
    meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'report-worker-test' },
    streams: [{ aggregateType, aggregateId, expectedVersion: 0, events }],
  });
  for (const event of (await deps.eventStore.load(tenant, aggregateType, aggregateId)).events) await projector.project(event);
};

const companyProfile = {
  legalName: 'Győr Łódź Kft.',
  aliases: [],
  kind: 'client',
  vatNumber: 'HU12345678',
  taxCode: null,
  addresses: [],
  phones: [],
  emails: [],
  website: null,
  categories: [],
  area: null,
  segments: [],
  tags: [],
};

describe('report worker (DynamoDB Local, real card read model, real Chromium)', () => {
  it('renders a 2,001-event history as one job: every event in it, the pages numbered n / m', async () => {
    const tenant = uniqueTenant('repw');
    const olga = actorIn(tenant, 'olga');
    await write(tenant, 'company', 'gyor', [{ type: 'CompanyRegistered', data: { companyId: 'gyor', code: 'C000042', profile: companyProfile, responsibleUserId: null, accountManagers: [], status: null } }], 0);
    // Four tickets at a time: DynamoDB Local serialises transactions, and forty at once on a busy
    // machine end in "timed out waiting for a lock" (the history is what is tested, not the writes).
    const writeTicket = (t: number) =>
      write(
        tenant,
        'ticket',
        `t${t}`,
        [
          { type: 'TicketOpened', data: { ticketId: `t${t}`, number: t + 1, companyId: 'gyor', subject: `Żółć ${t + 1}`, type: 'problem', priority: 'normal', assignee: null } },
          ...Array.from({ length: 49 }, (_, c) => ({ type: 'TicketCommented', data: { ticketId: `t${t}`, commentId: `c${c}`, body: `Megjegyzés ${c} – ő ű`, visibility: 'public' } })),
        ],
        t + 1,
      );
    for (let start = 0; start < 40; start += 4) await Promise.all(Array.from({ length: 4 }, (_, i) => writeTicket(start + i)));

    const queued: ReportMessage[] = [];
    const files = new Map<string, Uint8Array>();
    const reportFiles: ReportFiles = { put: async (key, body) => void files.set(key, body), downloadUrl: async (key) => `memory://${key}` };
    const source = () => deps;
    // Requested a minute before the worker runs (the job's clock, not today's).
    const { result } = await reportService(() => ({ ...deps, now: () => '2027-03-02T09:59:00.000Z' }), { queue: () => ({ send: async (m) => void queued.push(m) }) }).requestCompanyReport({ actor: olga, correlationId: 'c1' }, 'gyor', { format: 'pdf', locale: 'hu' });
    const cards = cardQueries(source);
    const outcome = await runReport(
      {
        eventStore: deps.eventStore,
        people: deps.people,
        cardItems: (actor, companyId) => cards.allItems(actor, companyId),
        renderer,
        files: reportFiles,
        queue: { send: async (m) => void queued.push(m) },
        now: () => '2027-03-02T10:00:00.000Z',
        newId: randomUUID,
        remainingMs: () => 300_000,
        reserveMs: 15_000,
      },
      queued[0]!,
    );
    expect(outcome).toBe('completed');
    const job = await reportQueries(() => ({ ...deps, now: () => '2027-03-02T10:01:00.000Z' }), { files: () => reportFiles }).getReport(olga, result.id);
    expect(job).toMatchObject({ status: 'completed', attempts: 1, entries: 2_001, failure: null });
    expect(queued).toHaveLength(1);

    const pdf = files.get(`${tenant}/reports/${result.id}.pdf`)!;
    const text = await pdfText(pdf);
    expect(text.pages).toBe(job.pages);
    expect(text.pages).toBeGreaterThan(10);
    expect(text.pageTexts.at(-1)).toContain(`${text.pages} / ${text.pages}`);
    const all = text.pageTexts.join('\n');
    for (const word of ['Győr Łódź Kft.', 'C000042', 'Żółć 40']) expect(all).toContain(word);
  }, 240_000);
});
