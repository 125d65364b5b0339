import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { CompanyHistoryReport } from '../../contract/http/reports.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { testDependencies } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { pdfText } from '../support/pdf-text.ts';
import { registerUser } from '../support/people.ts';

/**
 * Report jobs end to end through the local cloud `npm start` runs: the reports API records and queues
 * the job, the report renderer (in process, its real message handler) assembles the history from the
 * card read model and the log, renders it — PDFs with the real headless Chromium — and writes it to
 * the S3 emulator; `GET /v1/reports/{id}` hands out a presigned link the file is downloaded through.
 * Quote validity dates are far in the future: nothing here depends on today.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

const profileOf = async (tenant: string, userId: string, locale: 'it' | 'en' | 'pl' | 'hu', timezone: string) => {
  await registerUser(tenant, userId, { locale, timezone });
  const people = new ReadModelPeopleDirectory(testDependencies().readModels);
  // The people read model follows the log through the stream poller: slower while other files load the machine.
  await eventually(async () => expect((await people.user(tenant, userId))?.locale).toBe(locale), 60_000);
};

const requested = async (token: string, path: string, body?: unknown) => {
  const response = await api.post(path, token, body);
  expect(response.status, response.text).toBe(202);
  expect(response.headers.get('location')).toBe(`/v1/reports/${response.body.id}`);
  expect(response.headers.get('etag')).toBe(`"${response.body.version}"`);
  expect(response.body).toMatchObject({ status: 'requested', attempts: 0, download: null });
  return response.body.id as string;
};

/** Polls the job until it ended (the renderer runs in the background); Chromium's first launch decompresses it. */
const finished = (token: string, id: string) =>
  eventually(async () => {
    const response = await api.get(`/v1/reports/${id}`, token);
    expect(response.status, response.text).toBe(200);
    expect(['completed', 'failed'], JSON.stringify(response.body)).toContain(response.body.status);
    return response.body;
  }, 90_000);

const download = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
};

const quoteBody = (companyId: string, operatorId: string, description: string) => ({
  party: { kind: 'company', id: companyId },
  operatorId,
  validFrom: '2098-01-10',
  validUntil: '2098-02-10',
  lines: [{ description: 'Consulenza', quantity: '3', unitPrice: '33.33' }],
  description,
});

/** The card shows `count` items of `section` to `token` (the card read model follows the log; the report reads it). */
const cardShows = (token: string, companyId: string, section: string, count: number) =>
  eventually(async () => {
    const response = await api.get(`/v1/companies/${companyId}/card?section=${section}`, token);
    expect(response.status, response.text).toBe(200);
    expect(response.body.sections[section].count).toBe(count);
  }, 20_000);
const cardQuotes = (token: string, companyId: string, count: number) => cardShows(token, companyId, 'quotes', count);

