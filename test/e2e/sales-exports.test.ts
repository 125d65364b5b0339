import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJobQueue } from '../../adapters/queue/job-queue.ts';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { readCsv, type CsvRecord } from '../../import/csv/read-csv.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { tenantWith } from '../support/directory-fixtures.ts';
import { testDependencies } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';
import { appendTo, opportunityFields, quoteContent, salesOrderData } from '../support/sales-events.ts';

/**
 * Exports of the sales lists (`POST /v1/exports` with kind `opportunities`, `quotes`, `orders`) end to
 * end: the sales records are appended to the log as the contract (events/sales/) defines them, reach
 * their lists through the stream, and the import worker writes the list as the requester sees it.
 */
let s3: LocalS3;
let stack: LocalStack;
let imports: LocalImports;
let api: ReturnType<typeof apiClient>;
const { eventStore, readModels } = testDependencies();

beforeAll(async () => {
  s3 = await startLocalS3();
  process.env['AWS_ENDPOINT_URL_S3'] = s3.endpoint;
  stack = await startLocalStack();
  api = apiClient(stack.url);
  // Pages of 2 records: every export reads several pages.
  imports = await startLocalImports(s3, { exports: { pageSize: 2 } });
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  await s3?.stop();
});

const append = (tenant: string, aggregateType: string, aggregateId: string, type: string, data: unknown, actor = 'olga') =>
  appendTo(eventStore, tenant, { aggregateType, aggregateId, expectedVersion: 0 }, [{ type, data }], { at: new Date().toISOString(), actor });

const listed = (token: string, path: string, count: number) =>
  eventually(async () => {
    const response = await api.get(path, token);
    expect(response.status, response.text).toBe(200);
    expect(response.body.items).toHaveLength(count);
  }, 15_000);

/** Requests the export, waits for the job, downloads the file: its header and rows. */
const exported = async (token: string, body: unknown) => {
  const started = await api.post('/v1/exports', token, body);
  expect(started.status, started.text).toBe(202);
  const job = await eventually(async () => {
    await localJobQueue.drain();
    const response = await api.get(`/v1/exports/${started.body.id}`, token);
    expect(response.body.status).toBe('completed');
    return response.body;
  }, 30_000);
  const bytes = new Uint8Array(await (await fetch(job.download.url)).arrayBuffer());
  const csv = readCsv((async function* () { yield bytes; })(), {});
  const rows: CsvRecord[] = [];
  for await (const record of csv.records) rows.push(record);
  return { job, delimiter: (await csv.detected).delimiter, header: (await csv.detected).header ?? [], rows: rows.map((row) => row.fields) };
};

describe('exports of the sales lists', () => {
  it('opportunities: the list as the requester sees it, amounts as recorded, in their language', async () => {
    const { tenant, olga, rita } = await tenantWith(stack, 'sxo');
    await registerUser(tenant, 'olga', { locale: 'it' });
    await eventually(async () => expect((await new ReadModelPeopleDirectory(readModels).user(tenant, 'olga'))?.locale).toBe('it'));
    for (const [title, ownerId, amount] of [['Di Rita', 'rita', '0.30'], ['Di Tom', 'tom', '1234.50'], ['=Di nessuno', null, '99.99']] as const) {
      const opportunityId = randomUUID();
      await append(tenant, 'opportunity', opportunityId, 'OpportunityCreated', { opportunityId, leadId: null, ...opportunityFields({ title, ownerId, amount, probability: 33 }) });
    }
    await listed(olga, '/v1/opportunities', 3);

    const all = await exported(olga, { kind: 'opportunities' });
    expect(all.job).toMatchObject({ kind: 'opportunities', locale: 'it', rows: 3 });
    expect(all.delimiter).toBe(';');
    expect(all.header.slice(0, 6)).toEqual(['ID', 'Titolo', 'Controparti', 'Fase', 'Stato', 'Importo']);
    const byTitle = Object.fromEntries(all.rows.map((row) => [row[1], row]));
    // 1234.50 × 33 % = 407.385 → 407.39; the formula is neutralised (read back with its apostrophe).
    expect(byTitle['Di Tom']!.slice(2, 9)).toEqual(['company:acme', 'new', 'open', '1234.50', 'EUR', '33', '407.39']);
    expect(Object.keys(byTitle).toSorted()).toEqual(["'=Di nessuno", 'Di Rita', 'Di Tom']);

    const ritas = await exported(rita, { kind: 'opportunities', filter: { status: 'open' } });
    expect(ritas.rows.map((row) => row[1]).toSorted()).toEqual(["'=Di nessuno", 'Di Rita']);
  });

  it("quotes and orders: a restricted user's file holds only their own", async () => {
    const { tenant, olga, rita } = await tenantWith(stack, 'sxq');
    for (const [number, operatorId] of [[1, 'olga'], [2, 'rita']] as const) {
      const quoteId = randomUUID();
      const reference = `Q-2027-0000${number}`;
      await append(tenant, 'quote', quoteId, 'QuoteDrafted', { quoteId, reference, year: 2027, number, content: quoteContent({ operatorId }) });
      const orderId = randomUUID();
      await append(tenant, 'order', orderId, 'SalesOrderCreated', salesOrderData(orderId, quoteId, { kind: 'company', id: 'acme' }, { operatorId, reference: `SO-2027-0000${number}`, number, quoteReference: reference }));
    }
    await listed(olga, '/v1/quotes', 2);
    await listed(olga, '/v1/orders', 2);

    const quotes = await exported(olga, { kind: 'quotes' });
    expect(quotes.header.slice(0, 3)).toEqual(['Reference', 'Revision', 'Status']);
    expect(quotes.rows.map((row) => row[0]).toSorted()).toEqual(['Q-2027-00001', 'Q-2027-00002']);
    expect(quotes.rows[0]!.slice(7, 11)).toEqual(['EUR', '100.00', '22.00', '122.00']);
    expect((await exported(rita, { kind: 'quotes' })).rows.map((row) => row[0])).toEqual(['Q-2027-00002']);

    const orders = await exported(olga, { kind: 'orders', filter: { party: 'acme' } });
    expect(orders.rows.map((row) => row[0]).toSorted()).toEqual(['SO-2027-00001', 'SO-2027-00002']);
    expect(orders.rows[0]!.slice(6, 10)).toEqual(['EUR', '100.00', '22.00', '122.00']);
    expect((await exported(rita, { kind: 'orders' })).rows.map((row) => row[0])).toEqual(['SO-2027-00002']);
  });

  it('refuses a filter the list does not take (400 naming the field)', async () => {
    const { olga } = await tenantWith(stack, 'sxf');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'orders', filter: { colour: 'red' } }), 400, 'body.filter.colour');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'opportunities', filter: { limit: '5' } }), 400, 'body.filter.limit');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'quotes', filter: { status: 'maybe' } }), 400, 'body.filter.status');
  });
});
