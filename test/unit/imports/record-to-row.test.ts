import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { emptyCompanyProfile, type Company } from '../../../domain/directory/company.ts';
import type { Contact } from '../../../domain/directory/contact.ts';
import type { Lead } from '../../../domain/directory/lead-state.ts';
import { defaultCellFormat, formatDate, formatDecimal, joinList, parseDate, parseDecimal, splitList } from '../../../domain/imports/cell-values.ts';
import type { ImportKind, ImportLocale } from '../../../domain/imports/import-fields.ts';
import type { CustomFieldDefinition } from '../../../domain/settings/custom-fields.ts';
import { readCsv, type CsvRecord } from '../../../import/csv/read-csv.ts';
import { writeCsv } from '../../../import/csv/write-csv.ts';
import { resolveColumns } from '../../../import/mapping/columns.ts';
import { exportLayout, type ExportRecords } from '../../../import/mapping/record-to-row.ts';
import { rowToInput } from '../../../import/mapping/row-to-input.ts';
import { delimiterFor } from '../../../import/templates/import-template.ts';

const customFields: CustomFieldDefinition[] = [
  { key: 'founded', label: 'Founded', labels: { it: 'Fondata il', pl: 'Data założenia' }, type: 'date', required: false },
  { key: 'revenue', label: 'Revenue', labels: { it: 'Fatturato' }, type: 'number', required: false },
  { key: 'employees', label: 'Employees', type: 'integer', required: false },
  { key: 'listed', label: 'Listed', labels: { it: 'Quotata', hu: 'Tőzsdén' }, type: 'boolean', required: false },
  { key: 'sectors', label: 'Sectors', type: 'multichoice', options: ['Edilizia', 'Energia'], required: false },
  // A label a built-in column already reads (Area): written under its key instead.
  { key: 'zone', label: 'Area', type: 'choice', options: ['Nord', 'Sud'], required: false },
];

const company: Company = {
  id: 'c1',
  code: 'C000042',
  profile: {
    ...emptyCompanyProfile,
    legalName: '=Società Łódź Győr S.r.l.',
    aliases: ['SLG', 'Łódź Group'],
    kind: 'supplier',
    vatNumber: 'IT01234567897',
    taxCode: 'RSSMRA80A01H501U',
    addresses: [{ type: 'registered', street: 'Via "Roma" 12\nScala B, interno 3', postcode: '20121', city: 'Milano', region: 'MI', country: 'IT' }],
    phones: [
      { type: 'main', number: '+39 02 1234567' },
      { type: 'main', number: '02 7654321' },
      { type: 'mobile', number: '+39 333 1234567' },
      { type: 'office_fax', number: '+39 02 1111111' },
    ],
    emails: [
      { type: 'work', address: 'info@slg.it' },
      { type: 'work', address: 'amministrazione@slg.it' },
    ],
    website: 'https://www.slg.it/',
    categories: ['Ingrosso'],
    area: 'Nord',
    segments: ['Edilizia', 'Impianti'],
    tags: ['@home', 'vip', 'nord'],
  },
  responsibleUserId: 'olga',
  accountManagers: ['olga', 'mara'],
  status: 'active',
  customFields: { founded: '1987-03-04', revenue: -1234567.89, employees: 12, listed: true, sectors: ['Edilizia', 'Energia'], zone: 'Sud' },
  noteCount: 2,
  createdBy: 'ada',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};

const contact: Contact = {
  id: 'p1',
  profile: {
    firstName: 'Zsófia',
    lastName: '+Kovács',
    position: 'CEO',
    stage: 'lead',
    source: 'fiera',
    emails: [{ type: 'work', address: 'zsofia@example.hu' }],
    phones: [{ type: 'work', number: '+36 1 234 5678' }],
    address: { street: 'Fő utca 1', city: 'Győr', country: 'HU' },
    tags: ['a', 'b'],
    avatarKey: null,
  },
  companyId: 'c1',
  accountManagers: ['olga'],
  customFields: { founded: '2001-12-31', listed: false },
  segments: [],
  recentInteractions: [],
  interactionCount: 0,
  recentNotes: [],
  noteCount: 0,
  createdBy: 'ada',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};

