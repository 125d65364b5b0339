import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { RegisterCompanyBody, UpdateCompanyBody } from '../../../contract/http/companies.ts';
import { CreateContactBody, UpdateContactBody } from '../../../contract/http/contacts.ts';
import { CreateLeadBody, UpdateLeadBody } from '../../../contract/http/leads.ts';
import { companyDecider, type Company, type CompanyCommand } from '../../../domain/directory/company.ts';
import { contactDecider, type Contact, type ContactCommand } from '../../../domain/directory/contact.ts';
import type { DirectorySettings } from '../../../domain/directory/directory-settings.ts';
import { leadDecider, type LeadCommand } from '../../../domain/directory/lead.ts';
import type { Lead } from '../../../domain/directory/lead-state.ts';
import { defaultCellFormat, joinList } from '../../../domain/imports/cell-values.ts';
import { importFields, importLocales, phoneColumnOf, type ImportKind, type ImportLocale } from '../../../domain/imports/import-fields.ts';
import { defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { CustomFieldDefinition } from '../../../domain/settings/custom-fields.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { Decider, DomainEvent, Recorded } from '../../../domain/shared/decider.ts';
import { validateForAppend } from '../../../contract/event-catalogue.ts';
import { addressTypes, companyKinds, phoneTypes, type Address, type Email, type Phone } from '../../../events/directory/company-events.ts';
import { companyView, updateFromBody } from '../../../application/directory/company-view.ts';
import { contactView, splitBody } from '../../../application/directory/contact-view.ts';
import { leadUpdateFromBody, leadView } from '../../../application/directory/lead-view.ts';
import { readCsv, type CsvRecord } from '../../../import/csv/read-csv.ts';
import { writeCsv } from '../../../import/csv/write-csv.ts';
import { resolveColumns } from '../../../import/mapping/columns.ts';
import { exportLayout, type ExportRecords } from '../../../import/mapping/record-to-row.ts';
import { rowToInput, type ImportInputs } from '../../../import/mapping/row-to-input.ts';
import { rowToUpdate, type CurrentRecord } from '../../../import/mapping/row-to-update.ts';
import { delimiterFor } from '../../../import/templates/import-template.ts';
import { companyFixture } from '../../support/company-fixture.ts';

/**
 * The export → import (update mode) round trip over generated awkward records, as the import job runs
 * it minus the database: each record is created through its decider from a body its create route
 * accepts (so it holds what the API can create, normalised), exported with `exportLayout` and
 * `writeCsv` in each locale, read back with `readCsv`, `resolveColumns` and `rowToInput` (default
 * options, update mode), merged with `rowToUpdate` into the record as `GET` shows it, parsed by the
 * update route's schema and decided by the update command. Unedited, every record decides nothing;
 * with one cell edited, the record after the events differs from before in that value only.
 */
const actor: Actor = { tenant: 'acme', userId: 'olga', role: 'admin', groups: [] };
const now = '2026-03-10T09:00:00.000Z';

const customFields: CustomFieldDefinition[] = [
  { key: 'note', label: 'Note', labels: { it: 'Nota', pl: 'Notatka', hu: 'Megjegyzés' }, type: 'text', required: false },
  // The same label twice, and a label that reads as no header at all: written under their keys.
  { key: 'remark', label: 'Note', type: 'text', required: false },
  { key: 'dash', label: '—', type: 'text', required: false },
  { key: 'revenue', label: 'Revenue', labels: { it: 'Fatturato' }, type: 'number', required: false },
  { key: 'employees', label: 'Employees', type: 'integer', required: false },
  { key: 'listed', label: 'Listed', labels: { it: 'Quotata', pl: 'Notowana', hu: 'Tőzsdén' }, type: 'boolean', required: false },
  { key: 'founded', label: 'Founded', labels: { it: 'Fondata il' }, type: 'date', required: false },
  { key: 'size', label: 'Size', type: 'choice', options: ['S', 's', 'M|L', '=XL'], required: false },
  { key: 'sectors', label: 'Sectors', type: 'multichoice', options: ['Edilizia', 'A|B', 'C;D', 'back\\slash', '@home', 'e'], required: false },
  // A tenant label that reads as a built-in column of every kind.
  { key: 'tagLine', label: 'Tags', type: 'text', required: false },
];
const settings: DirectorySettings = { catalogues: defaultCatalogues, customFields };

/** A small seeded generator (mulberry32): the same records on every run. */
const generator = (seed: number) => {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * (max + 1));
  const pick = <T,>(values: readonly T[]): T => values[int(values.length - 1)]!;
  const maybe = <T,>(value: () => T): T | undefined => (next() < 0.6 ? value() : undefined);
  const some = <T,>(values: () => T, max: number): T[] => Array.from({ length: int(max) }, values);
  return { next, int, pick, maybe, some };
};
type Random = ReturnType<typeof generator>;

