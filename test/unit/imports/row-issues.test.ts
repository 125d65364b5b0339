import { describe, expect, it } from 'vitest';
import { UpdateCompanyBody } from '../../../contract/http/companies.ts';
import { DomainError, invalid } from '../../../domain/shared/errors.ts';
import { catalogued, unconfigured } from '../../../domain/directory/directory-settings.ts';
import type { ImportKind } from '../../../domain/imports/import-fields.ts';
import type { CustomFieldDefinition } from '../../../domain/settings/custom-fields.ts';
import type { ImportOptions } from '../../../events/imports/import-events.ts';
import { UniqueKeyTakenError } from '../../../adapters/dynamodb/event-store-errors.ts';
import { rejectionOf } from '../../../import/engine/directory-gateway.ts';
import { resolveColumns as resolveForJob, rowToInput as rowForJob } from '../../../import/engine/csv-port.ts';
import { resolveColumns } from '../../../import/mapping/columns.ts';
import { domainIssueText, zodIssueText } from '../../../import/mapping/row-issues.ts';
import { rowToInput } from '../../../import/mapping/row-to-input.ts';

/**
 * The reasons of rejected rows as the errors file shows them: the column as the file's header has it,
 * the value as written, what is wrong — never zod's or a body path's wording.
 */
const jobOptions: ImportOptions = { encoding: null, delimiter: null, dateFormat: 'dd/mm/yyyy', decimalComma: true, columns: [] };

/** The errors file's reason of one row (the job's own mapping), or its describer when the row maps. */
const job = (kind: ImportKind, header: string[], cells: string[]) => rowForJob(kind, resolveForJob(kind, header, {}), cells, jobOptions);
const reason = (kind: ImportKind, header: string[], cells: string[]) => {
  const row = job(kind, header, cells);
  return row.ok ? `(no issue)` : row.reason;
};

