import { describe, expect, it } from 'vitest';
import { headerKey, importFields, importKinds, importLocales } from '../../../domain/imports/import-fields.ts';
import { resolveColumns } from '../../../import/mapping/columns.ts';

const fieldsOf = (result: ReturnType<typeof resolveColumns>) => (result.ok ? result.columns.map((c) => [c.header, c.field.name, c.index]) : result);

describe('resolveColumns', () => {
  it('knows the localised headers and common aliases of Italian, Polish and Hungarian exports', () => {
    for (const name of ['Ragione sociale', 'Nazwa firmy', 'Cégnév', 'legalName', 'Legal name', 'DENOMINAZIONE', 'ragione_sociale']) {
      expect(fieldsOf(resolveColumns('companies', [name])), name).toEqual([[name, 'legalName', 0]]);
    }
    for (const name of ['Partita IVA', 'P.IVA', 'NIP', 'Adószám', 'VAT number', 'vatNumber']) {
      expect(fieldsOf(resolveColumns('companies', ['Ragione sociale', name])), name).toEqual([
        ['Ragione sociale', 'legalName', 0],
        [name, 'vatNumber', 1],
      ]);
    }
    expect(fieldsOf(resolveColumns('contacts', ['Imię', 'Nazwisko', 'Komórka', 'Miejscowość']))).toEqual([
      ['Imię', 'firstName', 0],
      ['Nazwisko', 'lastName', 1],
      ['Komórka', 'mobile', 2],
      ['Miejscowość', 'city', 3],
    ]);
    expect(fieldsOf(resolveColumns('leads', ['Ragione sociale', 'Fonte']))).toEqual([
      ['Ragione sociale', 'companyName', 0],
      ['Fonte', 'source', 1],
    ]);
  });

  it('every label and alias of a kind names one field only, and every template header reads back as its field', () => {
    for (const kind of importKinds) {
      const owner = new Map<string, string>();
      for (const field of importFields[kind]) {
        for (const name of [field.name, ...Object.values(field.labels), ...(field.aliases ?? [])]) {
          const key = headerKey(name);
          const previous = owner.get(key);
          expect(previous === undefined || previous === field.name, `${kind}: "${name}" names ${previous} and ${field.name}`).toBe(true);
          owner.set(key, field.name);
        }
      }
      for (const locale of importLocales) {
        const header = importFields[kind].map((field) => field.labels[locale]);
        const result = resolveColumns(kind, header);
        expect(result.ok && result.columns.map((c) => c.field.name), `${kind} ${locale}`).toEqual(importFields[kind].map((f) => f.name));
      }
    }
  });

  it('names the unknown columns instead of dropping them; an explicit mapping maps or ignores them', () => {
    const header = ['Ragione sociale', 'Data inserimento', 'Fatturato', ''];
    const refused = resolveColumns('companies', header);
    expect(refused).toMatchObject({ ok: false, problems: [{ reason: 'unknown_columns', headers: ['Data inserimento', 'Fatturato'] }] });
    expect(refused.ok || refused.message).toMatch(/unknown columns "Data inserimento", "Fatturato": map them/);

    const mapped = resolveColumns('companies', header, { 'Data inserimento': 'ignore', fatturato: 'ignore' });
    expect(fieldsOf(mapped)).toEqual([['Ragione sociale', 'legalName', 0]]);
    expect(fieldsOf(resolveColumns('companies', ['Cliente', 'Denominazione'], { Cliente: 'aliases' }))).toEqual([
      ['Cliente', 'aliases', 0],
      ['Denominazione', 'legalName', 1],
    ]);
  });

  it('refuses two columns for one field, a missing required column and a mapping that does not fit the file', () => {
    expect(resolveColumns('companies', ['Ragione sociale', 'Denominazione'])).toMatchObject({
      ok: false,
      problems: [{ reason: 'ambiguous', field: 'legalName', headers: ['Ragione sociale', 'Denominazione'] }],
    });
    expect(resolveColumns('companies', ['Partita IVA'])).toMatchObject({ ok: false, problems: [{ reason: 'missing_required', fields: ['legalName'] }] });
    expect(resolveColumns('contacts', ['Email'])).toMatchObject({ ok: false, problems: [{ reason: 'missing_required', fields: ['firstName or lastName'] }] });
    // The reason names the columns as a file's header would, not the API's field names.
    expect(resolveColumns('companies', ['Partita IVA'])).toMatchObject({ message: 'a column "Legal name" / "Ragione sociale" / "Nazwa firmy" / "Cégnév" is required' });
    expect(resolveColumns('contacts', ['Email'])).toMatchObject({ message: expect.stringMatching(/^a column "First name" \/ "Nome" .* or "Last name" \/ "Cognome" .* is required$/) });
    // An update file changes records: it needs no name column (upsert may create, so it does).
    expect(resolveColumns('companies', ['Partita IVA'], {}, [], 'update')).toMatchObject({ ok: true });
    expect(resolveColumns('contacts', ['Email'], {}, [], 'update')).toMatchObject({ ok: true });
    expect(resolveColumns('companies', ['Partita IVA'], {}, [], 'upsert')).toMatchObject({ ok: false });
    expect(resolveColumns('companies', ['Ragione sociale', 'X'], { X: 'turnover', Y: 'ignore' })).toMatchObject({
      ok: false,
      problems: [
        { reason: 'bad_mapping', header: 'X', detail: '"turnover" is not a field of companies' },
        { reason: 'bad_mapping', header: 'Y', detail: 'no column of the file has this header' },
      ],
    });
  });

  it('a header with no known column at all is its own problem (the file is not of this kind)', () => {
    expect(resolveColumns('companies', ['Foo', 'Bar', 'Baz'])).toEqual({
      ok: false,
      problems: [{ reason: 'no_known_column', headers: ['Foo', 'Bar', 'Baz'] }],
      message: 'no column of the header is a known companies column',
    });
  });
});