/** Text that breaks naive CSV, list and formula handling. */
const awkward = [
  'Rossi',
  '=SOMMA(A1;A2)',
  '+Bianchi & Figli',
  '-meno',
  '@home',
  "'=già neutralizzato",
  "''+due apostrofi",
  'pipe|inside',
  'semi;colon',
  'back\\slash',
  'tail\\',
  '\\|mixed;up|',
  'Łódź Győr Ősz',
  'Zażółć gęślą jaźń',
  'Caffè "Ferrè"',
  'riga 1\nriga 2',
  'riga 1\r\nriga 2',
  'virgola, qui',
  'tab\tdentro',
  '  spazi intorno  ',
  '\t=1+1',
  'Árvíztűrő tükörfúrógép',
];
/** Number formats as people type them; each number gets its own last digits. */
const numbers = ['+39 02 12', '(02) 765-', '06/12', '+48 (22) 123.', '-36 1 234 ', '+36 30 1', '0039 333 ', ''];
const localParts = ['info', 'a|b', 'semi;colon', "o'neil", '=cmd', '+tag', '-x', 'ÁRVÍZ', 'back\\slash'];

const text = (r: Random) => r.pick(awkward);
const label = (r: Random) => r.pick(awkward).slice(0, 50);
const labels = (r: Random, max: number) => r.some(() => label(r), max);

let serial = 0;
const email = (r: Random): Email => ({ type: r.pick(['work', 'billing', 'support', 'other'] as const), address: `${r.pick(localParts)}${++serial}@example-${r.int(3)}.it` });
const phone = (r: Random): Phone => ({ type: r.pick(phoneTypes), number: `${r.pick(numbers)}${10000 + ++serial}` });
/** Phones in any order of types; now and then the same number twice (the API takes it). */
const phoneList = (r: Random): Phone[] => {
  const phones = r.some(() => phone(r), 7);
  if (phones.length > 1 && r.next() < 0.15) phones.push({ ...phones[0]!, type: r.pick(phoneTypes) });
  return phones;
};
const lines = (r: Random): Omit<Address, 'type'> => {
  const address: Record<string, string> = {};
  for (const line of ['street', 'street2', 'postcode', 'city', 'region', 'country'] as const) {
    // A country is a code or a name the domain reads (stored as the code), not any text.
    const value = r.maybe(() => (line === 'country' ? r.pick(['IT', 'Polska', 'Magyarország', 'Włochy', 'United Kingdom', 'hu']) : text(r)));
    if (value !== undefined) address[line] = value;
  }
  return address;
};

const customValues = (r: Random): Record<string, unknown> => {
  const values: Record<string, unknown> = {};
  const set = (key: string, value: () => unknown) => {
    const chosen = r.maybe(value);
    if (chosen !== undefined) values[key] = chosen;
  };
  set('note', () => r.pick([...awkward, '']));
  set('remark', () => text(r));
  set('dash', () => text(r));
  set('revenue', () => r.pick([0, -0.5, 1234567.891, 1e21, 1.5e-7, -42]));
  set('employees', () => r.pick([0, -3, 12, Number.MAX_SAFE_INTEGER]));
  set('listed', () => r.next() < 0.5);
  set('founded', () => r.pick(['1987-03-04', '2024-02-29', '2001-12-31']));
  set('size', () => r.pick(['S', 's', 'M|L', '=XL']));
  set('sectors', () => r.some(() => r.pick(['Edilizia', 'A|B', 'C;D', 'back\\slash', '@home', 'e']), 4));
  set('tagLine', () => text(r));
  return values;
};

