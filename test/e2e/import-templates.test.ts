import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from '../../import/csv/read-csv.ts';
import { resolveColumns } from '../../import/mapping/columns.ts';
import { rowToInput } from '../../import/mapping/row-to-input.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { eventually } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { testDependencies } from '../support/dynamo.ts';

let stack: LocalStack;
const tenant = uniqueTenant('templates');
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack();
  await registerUser(tenant, 'giulia', { locale: 'it' });
  await registerUser(tenant, 'zsofia', { locale: 'hu' });
  tokens.giulia = await stack.token('giulia', { tenant, role: 'standard', groups: [] });
  tokens.zsofia = await stack.token('zsofia', { tenant, role: 'restricted', groups: [] });
  tokens.unregistered = await stack.token('nobody', { tenant, role: 'standard', groups: [] });
  const people = new ReadModelPeopleDirectory(testDependencies().readModels);
  await eventually(async () => expect((await people.user(tenant, 'zsofia'))?.locale).toBe('hu'));
});

afterAll(async () => stack?.stop());

const template = async (path: string, token: string | undefined) => {
  const response = await fetch(`${stack.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
};

async function read(bytes: Uint8Array) {
  const csv = readCsv((async function* () { yield bytes; })(), {});
  const records: CsvRecord[] = [];
  for await (const record of csv.records) records.push(record);
  return { detected: await csv.detected, records };
}

describe('GET /v1/imports/templates/{kind}', () => {
  it("answers in the caller's profile locale: Italian headers, `;`, UTF-8 with BOM, and an example row the importer accepts", async () => {
    const { response, bytes } = await template('/v1/imports/templates/companies', tokens.giulia);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="companies-it.csv"');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const { detected, records } = await read(bytes);
    expect(detected).toMatchObject({ encoding: 'utf-8', delimiter: ';' });
    expect(detected.header.slice(0, 4)).toEqual(['Codice', 'Ragione sociale', 'Tipo', 'Partita IVA']);
    const columns = resolveColumns('companies', detected.header);
    if (!columns.ok) throw new Error(columns.message);
    const example = rowToInput('companies', columns.columns, detected.header.length, records[0]!.fields, { dateFormat: 'dd/mm/yyyy', decimalComma: true });
    expect(example).toMatchObject({ ok: true, input: { legalName: 'Rossi Impianti S.r.l.', kind: 'client' } });
  });

  it('Hungarian for a Hungarian user, for every kind', async () => {
    for (const [kind, first] of [['companies', 'Kód'], ['leads', 'Cég'], ['contacts', 'Keresztnév']] as const) {
      const { response, bytes } = await template(`/v1/imports/templates/${kind}`, tokens.zsofia);
      expect(response.status).toBe(200);
      const { detected, records } = await read(bytes);
      expect([detected.delimiter, detected.header[0], records.length]).toEqual([';', first, 1]);
      expect(resolveColumns(kind, detected.header).ok).toBe(true);
    }
  });

  it('`?locale=` chooses the language; without a profile or a query it is English with `,`', async () => {
    const polish = await read((await template('/v1/imports/templates/leads?locale=pl', tokens.giulia)).bytes);
    expect([polish.detected.delimiter, polish.detected.header[0]]).toEqual([';', 'Firma']);
    const english = await read((await template('/v1/imports/templates/contacts', tokens.unregistered)).bytes);
    expect([english.detected.delimiter, english.detected.header.slice(0, 2)]).toEqual([',', ['First name', 'Last name']]);
  });

  it('refuses an unknown kind or locale (naming the field) and an anonymous caller', async () => {
    const kind = await template('/v1/imports/templates/invoices', tokens.giulia);
    expect(kind.response.status).toBe(400);
    expect(new TextDecoder().decode(kind.bytes)).toContain('kind');
    const locale = await template('/v1/imports/templates/companies?locale=de', tokens.giulia);
    expect(locale.response.status).toBe(400);
    expect(new TextDecoder().decode(locale.bytes)).toContain('locale');
    expect((await template('/v1/imports/templates/companies', undefined)).response.status).toBe(401);
  });
});
