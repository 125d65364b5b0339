import type { z } from 'zod';
import { RegisterCompanyBody } from '../../contract/http/companies.ts';
import { CreateContactBody } from '../../contract/http/contacts.ts';
import { CreateLeadBody } from '../../contract/http/leads.ts';
import { parseDate, parseDecimal, splitList, type CellValue, type DateFormat } from '../../domain/imports/cell-values.ts';
import type { ImportKind } from '../../domain/imports/import-fields.ts';
import { normaliseEmail } from '../../domain/directory/search/emails.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { normaliseVat } from '../../domain/directory/search/vat.ts';
import { companyKinds } from '../../events/directory/company-events.ts';
import { customFieldIssues, type CustomFieldDefinition, type CustomFieldValue } from '../../domain/settings/custom-fields.ts';
import { restoreNeutralisedCell } from '../csv/write-csv.ts';
import type { Column } from './columns.ts';
import { domainIssueText, oneOf, quoted, rowDescriber, zodIssueText, type CellSource, type CellSources } from './row-issues.ts';

export type RegisterCompanyInput = z.infer<typeof RegisterCompanyBody>;
export type CreateLeadInput = z.infer<typeof CreateLeadBody>;
export type CreateContactInput = z.infer<typeof CreateContactBody>;

export interface ImportInputs {
  companies: RegisterCompanyInput;
  leads: CreateLeadInput;
  contacts: CreateContactInput;
}

/** Values an existing record may be matched on (update/upsert) and duplicates inside the file found by. */
export interface MatchValues {
  /** Company code as written (companies only). */
  readonly code: string | null;
  /** `normaliseVat(...).canonical`. */
  readonly vatNumber: string | null;
  /** The first e-mail, normalised. */
  readonly email: string | null;
  /** `normaliseName` of the legal/company name, or of "first last" for a contact. */
  readonly name: string | null;
}

export interface FieldIssue {
  /** The body path the value went to (as a 422 of the create route names it), e.g. `emails.0.address`; '' for the whole row. */
  readonly path: string;
  /** The file's header of the column (else the field's English label), when the issue is about a field. */
  readonly column?: string;
  /** What is wrong, in words, with the value as written: `"foo" is not an e-mail address`, `required`. */
  readonly message: string;
}

export interface RowOptions {
  /** How date custom fields are written in the file. */
  readonly dateFormat: DateFormat;
  /** Whether number custom fields use a decimal comma. */
  readonly decimalComma: boolean;
  /** The tenant's custom fields of the entity (as given to `resolveColumns`): a required one must have a value. */
  readonly customFields?: readonly CustomFieldDefinition[];
  /**
   * The row may update an existing record (update and upsert modes): required custom fields may be
   * left to the record's values (the decider checks the values the record ends up with).
   */
  readonly partial?: boolean;
  /**
   * The row only updates a record (update mode): the name fields the create body requires are not
   * required — an empty name cell, or no name column, leaves the record's name as it is.
   */
  readonly update?: boolean;
  /** ISO country for VAT numbers written without a prefix, e.g. the tenant's country. */
  readonly defaultCountry?: string;
}

export type RowResult<K extends ImportKind> =
  | { readonly ok: true; readonly input: ImportInputs[K]; readonly match: MatchValues }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

const bodies = { companies: RegisterCompanyBody, leads: CreateLeadBody, contacts: CreateContactBody } as const;

/** The create bodies with the name an update may leave out optional. */
const updateBodies = {
  companies: RegisterCompanyBody.partial({ legalName: true }),
  leads: CreateLeadBody.partial({ companyName: true }),
  contacts: CreateContactBody,
} as const;

const companyKindWords: Record<string, (typeof companyKinds)[number]> = {
  cliente: 'client', klient: 'client', ugyfel: 'client', customer: 'client', vevo: 'client',
  potenziale: 'prospect', prospetto: 'prospect', potencjalny: 'prospect', erdeklodo: 'prospect', lead: 'prospect',
  fornitore: 'supplier', dostawca: 'supplier', beszallito: 'supplier', szallito: 'supplier', vendor: 'supplier',
  concorrente: 'competitor', konkurent: 'competitor', konkurencja: 'competitor', versenytars: 'competitor',
  partner: 'partner', partnere: 'partner',
};

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim();