describe('reasons of rows the mapping rejects', () => {
  it('a missing required value names the column: "Ragione sociale: required"', () => {
    expect(reason('companies', ['Ragione sociale', 'Partita IVA'], ['', 'IT01234567897'])).toBe('Ragione sociale: required');
    expect(reason('leads', ['Azienda', 'Nome'], ['  ', 'Anna'])).toBe('Azienda: required');
    expect(reason('contacts', ['Nome', 'Cognome', 'Email'], ['', '', 'a@b.it'])).toBe('Nome or Cognome: required');
  });

  it('a bad e-mail names its column and quotes the address, also the second of a list', () => {
    expect(reason('companies', ['Ragione sociale', 'Email'], ['Alfa', 'foo'])).toBe('Email: "foo" is not an e-mail address');
    expect(reason('contacts', ['Cognome', 'E-mail'], ['Rossi', 'a@b.it; nope'])).toBe('E-mail: "nope" is not an e-mail address');
  });

  it('too long, too many values, an unknown kind: in words, with the value', () => {
    expect(reason('companies', ['Ragione sociale', 'Sito web'], ['Alfa', `www.${'a'.repeat(300)}.it`])).toMatch(/^Sito web: "www\.a+…" is too long \(at most 300 characters\)$/);
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`).join('|');
    expect(reason('companies', ['Ragione sociale', 'Etichette'], ['Alfa', tags])).toBe('Etichette: too many values (at most 50)');
    expect(reason('companies', ['Ragione sociale', 'Tipo'], ['Alfa', 'grossista'])).toBe(
      'Tipo: "grossista" is not a kind of company (client, prospect, supplier, competitor, partner)',
    );
  });

  it('several issues of a row in one reason, in column order', () => {
    expect(reason('companies', ['Ragione sociale', 'Email', 'Tipo'], ['', 'x', 'boh'])).toBe(
      'Tipo: "boh" is not a kind of company (client, prospect, supplier, competitor, partner); Ragione sociale: required; Email: "x" is not an e-mail address',
    );
  });

  it("custom fields: a wrong number, a choice outside the few allowed ones, a missing required one", () => {
    const definitions: CustomFieldDefinition[] = [
      { key: 'turnover', label: 'Turnover', labels: { it: 'Fatturato' }, type: 'number', required: false },
      { key: 'sector', label: 'Sector', labels: { it: 'Settore' }, type: 'choice', options: ['Edilizia', 'Alimentare'], required: true },
      { key: 'zone', label: 'Zone', type: 'choice', options: Array.from({ length: 20 }, (_, i) => `Z${i}`), required: false },
    ];
    const header = ['Ragione sociale', 'Fatturato', 'Settore', 'Zone'];
    const resolved = resolveColumns('companies', header, {}, definitions);
    if (!resolved.ok) throw new Error(resolved.message);
    const issues = (cells: string[]) => {
      const result = rowToInput('companies', resolved.columns, header.length, cells, { dateFormat: 'dd/mm/yyyy', decimalComma: true, customFields: definitions });
      return result.ok ? [] : result.issues.map((issue) => `${issue.column}: ${issue.message}`);
    };
    expect(issues(['Alfa', 'abc', 'Chimica', 'Z99'])).toEqual([
      'Fatturato: "abc" is not a number (decimal comma)',
      'Settore: "Chimica" is not one of Edilizia, Alimentare',
      'Zone: "Z99" is not one of the 20 allowed values',
    ]);
    expect(issues(['Alfa', '', '', ''])).toEqual(['Settore: required']);
  });
});

describe('reasons of rows the directory refuses', () => {
  const describeOf = (kind: ImportKind, header: string[], cells: string[]) => {
    const row = job(kind, header, cells);
    if (!row.ok) throw new Error(row.reason);
    return row.describe;
  };

  it("a decider's sentence gets the column and the value it is about", () => {
    const describe = describeOf('companies', ['Ragione sociale', 'Partita IVA', 'Telefono', 'Cellulare', 'Città'], [
      'Alfa',
      'IT123',
      '02 1234567',
      'abc',
      'Milano',
    ]);
    expect(describe.domainIssue('vatNumber', 'is not a valid IT VAT number')).toBe('Partita IVA: "IT123" is not a valid IT VAT number');
    // The second phone of the body came from the mobile column.
    expect(describe.domainIssue('phones.1.number', 'is not a phone number')).toBe('Cellulare: "abc" is not a phone number');
    expect(describe.domainIssue('addresses.0.city', 'must be at most 200 characters')).toBe('Città: "Milano" is too long (at most 200 characters)');
    expect(describe.domainIssue('legalName', 'must not be blank')).toBe('Ragione sociale: required');
    // A field the file has no column for is named by its English label.
    expect(describe.domainIssue('status', 'is not valid')).toBe('Status: is not valid');
    expect(describe.domainIssue('', 'the company was removed')).toBe('the company was removed');
  });

  it('a catalogue value names the allowed values when there are few', () => {
    const settings = {
      ...unconfigured,
      catalogues: {
        'company-statuses': {
          name: 'company-statuses',
          enforced: true,
          entries: [
            { value: 'attivo', labels: {}, active: true },
            { value: 'sospeso', labels: {}, active: true },
            { value: 'vecchio', labels: {}, active: false },
          ],
        },
      },
    } as const;
    let error: unknown;
    try {
      catalogued(settings, 'company-statuses', 'status', 'chiuso', null);
    } catch (caught) {
      error = caught;
    }
    const issues = rejectionOf(error)!;
    const describe = describeOf('companies', ['Ragione sociale', 'Stato'], ['Alfa', 'chiuso']);
    expect(issues.map((issue) => describe.domainIssue(issue.path, issue.message))).toEqual([
      'Stato: "chiuso" is not an active value of the company-statuses catalogue (allowed: attivo, sospeso)',
    ]);
  });

  it('the HTTP problem paths (body.…), a taken VAT number, a schema issue of an update body', () => {
    const describe = describeOf('companies', ['Ragione sociale', 'P.IVA'], ['Alfa', 'IT01234567897']);
    const word = (error: unknown) => rejectionOf(error)!.map((i) => (i.zod ? describe.zodIssue(i.zod) : describe.domainIssue(i.path, i.message)));
    expect(word(new DomainError('invalid', 'x', [{ path: 'body.vatNumber', message: 'is not a VAT number' }]))).toEqual([
      'P.IVA: "IT01234567897" is not a VAT number',
    ]);
    expect(word(invalid('vatNumber', 'is not a VAT number'))).toEqual(['P.IVA: "IT01234567897" is not a VAT number']);
    expect(word(new UniqueKeyTakenError('company-vat', 'IT:01234567897', 'c-42'))).toEqual([
      'P.IVA: "IT01234567897" is already used by another company (id c-42)',
    ]);
    expect(rejectionOf(new Error('DynamoDB is down'))).toBeNull();

    const parsed = UpdateCompanyBody.safeParse({ kind: 'grossista', legalName: '' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => describe.zodIssue(issue))).toEqual([
      'Ragione sociale: required',
      'Kind: the value is not one of client, prospect, supplier, competitor, partner',
    ]);
  });
});

describe('zod and decider wording', () => {
  it('from the issue code, never zod’s own text', () => {
    const issue = (code: string, extra: Record<string, unknown>) => ({ code, path: ['x'], message: 'zod text', input: undefined, ...extra }) as never;
    expect(zodIssueText(issue('invalid_type', { expected: 'string' }), undefined)).toBe('required');
    expect(zodIssueText(issue('invalid_type', { expected: 'number' }), 'abc')).toBe('"abc" is not a number');
    expect(zodIssueText(issue('invalid_format', { format: 'email' }), 'foo')).toBe('"foo" is not an e-mail address');
    expect(zodIssueText(issue('too_small', { origin: 'string', minimum: 1 }), '')).toBe('required');
    expect(zodIssueText(issue('too_small', { origin: 'string', minimum: 5 }), 'ab')).toBe('"ab" is too short (at least 5 characters)');
    expect(zodIssueText(issue('invalid_value', { values: ['a', 'b'] }), 'c')).toBe('"c" is not one of a, b');
    expect(zodIssueText(issue('custom', {}), 'c')).toBe('zod text');
    expect(domainIssueText('is not a phone number', '12')).toBe('"12" is not a phone number');
    expect(domainIssueText('no such company', 'C1')).toBe('no such company');
  });
});