const lead: Lead = {
  id: 'l1',
  profile: {
    companyName: 'Łódź Budowa Sp. z o.o.',
    vatNumber: 'PL1234567890',
    firstName: 'Łukasz',
    lastName: 'Żółć',
    position: null,
    emails: [{ type: 'work', address: 'lukasz@budowa.pl' }],
    phones: [{ type: 'mobile', number: '+48 600 100 200' }],
    address: null,
    website: null,
    source: 'web',
    tags: [],
  },
  ownerId: 'rita',
  stage: 'qualified',
  customFields: {},
  noteCount: 0,
  converted: null,
  createdBy: 'ada',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};

/** Writes the records as an export does and reads the file back as an import with default options does. */
const roundTrip = async <K extends ImportKind>(kind: K, locale: ImportLocale, records: ExportRecords[K][], definitions = customFields) => {
  const layout = exportLayout(kind, locale, definitions);
  const bytes = await buffer(writeCsv(records.map(layout.row), { header: layout.header, delimiter: delimiterFor(locale) }));
  const csv = readCsv((async function* () { yield bytes; })(), {});
  const rows: CsvRecord[] = [];
  for await (const record of csv.records) rows.push(record);
  const detected = await csv.detected;
  const columns = resolveColumns(kind, detected.header, {}, definitions);
  if (!columns.ok) throw new Error(columns.message);
  const inputs = rows.map((row) => {
    const input = rowToInput(kind, columns.columns, detected.header.length, row.fields, { ...defaultCellFormat, customFields: definitions });
    if (!input.ok) throw new Error(JSON.stringify(input.issues));
    return input;
  });
  return { bytes, layout, detected, inputs };
};

