import { describe, expect, it } from 'vitest';
import { RegisterCompanyBody } from '../../../contract/http/companies.ts';
import { defaultDateFormat, parseDate, parseDecimal, splitList } from '../../../domain/imports/cell-values.ts';
import { readCsv, type CsvRecord } from '../../../import/csv/read-csv.ts';
import { resolveColumns, type Column } from '../../../import/mapping/columns.ts';
import { rowToInput, type RowOptions } from '../../../import/mapping/row-to-input.ts';
import type { ImportKind } from '../../../domain/imports/import-fields.ts';
import type { CustomFieldDefinition } from '../../../domain/settings/custom-fields.ts';
import { italianCompanies, utf8Contacts } from '../../fixtures/imports/fixtures.ts';

const options: RowOptions = { dateFormat: 'dd/mm/yyyy', decimalComma: true, defaultCountry: 'IT' };

function columnsFor(kind: ImportKind, header: string[]): Column[] {
  const result = resolveColumns(kind, header);
  if (!result.ok) throw new Error(result.message);
  return [...result.columns];
}

const row = (kind: ImportKind, header: string[], cells: string[]) => rowToInput(kind, columnsFor(kind, header), header.length, cells, options);

async function records(bytes: Uint8Array, encoding: 'windows-1252' | 'auto') {
  const read = readCsv((async function* () { yield bytes; })(), { encoding });
  const all: CsvRecord[] = [];
  for await (const record of read.records) all.push(record);
  return { header: [...(await read.detected).header], all };
}

describe('rowToInput', () => {
  it('turns the Italian export into RegisterCompany bodies with match values', async () => {
    const { header, all } = await records(italianCompanies.bytes, 'windows-1252');
    const resolved = resolveColumns('companies', header, { 'Data inserimento': 'ignore', Fatturato: 'ignore' });
    if (!resolved.ok) throw new Error(resolved.message);
    const first = rowToInput('companies', resolved.columns, header.length, all[0]!.fields, options);
    expect(first).toEqual({
      ok: true,
      input: {
        legalName: 'Caffè Ferrè S.r.l.',
        vatNumber: 'IT01234567890',
        taxCode: '01234567890',
        addresses: [{ type: 'registered', street: 'Via Garibaldi 3\r\nScala B, interno 5', postcode: '20121', city: 'Milano', region: 'MI' }],
        phones: [{ type: 'main', number: '02 1234567' }],
        emails: [{ type: 'work', address: 'info@caffeferre.it' }],
      },
      match: { code: 'C000101', vatNumber: 'IT01234567890', email: 'info@caffeferre.it', name: expect.any(String) },
    });
    const second = rowToInput('companies', resolved.columns, header.length, all[1]!.fields, options);
    // A VAT number without prefix matches the same number with the tenant country's prefix.
    expect(second.ok && second.match).toMatchObject({ code: null, vatNumber: 'IT02345678901', email: null });
    expect(second.ok && second.input.legalName).toBe('Bar "Da Mario" di Rossi & C. s.n.c.');
  });

  it('the normalised name matches the same company written differently', () => {
    const a = row('companies', ['Ragione sociale'], ['Caffè Ferrè S.r.l.']);
    const b = row('companies', ['Ragione sociale'], ['  CAFFE FERRE SRL ']);
    expect(a.ok && b.ok && a.match.name === b.match.name && a.match.name !== null).toBe(true);
  });

  it('contacts from the UTF-8 export: mobile typed by column, lists split on ; and |, address as one object', async () => {
    const { header, all } = await records(utf8Contacts.bytes, 'auto');
    const columns = columnsFor('contacts', header);
    expect(rowToInput('contacts', columns, header.length, all[0]!.fields, options)).toMatchObject({
      ok: true,
      input: {
        firstName: 'Zsófia',
        lastName: 'Kovács',
        emails: [{ type: 'work', address: 'zsofia.kovacs@example.hu' }],
        phones: [{ type: 'mobile', number: '+36 30 123 4567' }],
        address: { street: 'Andrássy út 12.\r\n2. emelet', city: 'Budapest' },
        tags: ['vip', 'budapest'],
      },
      match: { email: 'zsofia.kovacs@example.hu' },
    });
    expect(rowToInput('contacts', columns, header.length, all[2]!.fields, options)).toMatchObject({ ok: true, input: { tags: ['fiera', 'nord'] } });
  });

  it('a row the create route would answer 422 is rejected at the route schema’s path, in words', () => {
    const long = 'x'.repeat(201);
    const result = row('companies', ['Ragione sociale', 'Email'], [long, 'info@example.it']);
    const route = RegisterCompanyBody.safeParse({ legalName: long });
    expect(route.error?.issues.map((issue) => issue.path)).toEqual([['legalName']]);
    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'legalName', column: 'Ragione sociale', message: `"${'x'.repeat(57)}…" is too long (at most 200 characters)` }],
    });
  });

  it('reports a blank required value, a bad e-mail, an unknown kind and cells beyond the header, all at once', () => {
    const result = row('companies', ['Ragione sociale', 'Email', 'Tipo'], ['', 'not-an-email', 'grossista', 'spill']);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual(['', 'kind', 'legalName', 'emails.0.address']);
    expect(!result.ok && result.issues.map((issue) => `${issue.column}: ${issue.message}`).slice(1)).toEqual([
      'Tipo: "grossista" is not a kind of company (client, prospect, supplier, competitor, partner)',
      'Ragione sociale: required',
      'Email: "not-an-email" is not an e-mail address',
    ]);
  });

  it('reads company kinds in the four languages and refuses a contact without a name', () => {
    expect(row('companies', ['Ragione sociale', 'Tipo'], ['A', 'Fornitore'])).toMatchObject({ ok: true, input: { kind: 'supplier' } });
    expect(row('companies', ['Cégnév', 'Típus'], ['A', 'Ügyfél'])).toMatchObject({ ok: true, input: { kind: 'client' } });
    expect(row('contacts', ['First name', 'Email'], ['', 'a@example.com'])).toEqual({
      ok: false,
      issues: [{ path: 'lastName', column: 'First name', message: 'required' }],
    });
  });

  it('leads: the company name, the person and a typed phone', () => {
    expect(row('leads', ['Company', 'First name', 'Phone', 'Fax'], ['Bianchi', 'Giulia', '+39 02 9876543', '02 111'])).toEqual({
      ok: true,
      input: {
        companyName: 'Bianchi',
        firstName: 'Giulia',
        phones: [
          { type: 'work', number: '+39 02 9876543' },
          { type: 'office_fax', number: '02 111' },
        ],
      },
      match: { code: null, vatNumber: null, email: null, name: expect.any(String) },
    });
  });
});