/** What one record's cells make, before the route schema checks it. */
interface ReadRow {
  readonly body: Record<string, unknown>;
  readonly customFields: Record<string, CustomFieldValue>;
  readonly emails: readonly { type: 'work'; address: string }[];
  readonly code: string | null;
  readonly sources: Map<string, CellSource>;
  readonly issues: FieldIssue[];
}

/** The cells of a record → the create body of the kind, where each value came from, and the cells that could not be read. */
function readRow(kind: ImportKind, columns: readonly Column[], headerLength: number, fields: readonly string[], options: RowOptions): ReadRow {
  const issues: FieldIssue[] = [];
  const extra = fields.slice(headerLength).filter((cell) => cell.trim() !== '');
  if (extra.length > 0) {
    issues.push({ path: '', message: `the row has ${fields.length} cells, the header ${headerLength}: a quote or delimiter is probably misplaced` });
  }

  const body: Record<string, unknown> = {};
  const customFields: Record<string, CustomFieldValue> = {};
  const address: Record<string, string> = {};
  const emails: { type: 'work'; address: string }[] = [];
  const phones: { type: string; number: string }[] = [];
  const sources = new Map<string, CellSource>();
  let code: string | null = null;
  const phoneType = kind === 'companies' ? 'main' : 'work';
  const addressPath = kind === 'companies' ? 'addresses.0' : 'address';

  for (const column of columns) {
    const cell = restoreNeutralisedCell((fields[column.index] ?? '').trim());
    if (cell === '') continue;
    const { name, type } = column.field;
    const from = (path: string, value = cell) => sources.set(path, { column: column.header, value });
    switch (type) {
      case 'list':
        body[name] = splitList(cell);
        from(name);
        (body[name] as string[]).forEach((item, i) => from(`${name}.${i}`, item));
        break;
      case 'email':
        for (const item of splitList(cell)) {
          from(`emails.${emails.length}`, item);
          emails.push({ type: 'work', address: item });
        }
        break;
      case 'phone':
      case 'mobile':
      case 'fax':
        for (const item of splitList(cell)) {
          from(`phones.${phones.length}`, item);
          phones.push({ type: type === 'phone' ? phoneType : type === 'mobile' ? 'mobile' : 'office_fax', number: item });
        }
        break;
      case 'companyKind': {
        from(name);
        const word = fold(cell);
        const value = (companyKinds as readonly string[]).includes(word) ? word : companyKindWords[word];
        if (value) body[name] = value;
        else issues.push({ path: name, column: column.header, message: `${quoted(cell)} is not a kind of company (${companyKinds.join(', ')})` });
        break;
      }
      case 'custom': {
        from(name);
        const definition = column.field.custom!;
        const value = customValue(definition, cell, options);
        if (value.ok) customFields[definition.key] = value.value;
        else issues.push({ path: name, column: column.header, message: value.message });
        break;
      }
      case 'text':
        if (addressFields.includes(name)) {
          address[name] = cell;
          from(`${addressPath}.${name}`);
        } else {
          if (name === 'code') code = cell;
          else body[name] = cell;
          from(name);
        }
        break;
    }
  }
  if (emails.length > 0) body.emails = emails;
  if (phones.length > 0) body.phones = phones;
  if (Object.keys(address).length > 0) {
    if (kind === 'companies') body.addresses = [{ type: 'registered', ...address }];
    else body.address = address;
  }
  if (Object.keys(customFields).length > 0) body.customFields = customFields;
  return { body, customFields, emails, code, sources, issues };
}

const addressFields = ['street', 'street2', 'postcode', 'city', 'region', 'country'];

/**
 * Where each value of the row's create body came from (column and cell), for describing the issues
 * the directory raises later about the row (`import/mapping/row-issues.ts`).
 */
export const rowSources = (kind: ImportKind, columns: readonly Column[], headerLength: number, fields: readonly string[], options: RowOptions): CellSources =>
  readRow(kind, columns, headerLength, fields, options).sources;

/**
 * One record → the body the create route of the kind takes, plus its match values. The body is
 * parsed with the route's own zod schema, so a row the route would answer 422 is rejected here, at
 * the same path. Each issue names the column as the file's header has it and says what is wrong in
 * words (`row-issues.ts`). Cells beyond the header, with text, are an issue (a missing quote shifted
 * them); fewer cells than the header is normal (spreadsheets drop trailing empty cells). A cell our
 * export neutralised against formula injection is read back as it was.
 */