describe('exportLayout', () => {
  it('a company reads back as the body of the values it has, in every locale', async () => {
    for (const locale of ['it', 'en', 'pl', 'hu'] as const) {
      const { inputs, detected } = await roundTrip('companies', locale, [company]);
      expect(detected.delimiter).toBe(delimiterFor(locale));
      const [{ input, match }] = inputs as [(typeof inputs)[number]];
      expect(match.code).toBe('C000042');
      const { profile } = company;
      expect(input).toEqual({
        legalName: profile.legalName,
        aliases: profile.aliases,
        kind: profile.kind,
        vatNumber: profile.vatNumber,
        taxCode: profile.taxCode,
        addresses: profile.addresses,
        phones: profile.phones,
        emails: profile.emails,
        website: profile.website,
        categories: profile.categories,
        area: profile.area,
        segments: profile.segments,
        tags: profile.tags,
        status: company.status,
        responsibleUserId: company.responsibleUserId,
        accountManagers: company.accountManagers,
        customFields: company.customFields,
      });
    }
  });

  it('writes the header in the locale, custom fields by their label (or key, when the label is a built-in column)', async () => {
    const { layout } = await roundTrip('companies', 'it', [company]);
    expect(layout.header.slice(0, 3)).toEqual(['Codice', 'Ragione sociale', 'Tipo']);
    expect(layout.header.slice(-6)).toEqual(['Fondata il', 'Fatturato', 'Employees', 'Quotata', 'Sectors', 'customFields.zone']);
    expect(layout.row(company).slice(-6)).toEqual(['04/03/1987', '-1234567.89', '12', 'sì', 'Edilizia|Energia', 'Sud']);
  });

  it('neutralises formulas in the file and the importer restores them', async () => {
    const { bytes } = await roundTrip('companies', 'en', [company]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain("'=Società Łódź Győr S.r.l.");
    expect(text).toContain("'+39 02 1234567|02 7654321");
    expect(text).toContain("'-1234567.89");
    expect(text).toContain("'@home|vip|nord");
    expect(text).not.toMatch(/[,\n]=Società/);
  });

  it('a contact and a lead read back as the values they have', async () => {
    const contacts = await roundTrip('contacts', 'hu', [contact]);
    expect(contacts.inputs[0]!.input).toEqual({
      firstName: 'Zsófia',
      lastName: '+Kovács',
      position: 'CEO',
      stage: 'lead',
      source: 'fiera',
      emails: contact.profile.emails,
      phones: contact.profile.phones,
      address: contact.profile.address,
      companyId: 'c1',
      tags: ['a', 'b'],
      accountManagers: ['olga'],
      customFields: { founded: '2001-12-31', listed: false },
    });
    expect(contacts.inputs[0]!.match.email).toBe('zsofia@example.hu');
    const leads = await roundTrip('leads', 'pl', [lead], []);
    expect(leads.inputs[0]!.input).toEqual({
      companyName: 'Łódź Budowa Sp. z o.o.',
      vatNumber: 'PL1234567890',
      firstName: 'Łukasz',
      lastName: 'Żółć',
      emails: lead.profile.emails,
      phones: lead.profile.phones,
      source: 'web',
      ownerId: 'rita',
      stage: 'qualified',
    });
  });
});

describe('exportLayout: every value in the column that reads it back', () => {
  it('writes each phone in the column of its type, in the record’s order, and escapes list separators', () => {
    const record: Company = {
      ...company,
      profile: {
        ...company.profile,
        phones: [
          { type: 'landline', number: '1' },
          { type: 'home_fax', number: '2' },
          { type: 'mobile', number: '3' },
          { type: 'other', number: '4' },
          { type: 'work', number: '5' },
          { type: 'office_fax', number: '6' },
          { type: 'main', number: '7' },
        ],
        emails: [
          { type: 'support', address: 'a|b@x.it' },
          { type: 'work', address: 'c@x.it' },
        ],
        tags: ['a|b', 'c;d', 'e\\', 'f'],
      },
    };
    const layout = exportLayout('companies', 'en', []);
    const cells = Object.fromEntries(layout.header.map((header, i) => [header, layout.row(record)[i]]));
    expect(cells).toMatchObject({ Phone: '1|4|5|7', Mobile: '3', Fax: '2|6', Email: 'a\\|b@x.it|c@x.it', Tags: 'a\\|b|c\\;d|e\\\\|f' });
    expect(splitList(cells['Tags']!)).toEqual(['a|b', 'c;d', 'e\\', 'f']);
  });

  it('writes a custom field under its key when its label would read as another column or as none', () => {
    const definitions: CustomFieldDefinition[] = [
      { key: 'first', label: 'Note', type: 'text', required: false },
      { key: 'second', label: 'note', type: 'text', required: false },
      { key: 'third', label: '—', type: 'text', required: false },
      { key: 'fourth', label: 'Website', type: 'text', required: false },
      { key: 'fifth', label: 'Zone', type: 'text', required: false },
    ];
    expect(exportLayout('companies', 'en', definitions).header.slice(-5)).toEqual(['customFields.first', 'customFields.second', 'customFields.third', 'customFields.fourth', 'Zone']);
  });
});

describe('cell formats', () => {
  it('lists: joinList escapes what splitList would split on; a backslash before anything else is text', () => {
    const values = ['a|b', 'c;d', 'back\\slash', 'tail\\', '\\|', ' spaced ', '=x'];
    expect(splitList(joinList(values))).toEqual(values.map((value) => value.trim()));
    expect(splitList('C:\\dati|D:\\\\x')).toEqual(['C:\\dati', 'D:\\x']);
    expect(splitList(' vip ; nord|vip||')).toEqual(['vip', 'nord']);
  });

  it('dates and numbers are written as the importer reads them back', () => {
    for (const format of ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd'] as const) {
      expect(parseDate(formatDate('2024-02-29', format), format)).toEqual({ ok: true, value: '2024-02-29' });
    }
    for (const value of [0, -0.5, 1234567.891, 1e21, 1.5e-7, -42]) {
      for (const decimalComma of [false, true]) expect(parseDecimal(formatDecimal(value, decimalComma), decimalComma)).toEqual({ ok: true, value });
    }
  });
});