describe('cell values', () => {
  it('reads dates in the declared format only', () => {
    expect(parseDate('03/04/2023', 'dd/mm/yyyy')).toEqual({ ok: true, value: '2023-04-03' });
    expect(parseDate('05.06.2021', 'dd/mm/yyyy')).toEqual({ ok: true, value: '2021-06-05' });
    expect(parseDate('03/04/2023', 'mm/dd/yyyy')).toEqual({ ok: true, value: '2023-03-04' });
    expect(parseDate('2023-04-03', 'yyyy-mm-dd')).toEqual({ ok: true, value: '2023-04-03' });
    expect(parseDate('2023. 04. 03.', 'yyyy-mm-dd').ok).toBe(false);
    expect(parseDate('31/02/2024', 'dd/mm/yyyy')).toEqual({ ok: false, message: '"31/02/2024" is not a valid date (dd/mm/yyyy)' });
    expect(parseDate('03/04/23', 'dd/mm/yyyy').ok).toBe(false);
    expect(parseDate('13/25/2023', 'mm/dd/yyyy').ok).toBe(false);
    expect(parseDate('2023-04-03', 'dd/mm/yyyy').ok).toBe(false);
  });

  it('reads decimals with the declared separator', () => {
    expect(parseDecimal('1.234,56', true)).toEqual({ ok: true, value: 1234.56 });
    expect(parseDecimal('1 234,5', true)).toEqual({ ok: true, value: 1234.5 });
    expect(parseDecimal('-980,00', true)).toEqual({ ok: true, value: -980 });
    expect(parseDecimal('1,234.56', false)).toEqual({ ok: true, value: 1234.56 });
    expect(parseDecimal('12,5', false).ok).toBe(false);
    expect(parseDecimal('1.23,4', true).ok).toBe(false);
    expect(parseDecimal('12.000,50 €', true).ok).toBe(false);
  });

  it('splits lists on ; and |', () => {
    expect(splitList(' vip ; nord|vip||')).toEqual(['vip', 'nord']);
  });
});