const companyBody = (r: Random) => ({
  legalName: r.pick(awkward.filter((value) => value.trim() !== '')),
  aliases: labels(r, 3),
  kind: r.pick(companyKinds),
  ...(r.next() < 0.5 ? { vatNumber: r.pick(['IT01234567897', 'HU12345678', 'PL1234567890', 'DE123456789']) } : {}),
  ...(r.next() < 0.3 ? { taxCode: 'RSSMRA80A01H501U' } : {}),
  addresses: r.some(() => ({ type: r.pick(addressTypes), ...lines(r) }), 4),
  phones: phoneList(r),
  emails: r.some(() => email(r), 4),
  ...(r.next() < 0.5 ? { website: r.pick(['www.example.it', 'https://esempio.it/percorso?a=1|2;3', 'http://łódź.pl/']) } : {}),
  categories: labels(r, 3),
  ...(r.next() < 0.5 ? { area: text(r) } : {}),
  segments: labels(r, 3),
  tags: labels(r, 5),
  ...(r.next() < 0.5 ? { status: text(r) } : {}),
  ...(r.next() < 0.5 ? { responsibleUserId: r.pick(['olga', 'mara']) } : {}),
  // Ids as the API takes them (contract/http/common.ts RecordId): letters, digits, - and _.
  accountManagers: r.some(() => r.pick(['olga', 'mara', 'drop-0a1b', 'U_2']), 3),
  customFields: customValues(r),
});

const personName = (r: Random) => (r.next() < 0.5 ? { firstName: text(r), lastName: text(r) } : r.next() < 0.5 ? { firstName: 'Zsófia' } : { lastName: "O'Brien" });

const contactBody = (r: Random) => ({
  ...personName(r),
  ...(r.next() < 0.5 ? { position: text(r) } : {}),
  ...(r.next() < 0.5 ? { stage: text(r) } : {}),
  ...(r.next() < 0.5 ? { source: text(r) } : {}),
  emails: r.some(() => email(r), 4),
  phones: phoneList(r),
  ...(r.next() < 0.7 ? { address: lines(r) } : {}),
  ...(r.next() < 0.5 ? { companyId: 'co-1' } : {}),
  tags: labels(r, 5),
  accountManagers: r.some(() => r.pick(['olga', 'mara']), 2),
  customFields: customValues(r),
});

const leadBody = (r: Random) => ({
  companyName: r.pick(awkward.filter((value) => value.trim() !== '')),
  ...(r.next() < 0.5 ? { vatNumber: r.pick(['IT01234567897', 'PL1234567890']) } : {}),
  ...personName(r),
  ...(r.next() < 0.5 ? { position: text(r) } : {}),
  emails: r.some(() => email(r), 4),
  phones: phoneList(r),
  ...(r.next() < 0.7 ? { address: lines(r) } : {}),
  ...(r.next() < 0.5 ? { website: 'www.example.pl' } : {}),
  ...(r.next() < 0.5 ? { source: text(r) } : {}),
  ...(r.next() < 0.5 ? { ownerId: 'olga' } : {}),
  ...(r.next() < 0.5 ? { stage: text(r) } : {}),
  tags: labels(r, 5),
  customFields: customValues(r),
});

/** The company contacts link to (the link is checked on creation, not when it stays the same). */
const linkedCompany = companyFixture('co-1', { profile: { legalName: 'Acme' }, at: now });

/** Per kind: the record created from a create body, its `GET` view, and the update command an update body makes. */
interface Kind<K extends ImportKind, C> {
  readonly decider: Decider<C, ExportRecords[K] | null, DomainEvent>;
  body(r: Random): unknown;
  create(body: unknown, id: string): C;
  view(record: ExportRecords[K]): CurrentRecord;
  update(body: unknown): C;
}

const companies: Kind<'companies', CompanyCommand> = {
  decider: companyDecider as Decider<CompanyCommand, Company | null, DomainEvent>,
  body: companyBody,
  create: (body, id) => {
    const parsed = RegisterCompanyBody.parse(body);
    const { profile, ...ownership } = updateFromBody(parsed, settings);
    return { type: 'RegisterCompany', data: { companyId: id, sequence: 1, profile: { ...profile, legalName: parsed.legalName }, ...ownership, accountManagers: parsed.accountManagers ?? [] } };
  },
  view: (company) => companyView(company, 1),
  update: (body) => ({ type: 'UpdateCompany', data: updateFromBody(UpdateCompanyBody.parse(body), settings) }),
};

const contacts: Kind<'contacts', ContactCommand> = {
  decider: contactDecider as Decider<ContactCommand, Contact | null, DomainEvent>,
  body: contactBody,
  create: (body, id) => {
    const { companyId, accountManagers, customFields: values, ...profile } = CreateContactBody.parse(body);
    return {
      type: 'CreateContact',
      data: { contactId: id, profile, accountManagers: accountManagers ?? [], settings, ...(companyId ? { company: { companyId, company: linkedCompany } } : {}), ...(values ? { customFields: values } : {}) },
    };
  },
  view: (contact) => contactView(contact, 1),
  update: (body) => {
    const { profile, companyId, accountManagers, customFields: values } = splitBody(UpdateContactBody.parse(body));
    return {
      type: 'UpdateContact',
      data: {
        settings,
        ...(values !== undefined ? { customFields: values } : {}),
        ...(Object.keys(profile).length > 0 ? { profile } : {}),
        ...(companyId ? { company: { companyId, company: linkedCompany } } : {}),
        ...(accountManagers !== undefined ? { accountManagers } : {}),
      },
    };
  },
};

