import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxPasteBodyBytes, maxPastedRows } from '../../contract/http/imports.ts';
import { tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * `POST /v1/imports/paste` takes 5,000 rows as a spreadsheet pastes them — far more than the
 * router's 256 KiB every other route keeps — and says which limit a paste passed. No worker runs in
 * this file: the jobs are queued and cancelled, their rows are the business of test/e2e/imports.test.ts.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const header = ['Ragione sociale', 'Partita IVA', 'Indirizzo', 'CAP', 'Città', 'Provincia', 'Email', 'Telefono', 'Sito web', 'Etichette', 'Categorie'].join('\t');
/** A company row as an Italian customer list has it (~330 bytes); every tenth has a two-line address, quoted. */
const row = (i: number) =>
  [
    `Impianti Elettrici e Termoidraulici ${i} di Rossi Mario & C. S.n.c.`,
    `IT${String(10_000_000_000 + i).slice(1)}`,
    i % 10 === 0 ? `"Via Giuseppe Garibaldi ${i}\nScala B, interno 5"` : `Via Giuseppe Garibaldi ${i}, zona industriale`,
    '20121',
    'Cernusco sul Naviglio',
    'MI',
    `amministrazione.${i}@impianti-rossi-${i}.example.it`,
    '+39 02 1234 5678',
    `www.impianti-rossi-${i}.example.it`,
    'vip|nord|manutenzione|assistenza',
    'Installatori|Impiantisti|Manutentori',
  ].join('\t');
const paste = (rows: number) => [header, ...Array.from({ length: rows }, (_, i) => row(i + 1))].join('\n');

describe('POST /v1/imports/paste: how much it takes', () => {
  it(`takes ${maxPastedRows} rows of a spreadsheet (over 1 MB) while other routes keep 256 KiB`, async () => {
    const { olga } = await tenantWith(stack, 'paste');
    const text = paste(maxPastedRows);
    // Line breaks inside quoted cells are not rows: the text has more lines than the limit allows rows.
    expect(text.split('\n').length).toBeGreaterThan(maxPastedRows + 1);
    expect(Buffer.byteLength(JSON.stringify({ kind: 'companies', text }))).toBeGreaterThan(1024 * 1024);

    const response = await api.post('/v1/imports/paste', olga, { kind: 'companies', text });
    expect(response.status, response.text).toBe(202);
    expect(response.body).toMatchObject({ origin: 'paste', status: 'uploaded' });
    expect((await api.post(`/v1/imports/${response.body.id}/cancel`, olga)).body).toMatchObject({ status: 'cancelled' });

    const other = await api.post('/v1/companies', olga, { legalName: 'Alfa', aliases: ['x'.repeat(200)], website: 'y'.repeat(300_000) });
    expectProblem(other, 413, 'body');
    expect(other.body.detail).toMatch(/^the body has \d+ bytes; POST \/v1\/companies takes at most 256 KiB \(262144 bytes\)$/);
  });

  it(`refuses a row more than ${maxPastedRows} with 422 naming text`, async () => {
    const { olga } = await tenantWith(stack, 'paste');
    const response = await api.post('/v1/imports/paste', olga, { kind: 'companies', text: paste(maxPastedRows + 1) });
    expectProblem(response, 422, 'body.text');
    expect(response.body.errors).toEqual([{ path: 'body.text', message: `has more than ${maxPastedRows} rows (plus the header): upload larger files with POST /v1/imports` }]);
  });

  it('refuses a body over its limit with 413 naming the limit', async () => {
    const { olga } = await tenantWith(stack, 'paste');
    const text = `${header}\n${'x'.repeat(maxPasteBodyBytes)}`;
    const response = await api.post('/v1/imports/paste', olga, { kind: 'companies', text });
    expectProblem(response, 413, 'body');
    expect(response.body.detail).toMatch(/^the body has \d+ bytes; POST \/v1\/imports\/paste takes at most 4 MiB \(4194304 bytes\)$/);
  });
});