describe('reading back an export', () => {
  it('a cell neutralised against formula injection is imported as it was', () => {
    expect(row('companies', ['Ragione sociale', 'Telefono'], ["'=Rossi", "'+39 02 1234567"])).toMatchObject({
      ok: true,
      input: { legalName: '=Rossi', phones: [{ type: 'main', number: '+39 02 1234567' }] },
    });
    expect(row('companies', ['Ragione sociale'], ["'Rossi'"])).toMatchObject({ ok: true, input: { legalName: "'Rossi'" } });
  });
});

describe('defaults per locale', () => {
  it('dd/mm/yyyy for it, pl and hu; the unambiguous ISO form for en', () => {
    expect(['it', 'pl', 'hu', 'en'].map(defaultDateFormat)).toEqual(['dd/mm/yyyy', 'dd/mm/yyyy', 'dd/mm/yyyy', 'yyyy-mm-dd']);
  });
});

describe("the tenant's custom fields", () => {
  const definitions: CustomFieldDefinition[] = [
    { key: 'founded', label: 'Founded', labels: { it: 'Data fondazione', pl: 'Data założenia' }, type: 'date', required: false },
    { key: 'turnover', label: 'Turnover', labels: { it: 'Fatturato' }, type: 'number', required: false },
    { key: 'employees', label: 'Employees', labels: { it: 'Dipendenti' }, type: 'integer', required: false },
    { key: 'certified', label: 'ISO 9001', type: 'boolean', required: false },
    { key: 'sector', label: 'Sector', labels: { it: 'Settore' }, type: 'choice', options: ['Edilizia', 'Alimentare'], required: true },
    { key: 'markets', label: 'Markets', type: 'multichoice', options: ['IT', 'PL', 'HU'], required: false },
  ];
  const header = ['Ragione sociale', 'Data fondazione', 'Fatturato', 'Dipendenti', 'ISO 9001', 'Settore', 'markets'];
  const resolved = resolveColumns('companies', header, {}, definitions);
  if (!resolved.ok) throw new Error(resolved.message);
  const customRow = (cells: string[], overrides: Partial<RowOptions> = {}) =>
    rowToInput('companies', resolved.columns, header.length, cells, { ...options, customFields: definitions, ...overrides });

  it('are columns by key, label or localised label, read by type with the declared date format and decimal comma', () => {
    expect(resolved.columns.map((c) => c.field.name)).toEqual([
      'legalName', 'customFields.founded', 'customFields.turnover', 'customFields.employees', 'customFields.certified', 'customFields.sector', 'customFields.markets',
    ]);
    expect(customRow(['Caffè Ferrè S.r.l.', '03/04/1987', '1.234.567,89', '42', 'Sì', 'alimentare', 'it|pl'])).toMatchObject({
      ok: true,
      input: { customFields: { founded: '1987-04-03', turnover: 1234567.89, employees: 42, certified: true, sector: 'Alimentare', markets: ['IT', 'PL'] } },
    });
    expect(customRow(['A', '04/03/1987', '1,234,567.89', '', 'no', 'Edilizia', ''], { dateFormat: 'mm/dd/yyyy', decimalComma: false })).toMatchObject({
      ok: true,
      input: { customFields: { founded: '1987-04-03', turnover: 1234567.89, certified: false, sector: 'Edilizia' } },
    });
  });

  it('an invalid date, number or yes/no, a value outside the choices, a missing required one: issues with the 422 paths', () => {
    const result = customRow(['A', '31/02/1987', '12,5 €', '4,5', 'forse', 'Chimica', 'IT|DE']);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['customFields.founded', '"31/02/1987" is not a valid date (dd/mm/yyyy)'],
      ['customFields.turnover', '"12,5 €" is not a number (decimal comma)'],
      ['customFields.employees', '"4,5" is not a whole number'],
      ['customFields.certified', '"forse" is not yes or no'],
      ['customFields.sector', '"Chimica" is not one of Edilizia, Alimentare'],
      ['customFields.markets', '"DE" is not one of IT, PL, HU'],
    ]);
    expect(customRow(['A', '', '', '', '', '', ''])).toEqual({ ok: false, issues: [{ path: 'customFields.sector', column: 'Settore', message: 'required' }] });
  });
});
