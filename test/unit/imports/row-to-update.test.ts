import { describe, expect, it } from 'vitest';
import { importKinds, phoneColumnOf, type ImportKind } from '../../../domain/imports/import-fields.ts';
import { defaultCellFormat } from '../../../domain/imports/cell-values.ts';
import type { Address, Email, Phone } from '../../../events/directory/company-events.ts';
import { phoneTypes } from '../../../events/directory/company-events.ts';
import { resolveColumns } from '../../../import/mapping/columns.ts';
import { rowToInput, type ImportInputs } from '../../../import/mapping/row-to-input.ts';
import { mergeColumn, rowPathOf, rowToUpdate, type CurrentRecord } from '../../../import/mapping/row-to-update.ts';

/**
 * Given a record and a row (a header and its cells, read as the importer reads them), when the row
 * updates the record, then the body holds the record's values with only what the cells say changed.
 */
const given = (record: CurrentRecord) => ({
  when: <K extends ImportKind>(kind: K, header: string[], cells: string[], customFields = definitions) => {
    const columns = resolveColumns(kind, header, {}, customFields);
    if (!columns.ok) throw new Error(columns.message);
    const row = rowToInput(kind, columns.columns, header.length, cells, { ...defaultCellFormat, customFields, partial: true });
    if (!row.ok) throw new Error(JSON.stringify(row.issues));
    return { then: (expected: Record<string, unknown>) => expect(rowToUpdate(kind, row.input as ImportInputs[K], record)).toStrictEqual(expected) };
  },
});

const definitions = [
  { key: 'note', label: 'Note', type: 'text', required: false },
  { key: 'sectors', label: 'Sectors', type: 'multichoice', options: ['Edilizia', 'A|B', 'C;D'], required: false },
  { key: 'size', label: 'Size', type: 'choice', options: ['S', 's', 'M'], required: false },
  { key: 'employees', label: 'Employees', type: 'integer', required: false },
] as const;

const phones: Phone[] = [
  { type: 'landline', number: '+39 02 111' },
  { type: 'mobile', number: '+39 333 222' },
  { type: 'main', number: '+39 02 333' },
  { type: 'home_fax', number: '+39 02 444' },
  { type: 'other', number: '+39 02 555' },
  { type: 'office_fax', number: '+39 02 666' },
];
const emails: Email[] = [
  { type: 'billing', address: 'fatture@acme.it' },
  { type: 'work', address: 'info@acme.it' },
  { type: 'support', address: 'help@acme.it' },
];
const addresses: Address[] = [
  { type: 'office', street: 'Via Roma 1', city: 'Milano', country: 'IT' },
  { type: 'registered', city: 'Torino' },
  { type: 'shipping', street: 'Via Po 2', postcode: '10100' },
];
const company: CurrentRecord = { phones, emails, addresses, customFields: { note: ' spaced ', sectors: ['A|B', 'Edilizia', 'A|B'], size: 's', employees: 4 } };

describe('rowToUpdate', () => {
  it('the cells an export writes change nothing: types, order, other addresses and other columns stay', () => {
    given(company)
      .when('companies', ['Legal name', 'Phone', 'Mobile', 'Fax', 'Email', 'Street', 'City', 'Country', 'Note', 'Sectors', 'Size', 'Employees'], [
        'Acme',
        '+39 02 111|+39 02 333|+39 02 555',
        '+39 333 222',
        '+39 02 444|+39 02 666',
        'fatture@acme.it|info@acme.it|help@acme.it',
        'Via Roma 1',
        'Milano',
        'IT',
        'spaced',
        'A\\|B|Edilizia',
        's',
        '4',
      ])
      .then({ legalName: 'Acme', phones, emails, addresses });
  });

  it('an edited number keeps its type and place; the other columns’ phones stay', () => {
    given(company)
      .when('companies', ['Legal name', 'Phone'], ['Acme', '+39 02 111|+39 02 999|+39 02 555'])
      .then({ legalName: 'Acme', phones: phones.map((p) => (p.number === '+39 02 333' ? { type: 'main', number: '+39 02 999' } : p)) });
  });

  it('a number left out of its cell is removed, a new one is added at the end with the column’s type', () => {
    given(company)
      .when('companies', ['Legal name', 'Phone', 'Mobile'], ['Acme', '+39 02 555|+39 02 111', '+39 333 222|+39 333 999'])
      .then({
        legalName: 'Acme',
        phones: [phones[0], phones[1], phones[3], phones[4], phones[5], { type: 'mobile', number: '+39 333 999' }],
      });
    given({ phones: [] }).when('contacts', ['Last name', 'Phone', 'Mobile'], ['Rossi', '02 1', '333 1']).then({
      lastName: 'Rossi',
      phones: [{ type: 'work', number: '02 1' }, { type: 'mobile', number: '333 1' }],
    });
  });

  it('an empty cell changes nothing (not “clear”)', () => {
    given(company).when('companies', ['Legal name', 'Phone', 'Mobile', 'Fax', 'Email', 'City', 'Note'], ['Acme', '', '', '', '', '', '']).then({ legalName: 'Acme' });
  });

  it('e-mails: the column holds every type; an edited address keeps its type and place, case is no change', () => {
    given(company)
      .when('contacts', ['Last name', 'Email'], ['Rossi', 'FATTURE@acme.it|info@acme.it|assistenza@acme.it'])
      .then({ lastName: 'Rossi', emails: [emails[0], emails[1], { type: 'support', address: 'assistenza@acme.it' }] });
    given(company)
      .when('leads', ['Company', 'Email'], ['Acme', 'nuovo@acme.it|info@acme.it'])
      .then({ companyName: 'Acme', emails: [{ type: 'billing', address: 'nuovo@acme.it' }, emails[1]] });
  });

  it('the address columns update the lines they give of a company’s first address, keeping its type and the others', () => {
    given(company)
      .when('companies', ['Legal name', 'City', 'Postcode'], ['Acme', 'Bergamo', '24100'])
      .then({ legalName: 'Acme', addresses: [{ type: 'office', street: 'Via Roma 1', city: 'Bergamo', postcode: '24100', country: 'IT' }, addresses[1], addresses[2]] });
    given({ addresses: [] }).when('companies', ['Legal name', 'City'], ['Acme', 'Bergamo']).then({ legalName: 'Acme', addresses: [{ type: 'registered', city: 'Bergamo' }] });
  });

  it('a contact’s and a lead’s one address: the lines given change, the others stay', () => {
    given({ address: { street: 'ul. Długa 1', city: 'Łódź', country: 'PL' } })
      .when('contacts', ['Last name', 'City', 'Region'], ['Nowak', 'Kraków', 'małopolskie'])
      .then({ lastName: 'Nowak', address: { street: 'ul. Długa 1', city: 'Kraków', region: 'małopolskie', country: 'PL' } });
    given({ address: null }).when('leads', ['Company', 'City'], ['Acme', 'Győr']).then({ companyName: 'Acme', address: { city: 'Győr' } });
  });

  it('lists given replace the record’s; custom fields equal to the record’s as a cell reads them are left out', () => {
    given(company)
      .when('companies', ['Legal name', 'Tags', 'Note', 'Sectors', 'Size', 'Employees'], ['Acme', 'a\\;b|c', 'spaced', 'C\\;D', 'S', '4'])
      .then({ legalName: 'Acme', tags: ['a;b', 'c'], customFields: { sectors: ['C;D'], size: 'S' } });
  });
});