const leads: Kind<'leads', LeadCommand> = {
  decider: leadDecider as Decider<LeadCommand, Lead | null, DomainEvent>,
  body: leadBody,
  create: (body, id) => {
    const { ownerId, stage, customFields: values, ...profile } = CreateLeadBody.parse(body);
    return { type: 'CreateLead', data: { leadId: id, profile, settings, ...(values ? { customFields: values } : {}), ...(ownerId !== undefined ? { ownerId } : {}), ...(stage !== undefined ? { stage } : {}) } };
  },
  view: (lead) => leadView(lead, 1),
  update: (body) => ({ type: 'UpdateLead', data: leadUpdateFromBody(UpdateLeadBody.parse(body) as z.output<typeof UpdateLeadBody>, settings) }),
};

const kinds = { companies, contacts, leads };

/** Decides and folds, checking every event against its published schema (what the event store does). */
const apply = <S, C>(decider: Decider<C, S, DomainEvent>, state: S, command: C) => {
  const events = decider.decide(command, state, { actor, now });
  for (const event of events) validateForAppend(event.type, event.data);
  const after = events.reduce((current, event) => decider.evolve(current, { ...event, at: now, actor: actor.userId } as Recorded<DomainEvent>), state);
  return { events, after };
};

const generated = <K extends ImportKind>(kind: K, seed: number, count: number): ExportRecords[K][] => {
  const r = generator(seed);
  const spec = kinds[kind] as unknown as Kind<K, unknown>;
  return Array.from({ length: count }, (_, i) => apply(spec.decider, null, spec.create(spec.body(r), `${kind}-${i}`)).after!);
};

/** The records exported in `locale` (each row through `edit`), the file read back, each row merged into its record and decided. */
const roundTrip = async <K extends ImportKind>(kind: K, locale: ImportLocale, records: readonly ExportRecords[K][], edit: (row: string[], record: ExportRecords[K]) => void = () => {}) => {
  const spec = kinds[kind] as unknown as Kind<K, unknown>;
  const layout = exportLayout(kind, locale, customFields);
  const rows = records.map((record) => {
    const row = layout.row(record);
    edit(row, record);
    return row;
  });
  const bytes = await buffer(writeCsv(rows, { header: layout.header, delimiter: delimiterFor(locale) }));
  const csv = readCsv((async function* () { yield bytes; })(), {});
  const read: CsvRecord[] = [];
  for await (const record of csv.records) read.push(record);
  const detected = await csv.detected;
  expect(detected.header).toEqual(layout.header);
  const columns = resolveColumns(kind, detected.header, {}, customFields);
  if (!columns.ok) throw new Error(columns.message);
  expect(read).toHaveLength(records.length);
  return read.map((line, i) => {
    const row = rowToInput(kind, columns.columns, detected.header.length, line.fields, { ...defaultCellFormat, customFields, partial: true });
    if (!row.ok) throw new Error(`${kind} ${locale} row ${i}: ${JSON.stringify(row.issues)}`);
    const record = records[i]!;
    const body = rowToUpdate(kind, row.input as ImportInputs[K], spec.view(record));
    return { record, ...apply(spec.decider, record as ExportRecords[K] | null, spec.update(body)) };
  });
};

const columnOf = (kind: ImportKind, name: string) => importFields[kind].findIndex((field) => field.name === name);
const customColumnOf = (kind: ImportKind, key: string) => importFields[kind].length + customFields.findIndex((definition) => definition.key === key);

const profileOf = (record: Company | Contact | Lead) => record.profile as { phones: Phone[]; emails: Email[]; tags: string[] };
const withoutTime = (record: unknown) => ({ ...(record as object), updatedAt: null });

const seeds = { companies: 11, contacts: 22, leads: 33 } as const;
const perKind = 40;