describe('company history reports', () => {
  it('renders the history as PDF, JSON and CSV: 202, completed, downloaded through the presigned link', async () => {
    const { tenant, olga } = await tenantWith(stack, 'rep');
    await profileOf(tenant, 'olga', 'it', 'Europe/Rome');
    const company = await created(api, '/v1/companies', olga, { legalName: 'Società Łódź Győr S.r.l.' });
    await created(api, '/v1/tickets', olga, { companyId: company.id, subject: 'Stampante: Żółć è rotta' });
    await created(api, '/v1/quotes', olga, quoteBody(company.id, 'olga', 'Offerta Pécs'));
    await cardQuotes(olga, company.id, 1);
    await cardShows(olga, company.id, 'tickets', 1);

    const pdf = await finished(olga, await requested(olga, `/v1/companies/${company.id}/reports`, { format: 'pdf' }));
    expect(pdf).toMatchObject({ status: 'completed', format: 'pdf', locale: 'it', timeZone: 'Europe/Rome', failure: null, attempts: 1 });
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.entries).toBeGreaterThanOrEqual(3);
    expect(pdf.download).toMatchObject({ url: expect.stringContaining('X-Amz-Expires=300'), filename: expect.stringMatching(new RegExp(`^${company.code}-history-\\d{4}-\\d{2}-\\d{2}\\.pdf$`)) });
    const { response, bytes } = await download(pdf.download.url);
    expect(response.headers.get('content-disposition')).toContain(pdf.download.filename);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    expect(bytes.byteLength).toBe(pdf.bytes);
    // The PDF as a reader gets it: the page count the job says, diacritics intact, the record's words, "1 / n".
    const text = await pdfText(bytes);
    expect(text.pages).toBe(pdf.pages);
    expect(text.tagged).toBe(true);
    const all = text.pageTexts.join('\n');
    for (const word of ['Łódź', 'Győr', company.code, 'Żółć', 'Pécs']) expect(all).toContain(word);
    expect(text.pageTexts[0]).toContain(`1 / ${pdf.pages}`);

    const json = await finished(olga, await requested(olga, `/v1/companies/${company.id}/reports`, { format: 'json', locale: 'pl' }));
    expect(json).toMatchObject({ status: 'completed', locale: 'pl', pages: null });
    const history = JSON.parse(new TextDecoder().decode((await download(json.download.url)).bytes));
    expect(CompanyHistoryReport.safeParse(history).success, JSON.stringify(CompanyHistoryReport.safeParse(history).error?.issues)).toBe(true);
    expect(history.company).toMatchObject({ id: company.id, code: company.code, name: 'Società Łódź Győr S.r.l.' });
    expect(history.records.map((r: { type: string }) => r.type)).toEqual(expect.arrayContaining(['company', 'ticket', 'quote']));
    expect(history.entries.map((e: { event: string }) => e.event)).toEqual(expect.arrayContaining(['CompanyRegistered', 'TicketOpened', 'QuoteDrafted']));
    expect(history.entries).toHaveLength(json.entries);

    const csv = await finished(olga, await requested(olga, `/v1/companies/${company.id}/reports`, { format: 'csv', locale: 'hu' }));
    expect(csv).toMatchObject({ status: 'completed', format: 'csv' });
    const csvBytes = (await download(csv.download.url)).bytes;
    expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csvBytes)).toContain('Łódź');
  }, 240_000);

  it('a restricted user’s report holds only what they see; another user of the tenant does not find it', async () => {
    const { tenant, olga, rita } = await tenantWith(stack, 'repr');
    const tom = await stack.token('tom', { tenant, role: 'standard', groups: [] });
    const company = await created(api, '/v1/companies', olga, { legalName: 'Città Aperta S.p.A.' });
    const hers = await created(api, '/v1/quotes', olga, quoteBody(company.id, 'rita', 'Offerta di Rita'));
    const other = await created(api, '/v1/quotes', olga, quoteBody(company.id, 'olga', 'Offerta di Olga'));
    await cardQuotes(olga, company.id, 2);
    await cardQuotes(rita, company.id, 1);

    const id = await requested(rita, `/v1/companies/${company.id}/reports`, { format: 'json' });
    const job = await finished(rita, id);
    expect(job.status).toBe('completed');
    const history = JSON.parse(new TextDecoder().decode((await download(job.download.url)).bytes));
    const ids = history.records.map((r: { id: string }) => r.id);
    expect(ids).toContain(hers.id);
    expect(ids).not.toContain(other.id);
    expect(history.entries.map((e: { record: { id: string } }) => e.record.id)).not.toContain(other.id);

    expectProblem(await api.get(`/v1/reports/${id}`, tom), 404);
    expect((await api.get(`/v1/reports/${id}`, await stack.token('ada', { tenant, role: 'admin', groups: [] }))).status).toBe(200);
  }, 120_000);

  it('refuses bad input naming the field, and another tenant’s company, quote or report is not found', async () => {
    const { olga } = await tenantWith(stack, 'repv');
    const company = await created(api, '/v1/companies', olga, { legalName: 'Alfa' });
    const path = `/v1/companies/${company.id}/reports`;
    expectProblem(await api.post(path, olga, { format: 'docx' }), 400, 'body.format');
    expectProblem(await api.post(path, olga, { format: 'pdf', locale: 'fr' }), 400, 'body.locale');
    expectProblem(await api.post(path, olga, { format: 'pdf', from: '2026-02-30' }), 400, 'body.from');
    expectProblem(await api.post(path, olga, { format: 'pdf', from: '2026-03-02', to: '2026-03-01' }), 422, 'body.to');
    expectProblem(await api.post(path, olga, { format: 'pdf', extra: true }), 400);
    expectProblem(await api.post(`/v1/companies/missing/reports`, olga, { format: 'pdf' }), 404);

    const quote = await created(api, '/v1/quotes', olga, quoteBody(company.id, 'olga', 'Alfa'));
    expectProblem(await api.post(`/v1/quotes/${quote.id}/pdf`, olga, { locale: 'de' }), 400, 'body.locale');
    const reportId = await requested(olga, path, { format: 'json' });

    const { olga: stranger } = await tenantWith(stack, 'repo', { colleagues: false });
    expectProblem(await api.post(path, stranger, { format: 'pdf' }), 404);
    expectProblem(await api.post(`/v1/quotes/${quote.id}/pdf`, stranger, {}), 404);
    expectProblem(await api.get(`/v1/reports/${reportId}`, stranger), 404);
  }, 60_000);
});

describe('quote PDF', () => {
  it('renders the quote as the document sent to the customer, named after its reference', async () => {
    const { tenant, olga } = await tenantWith(stack, 'repq');
    await profileOf(tenant, 'olga', 'pl', 'Europe/Warsaw');
    const company = await created(api, '/v1/companies', olga, { legalName: 'Żółć Sp. z o.o.' });
    const quote = await created(api, '/v1/quotes', olga, quoteBody(company.id, 'olga', 'Oferta Łódź'));
    const job = await finished(olga, await requested(olga, `/v1/quotes/${quote.id}/pdf`));
    expect(job).toMatchObject({ status: 'completed', subject: { type: 'quote', id: quote.id }, format: 'pdf', locale: 'pl', entries: 0 });
    expect(job.download.filename).toBe(`quote-${quote.reference}.pdf`);
    const { bytes } = await download(job.download.url);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text.pages).toBe(job.pages);
    const all = text.pageTexts.join('\n');
    for (const word of ['Żółć Sp. z o.o.', quote.reference, 'Oferta Łódź', 'Consulenza']) expect(all).toContain(word);
  }, 120_000);
});