describe('mergeColumn', () => {
  const key = (value: string) => value.toLowerCase();
  const held = (value: string) => !value.startsWith('x');
  const edit = (_: string, value: string) => value;

  it('keeps the entries still in the cell and those the column does not hold, where they are', () => {
    expect(mergeColumn(['a', 'x1', 'b', 'c'], held, ['c', 'a', 'b'], key, edit)).toEqual(['a', 'x1', 'b', 'c']);
  });

  it('puts new values in the places of the entries gone from the cell, in order; the rest at the end', () => {
    expect(mergeColumn(['a', 'x1', 'b', 'c'], held, ['B', 'n1', 'n2', 'n3'], key, edit)).toEqual(['n1', 'x1', 'b', 'n2', 'n3']);
  });

  it('keeps a value the record has twice (the cell lists it once)', () => {
    expect(mergeColumn(['a', 'a', 'b'], held, ['a', 'b'], key, edit)).toEqual(['a', 'a', 'b']);
  });
});

describe('rowPathOf', () => {
  // The row keeps one number and edits another, and edits an e-mail; the update holds them among the record's own.
  const row = {
    legalName: 'Acme',
    phones: [
      { type: 'main', number: '+39 02 111' },
      { type: 'main', number: '02 999' },
    ],
    emails: [{ type: 'work', address: 'new@acme.it' }],
    addresses: [{ type: 'registered', city: 'X' }],
  };
  const update = rowToUpdate('companies', row as ImportInputs['companies'], company);

  it('finds a merged phone or e-mail in the row by its value, so an issue names the cell it came from', () => {
    expect((update['phones'] as Phone[]).map((p) => p.number)).toEqual(['+39 02 111', '+39 333 222', '02 999', '+39 02 444', '+39 02 666']);
    expect(rowPathOf(row, update, 'phones.2.number')).toBe('phones.1.number');
    expect(rowPathOf(row, update, 'phones.0')).toBe('phones.0');
    expect(rowPathOf(row, update, 'emails.0.address')).toBe('emails.0.address');
  });

  it('names an entry the row did not give (the record’s own, a company’s other address) by its list alone', () => {
    expect(rowPathOf(row, update, 'phones.1.number')).toBe('phones');
    expect(rowPathOf(row, update, 'addresses.2.city')).toBe('addresses');
    expect(rowPathOf(row, update, 'addresses.0.city')).toBe('addresses.0.city');
    expect(rowPathOf(row, update, 'legalName')).toBe('legalName');
    expect(rowPathOf(row, update, '')).toBe('');
  });
});

describe('phone columns', () => {
  it('every phone type has a column, and the type the importer gives each column is one of that column’s', () => {
    for (const type of phoneTypes) expect(['phone', 'mobile', 'fax']).toContain(phoneColumnOf(type));
    for (const kind of importKinds) {
      const name = { companies: 'Legal name', leads: 'Company', contacts: 'Last name' }[kind];
      const columns = resolveColumns(kind, ['Phone', 'Mobile', 'Fax', name], {});
      if (!columns.ok) throw new Error(columns.message);
      const row = rowToInput(kind, columns.columns, 4, ['1234567', '2345678', '3456789', 'Acme'], defaultCellFormat);
      if (!row.ok) throw new Error(JSON.stringify(row.issues));
      expect((row.input as { phones: Phone[] }).phones.map((p) => phoneColumnOf(p.type))).toEqual(['phone', 'mobile', 'fax']);
    }
  });
});
