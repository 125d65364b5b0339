import type { Company } from '../../domain/directory/company.ts';
import type { Contact } from '../../domain/directory/contact.ts';
import type { Lead } from '../../domain/directory/lead-state.ts';
import { defaultCellFormat, formatDate, formatDecimal, joinList } from '../../domain/imports/cell-values.ts';
import { customImportField, headerKey, importFields, phoneColumnOf, type ImportField, type ImportKind, type ImportLocale } from '../../domain/imports/import-fields.ts';
import type { CustomFieldDefinition, CustomFieldValue, CustomFieldValues } from '../../domain/settings/custom-fields.ts';
import type { Address, Email, Phone } from '../../events/directory/company-events.ts';

/**
 * The reverse of `row-to-input.ts`: a directory record → the cells of the import template's columns
 * (plus one per custom field of the tenant), written so that an import in update mode with default
 * options reads every value back as it is — an exported file re-imports without changing anything.
 *
 * Each value goes to the column that updates it on import (`row-to-update.ts`): every phone to the
 * column of its type (`phoneColumnOf`), every e-mail to the e-mail column, in the record's order; a
 * company's first address to the address columns. What the columns do not show — the phone and
 * e-mail types, a company's other addresses — the update keeps.
 */
export interface ExportRecords {
  companies: Company;
  contacts: Contact;
  leads: Lead;
}

export interface ExportLayout<K extends ImportKind> {
  readonly header: readonly string[];
  row(record: ExportRecords[K]): string[];
}

type Value = string | readonly string[] | null | undefined;

/** The phone, mobile and fax columns, each with the numbers of its types in the record's order. */
const phoneColumns = (phones: readonly Phone[]) => ({
  phone: phones.filter((p) => phoneColumnOf(p.type) === 'phone').map((p) => p.number),
  mobile: phones.filter((p) => phoneColumnOf(p.type) === 'mobile').map((p) => p.number),
  fax: phones.filter((p) => phoneColumnOf(p.type) === 'fax').map((p) => p.number),
});

const contactPoints = (emails: readonly Email[], phones: readonly Phone[]) => ({ email: emails.map((e) => e.address), ...phoneColumns(phones) });

const addressColumns = (address: Omit<Address, 'type'> | null | undefined) => ({
  street: address?.street,
  street2: address?.street2,
  postcode: address?.postcode,
  city: address?.city,
  region: address?.region,
  country: address?.country,
});

/** Each kind's record as the template's field names (`importFields`) → value. */
const valuesOf: { [K in ImportKind]: (record: ExportRecords[K]) => Record<string, Value> } = {
  companies: (company) => {
    const { profile } = company;
    return {
      code: company.code,
      legalName: profile.legalName,
      kind: profile.kind,
      vatNumber: profile.vatNumber,
      taxCode: profile.taxCode,
      ...addressColumns(profile.addresses[0]),
      ...contactPoints(profile.emails, profile.phones),
      website: profile.website,
      aliases: profile.aliases,
      area: profile.area,
      categories: profile.categories,
      segments: profile.segments,
      tags: profile.tags,
      status: company.status,
      responsibleUserId: company.responsibleUserId,
      accountManagers: company.accountManagers,
    };
  },
  contacts: (contact) => {
    const { profile } = contact;
    return {
      firstName: profile.firstName,
      lastName: profile.lastName,
      position: profile.position,
      stage: profile.stage,
      source: profile.source,
      ...contactPoints(profile.emails, profile.phones),
      ...addressColumns(profile.address),
      companyId: contact.companyId,
      tags: profile.tags,
      accountManagers: contact.accountManagers,
    };
  },
  leads: (lead) => {
    const { profile } = lead;
    return {
      companyName: profile.companyName,
      vatNumber: profile.vatNumber,
      firstName: profile.firstName,
      lastName: profile.lastName,
      position: profile.position,
      ...contactPoints(profile.emails, profile.phones),
      ...addressColumns(profile.address),
      website: profile.website,
      source: profile.source,
      ownerId: lead.ownerId,
      stage: lead.stage,
      tags: profile.tags,
    };
  },
};

const cell = (value: Value): string => (value === null || value === undefined ? '' : typeof value === 'string' ? value : joinList(value));

/** Yes and no in the header's language: the importer reads all of them (`row-to-input.ts`). */
const yesNo: Record<ImportLocale, readonly [string, string]> = { en: ['yes', 'no'], it: ['sì', 'no'], pl: ['tak', 'nie'], hu: ['igen', 'nem'] };

/** A custom-field value as the importer reads it with default options (dates, decimal point). */
const customCell = (definition: CustomFieldDefinition, value: CustomFieldValue | undefined, locale: ImportLocale): string => {
  if (value === null || value === undefined) return '';
  switch (definition.type) {
    case 'date':
      return formatDate(String(value), defaultCellFormat.dateFormat);
    case 'number':
    case 'integer':
      return typeof value === 'number' ? formatDecimal(value, defaultCellFormat.decimalComma) : String(value);
    case 'boolean':
      return yesNo[locale][value === true ? 0 : 1];
    case 'multichoice':
      return Array.isArray(value) ? joinList(value) : String(value);
    default:
      return String(value);
  }
};

/** Every header the importer reads as this field (`resolveColumns`), compared as it compares them. */
const headerKeysOf = (field: ImportField): string[] => [field.name, ...Object.values(field.labels), ...(field.aliases ?? [])].map(headerKey);

/**
 * A custom field's header: its label in the locale, unless the importer would read that label as
 * another column — a built-in one (built-in names and labels take precedence), another custom field
 * with the same label or key — or as none (a label of punctuation only); then `customFields.<key>`.
 */
const customHeader = (kind: ImportKind, definition: CustomFieldDefinition, locale: ImportLocale, all: readonly CustomFieldDefinition[]): string => {
  const label = customImportField(definition).labels[locale];
  const key = headerKey(label);
  const builtIn = importFields[kind].some((field) => [field.name, ...Object.values(field.labels)].some((name) => headerKey(name) === key));
  const claimed = all.some((other) => other.key !== definition.key && headerKeysOf(customImportField(other)).includes(key));
  return key === '' || builtIn || claimed ? `customFields.${definition.key}` : label;
};

/** The header and the row of each record: the template's columns in `locale`, then the custom fields. */
export const exportLayout = <K extends ImportKind>(kind: K, locale: ImportLocale, customFields: readonly CustomFieldDefinition[]): ExportLayout<K> => {
  const fields = importFields[kind];
  const values = valuesOf[kind] as (record: ExportRecords[K]) => Record<string, Value>;
  return {
    header: [...fields.map((field) => field.labels[locale]), ...customFields.map((definition) => customHeader(kind, definition, locale, customFields))],
    row: (record) => {
      const byName = values(record);
      const custom: CustomFieldValues = record.customFields ?? {};
      return [...fields.map((field) => cell(byName[field.name])), ...customFields.map((definition) => customCell(definition, custom[definition.key], locale))];
    },
  };
};