describe.each(['companies', 'contacts', 'leads'] as const)('%s: export → import in update mode', (kind) => {
  const records = generated(kind, seeds[kind], perKind);

  it.each(importLocales)('changes nothing, in %s', async (locale) => {
    for (const { events, record } of await roundTrip(kind, locale, records)) expect(events, JSON.stringify(record)).toEqual([]);
  });

  it('the generated records are as awkward as promised', () => {
    const all = records.map(profileOf);
    expect(new Set(all.flatMap((p) => p.phones.map((phone) => phone.type)))).toEqual(new Set(phoneTypes));
    expect(new Set(all.flatMap((p) => p.emails.map((e) => e.type))).size).toBe(4);
    expect(all.some((p) => p.tags.some((tag) => tag.includes('|'))) && all.some((p) => p.tags.some((tag) => tag.includes(';')))).toBe(true);
    expect(all.some((p) => p.phones.length >= 5)).toBe(true);
    if (kind === 'companies') expect((records as Company[]).some((c) => new Set(c.profile.addresses.map((a) => a.type)).size >= 3)).toBe(true);
    expect(records.some((record) => typeof record.customFields['note'] === 'string' && record.customFields['note'] !== String(record.customFields['note']).trim())).toBe(true);
  });

  it.each(importLocales)('with one cell edited, changes that value and nothing else, in %s', async (locale) => {
    // Each edit: a cell, and the record it should give. Records without the value edited are skipped by the edit.
    const edits: { name: string; apply: (row: string[], record: ExportRecords[typeof kind]) => ((before: ExportRecords[typeof kind]) => unknown) | null }[] = [
      {
        name: 'the last number of the phone column',
        apply: (row, record) => {
          const held = profileOf(record).phones.filter((p) => phoneColumnOf(p.type) === 'phone');
          // A number the record has twice is one value of the cell: editing "one of them" says nothing.
          if (held.length === 0 || new Set(held.map((p) => p.number)).size < held.length) return null;
          const edited = held.at(-1)!;
          row[columnOf(kind, 'phone')] = joinList([...held.slice(0, -1).map((p) => p.number), '+36 1 999 9999']);
          return (before) => {
            const expected = structuredClone(before);
            const phones = profileOf(expected).phones;
            phones[profileOf(before).phones.lastIndexOf(edited)] = { type: edited.type, number: '+36 1 999 9999' };
            return expected;
          };
        },
      },
      {
        name: 'the first e-mail',
        apply: (row, record) => {
          const emails = profileOf(record).emails;
          if (emails.length === 0) return null;
          row[columnOf(kind, 'email')] = joinList(['nuovo|indirizzo@example.hu', ...emails.slice(1).map((e) => e.address)]);
          return (before) => {
            const expected = structuredClone(before);
            profileOf(expected).emails[0] = { type: emails[0]!.type, address: 'nuovo|indirizzo@example.hu' };
            return expected;
          };
        },
      },
      {
        name: 'the city',
        apply: (row) => {
          row[columnOf(kind, 'city')] = 'Città; nuova|Győr';
          return (before) => {
            const expected = structuredClone(before) as Company & Contact;
            if (kind === 'companies') {
              const [first, ...others] = expected.profile.addresses;
              (expected.profile as Company['profile']).addresses = [first ? { ...first, city: 'Città; nuova|Győr' } : { type: 'registered', city: 'Città; nuova|Győr' }, ...others];
            } else expected.profile.address = { ...expected.profile.address, city: 'Città; nuova|Győr' };
            return expected;
          };
        },
      },
      {
        name: 'a tag added',
        apply: (row, record) => {
          const tags = [...profileOf(record).tags, '=nuovo|tag;x'];
          row[columnOf(kind, 'tags')] = joinList(tags);
          return (before) => {
            const expected = structuredClone(before);
            profileOf(expected).tags = tags;
            return expected;
          };
        },
      },
      {
        name: 'a custom field',
        apply: (row) => {
          row[customColumnOf(kind, 'sectors')] = joinList(['C;D', 'A|B']);
          return (before) => ({ ...structuredClone(before), customFields: { ...before.customFields, sectors: ['C;D', 'A|B'] } });
        },
      },
    ];
    for (const edit of edits) {
      const expectations = new Map<ExportRecords[typeof kind], (before: ExportRecords[typeof kind]) => unknown>();
      const results = await roundTrip(kind, locale, records, (row, record) => {
        const expected = edit.apply(row, record);
        if (expected) expectations.set(record, expected);
      });
      expect(expectations.size, edit.name).toBeGreaterThan(perKind / 4);
      for (const { record, after } of results) {
        const expected = expectations.get(record);
        if (!expected) continue;
        expect(withoutTime(after), `${edit.name}: ${JSON.stringify(record)}`).toEqual(withoutTime(expected(record)));
      }
    }
  });
});