export function rowToInput<K extends ImportKind>(
  kind: K,
  columns: readonly Column[],
  headerLength: number,
  fields: readonly string[],
  options: RowOptions,
): RowResult<K> {
  const { body, customFields, emails, code, sources, issues } = readRow(kind, columns, headerLength, fields, options);
  const describe = rowDescriber(kind, columns, () => sources);
  const add = (path: string, message: string) => {
    if (!issues.some((known) => known.path === path)) issues.push({ path, column: describe.column(path), message });
  };

  // The domain's own check (required fields, choices), so the row fails here at the 422's path.
  const definitions = (options.customFields ?? []).map((definition) => (options.partial ? { ...definition, required: false } : definition));
  for (const issue of customFieldIssues(definitions, customFields, customFields)) {
    add(issue.path, domainIssueText(issue.message, describe.value(issue.path)));
  }

  const parsed = (options.update ? updateBodies : bodies)[kind].safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      add(path, zodIssueText(issue, describe.value(path)));
    }
  }
  if (kind === 'contacts' && !options.update && body.firstName === undefined && body.lastName === undefined) {
    const names = columns.filter((column) => column.field.name === 'firstName' || column.field.name === 'lastName').map((column) => column.header);
    issues.push({ path: 'lastName', column: names.length > 0 ? names.join(' or ') : 'First name or last name', message: 'required' });
  }
  for (const [i, email] of emails.entries()) {
    if (!normaliseEmail(email.address)) add(`emails.${i}.address`, `${quoted(email.address)} is not an e-mail address`);
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };

  const input = parsed.data as Record<string, unknown>;
  const nameText =
    kind === 'companies'
      ? (input.legalName as string)
      : kind === 'leads'
        ? (input.companyName as string)
        : [input.firstName, input.lastName].filter(Boolean).join(' ');
  const vat = typeof input.vatNumber === 'string' ? normaliseVat(input.vatNumber, options.defaultCountry) : null;
  const match: MatchValues = {
    code,
    vatNumber: vat?.canonical ?? null,
    email: emails[0] ? normaliseEmail(emails[0].address) : null,
    name: nameText ? normaliseName(nameText) || null : null,
  };
  return { ok: true, input: parsed.data as ImportInputs[K], match };
}

const yes = new Set(['true', 'yes', 'y', '1', 'x', 'si', 'sì', 'vero', 'tak', 'igen']);
const no = new Set(['false', 'no', 'n', '0', 'falso', 'nie', 'nem']);

/** A custom-field cell → its value, read as its type says and the file's declared options. */
function customValue(definition: CustomFieldDefinition, cell: string, options: RowOptions): CellValue<CustomFieldValue> {
  const allowed = definition.options ?? [];
  // The option as written first: options may differ only by case ("A" and "a"), and an exported value must read back as itself.
  const choice = (item: string) =>
    allowed.find((option) => option === item) ?? allowed.find((option) => option.toLocaleLowerCase('und') === item.toLocaleLowerCase('und'));
  const choices = (items: readonly string[]): CellValue<CustomFieldValue> => {
    const unknown = items.find((item) => choice(item) === undefined);
    if (unknown !== undefined) return { ok: false, message: `${quoted(unknown)} is not ${oneOf(allowed)}` };
    return { ok: true, value: items.map((item) => choice(item)!) };
  };
  switch (definition.type) {
    case 'text':
      return { ok: true, value: cell };
    case 'number':
      return parseDecimal(cell, options.decimalComma);
    case 'integer': {
      const number = parseDecimal(cell, options.decimalComma);
      return number.ok && !Number.isSafeInteger(number.value) ? { ok: false, message: `"${cell}" is not a whole number` } : number;
    }
    case 'boolean': {
      const word = cell.toLocaleLowerCase('und');
      if (yes.has(word)) return { ok: true, value: true };
      if (no.has(word)) return { ok: true, value: false };
      return { ok: false, message: `"${cell}" is not yes or no` };
    }
    case 'date':
      return parseDate(cell, options.dateFormat);
    case 'choice': {
      const value = choices([cell]);
      return value.ok ? { ok: true, value: (value.value as string[])[0]! } : value;
    }
    case 'multichoice':
      return choices(splitList(cell));
  }
}
