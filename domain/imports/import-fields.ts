/**
 * The columns an import file may have, per kind, with their header in each locale (the template's
 * header row) and the aliases real exports use. Names are the English field names; the mapping to the
 * create bodies is in `import/mapping/row-to-input.ts`.
 */
export const importKinds = ['companies', 'leads', 'contacts'] as const;
export type ImportKind = (typeof importKinds)[number];

export const importLocales = ['en', 'it', 'pl', 'hu'] as const;
export type ImportLocale = (typeof importLocales)[number];

import type { CustomFieldDefinition } from '../settings/custom-fields.ts';
import type { Phone } from '../../events/directory/company-events.ts';

/** How a cell is read; `custom`: as the tenant's custom-field definition says. */
export type FieldType = 'text' | 'list' | 'email' | 'phone' | 'mobile' | 'fax' | 'companyKind' | 'custom';

export interface ImportField {
  readonly name: string;
  readonly type: FieldType;
  /** Header in the template, per locale. */
  readonly labels: Readonly<Record<ImportLocale, string>>;
  /** Other headers seen in exports (any language); compared folded (case, accents, punctuation ignored). */
  readonly aliases?: readonly string[];
  /** An example value for the template row. */
  readonly example: string;
  /** For `custom`: the definition; `name` is then `customFields.<key>`. */
  readonly custom?: CustomFieldDefinition;
}

/** The import column of a tenant's custom field: matched by key, label or any localised label. */
export const customImportField = (definition: CustomFieldDefinition): ImportField => {
  const label = (locale: ImportLocale) => definition.labels?.[locale] ?? definition.label;
  return {
    name: `customFields.${definition.key}`,
    type: 'custom',
    labels: { en: label('en'), it: label('it'), pl: label('pl'), hu: label('hu') },
    aliases: [definition.key, definition.label],
    example: '',
    custom: definition,
  };
};

const f = (
  name: string,
  type: FieldType,
  labels: [en: string, it: string, pl: string, hu: string],
  example: string,
  aliases: string[] = [],
): ImportField => ({ name, type, labels: { en: labels[0], it: labels[1], pl: labels[2], hu: labels[3] }, example, aliases });

const address = [
  f('street', 'text', ['Street', 'Indirizzo', 'Ulica', 'Utca'], 'Via Roma 12', ['address', 'via', 'indirizzo sede', 'adres', 'cím', 'cim', 'street address', 'utca, házszám']),
  f('street2', 'text', ['Street 2', 'Indirizzo 2', 'Ulica 2', 'Utca 2'], '', ['address 2', 'address line 2', 'adres 2']),
  f('postcode', 'text', ['Postcode', 'CAP', 'Kod pocztowy', 'Irányítószám'], '20121', ['zip', 'zip code', 'postal code', 'post code', 'codice postale', 'irsz']),
  f('city', 'text', ['City', 'Città', 'Miasto', 'Település'], 'Milano', ['town', 'comune', 'citta', 'località', 'miejscowość', 'város', 'varos']),
  f('region', 'text', ['Region', 'Provincia', 'Województwo', 'Megye'], 'MI', ['province', 'state', 'prov', 'regione', 'wojewodztwo', 'county']),
  f('country', 'text', ['Country', 'Nazione', 'Kraj', 'Ország'], 'IT', ['paese', 'nazione', 'orszag', 'country code']),
];

const contactPoints = [
  f('email', 'email', ['Email', 'Email', 'E-mail', 'E-mail'], 'info@example.com', ['e-mail', 'mail', 'posta elettronica', 'email address', 'adres e-mail', 'e-mail cím']),
  f('phone', 'phone', ['Phone', 'Telefono', 'Telefon', 'Telefon'], '+39 02 1234567', ['tel', 'telephone', 'tel.', 'numer telefonu', 'telefonszám']),
  f('mobile', 'mobile', ['Mobile', 'Cellulare', 'Telefon komórkowy', 'Mobil'], '+39 333 1234567', ['cell', 'cellphone', 'mobile phone', 'komórka', 'komorka', 'mobiltelefon']),
  f('fax', 'fax', ['Fax', 'Fax', 'Faks', 'Fax'], '', ['telefax']),
];

/** The three phone columns (field names of `contactPoints`). */
export type PhoneColumn = 'phone' | 'mobile' | 'fax';

/**
 * The column that holds a phone of this type: an export writes it there, and in update mode that
 * column's cell updates it (`import/mapping/row-to-update.ts`). Every type has one; the importer gives
 * a new number the column's own type (phone: main for companies, work otherwise; fax: office_fax).
 */
export const phoneColumnOf = (type: Phone['type']): PhoneColumn =>
  type === 'mobile' ? 'mobile' : type === 'office_fax' || type === 'home_fax' ? 'fax' : 'phone';

const tags = f('tags', 'list', ['Tags', 'Etichette', 'Tagi', 'Címkék'], 'vip|nord', ['tag', 'labels', 'tagi', 'címke']);
const website = f('website', 'text', ['Website', 'Sito web', 'Strona WWW', 'Weboldal'], 'www.example.com', ['web', 'www', 'sito', 'url', 'homepage', 'strona']);
const vatNumber = f('vatNumber', 'text', ['VAT number', 'Partita IVA', 'NIP', 'Adószám'], 'IT01234567890', ['vat', 'vat no', 'vat id', 'p.iva', 'piva', 'p. iva', 'numero partita iva', 'nip', 'adoszam', 'közösségi adószám', 'ust-id', 'tax id']);
const firstName = f('firstName', 'text', ['First name', 'Nome', 'Imię', 'Keresztnév'], 'Mario', ['first', 'given name', 'imie', 'utónév', 'keresztnev']);
const lastName = f('lastName', 'text', ['Last name', 'Cognome', 'Nazwisko', 'Vezetéknév'], 'Rossi', ['last', 'surname', 'family name', 'vezeteknev']);
const position = f('position', 'text', ['Position', 'Ruolo', 'Stanowisko', 'Beosztás'], 'CEO', ['role', 'job title', 'title', 'carica', 'funzione', 'beosztas']);
const source = f('source', 'text', ['Source', 'Fonte', 'Źródło', 'Forrás'], 'Fiera', ['origine', 'lead source', 'zrodlo', 'forras']);
const stage = f('stage', 'text', ['Stage', 'Fase', 'Etap', 'Szakasz'], '', ['stato lead', 'etap', 'fázis']);
const accountManagers = f('accountManagers', 'list', ['Account managers', 'Account manager', 'Opiekunowie', 'Kapcsolattartók'], '', ['account manager', 'opiekun', 'agente']);

export const importFields: Readonly<Record<ImportKind, readonly ImportField[]>> = {
  companies: [
    f('code', 'text', ['Code', 'Codice', 'Kod', 'Kód'], '', ['customer code', 'client code', 'codice cliente', 'cod. cliente', 'kod klienta', 'ügyfélkód']),
    f('legalName', 'text', ['Legal name', 'Ragione sociale', 'Nazwa firmy', 'Cégnév'], 'Rossi Impianti S.r.l.', [
      'company', 'company name', 'name', 'business name', 'denominazione', 'nome azienda', 'azienda', 'cliente', 'nazwa', 'firma', 'kontrahent', 'cég', 'cegnev', 'név', 'ügyfél neve', 'partner neve',
    ]),
    f('kind', 'companyKind', ['Kind', 'Tipo', 'Typ', 'Típus'], 'client', ['type', 'tipologia', 'rodzaj', 'tipus']),
    vatNumber,
    f('taxCode', 'text', ['Tax code', 'Codice fiscale', 'REGON', 'Cégjegyzékszám'], '', ['fiscal code', 'cod. fiscale', 'cf', 'regon', 'cégjegyzékszám', 'company registration number']),
    ...address,
    ...contactPoints,
    website,
    f('aliases', 'list', ['Other names', 'Altri nomi', 'Inne nazwy', 'Más nevek'], '', ['aliases', 'alias', 'trade name', 'insegna', 'nazwa handlowa']),
    f('area', 'text', ['Area', 'Zona', 'Obszar', 'Terület'], 'Nord', ['zone', 'area geografica', 'region sprzedaży', 'terulet']),
    f('categories', 'list', ['Categories', 'Categorie', 'Kategorie', 'Kategóriák'], '', ['category', 'categoria', 'kategoria', 'kategória']),
    f('segments', 'list', ['Segments', 'Segmenti', 'Segmenty', 'Szegmensek'], '', ['segment', 'segmento', 'settore', 'branża', 'ágazat']),
    tags,
    f('status', 'text', ['Status', 'Stato', 'Status', 'Állapot'], '', ['allapot', 'stato cliente']),
    f('responsibleUserId', 'text', ['Responsible', 'Responsabile', 'Odpowiedzialny', 'Felelős'], '', ['owner', 'responsible user']),
    accountManagers,
  ],
  leads: [
    f('companyName', 'text', ['Company', 'Azienda', 'Firma', 'Cég'], 'Bianchi Costruzioni', [
      'company name', 'legal name', 'ragione sociale', 'nome azienda', 'nazwa firmy', 'nazwa', 'cégnév', 'cegnev', 'organisation', 'organization',
    ]),
    vatNumber,
    firstName,
    lastName,
    position,
    ...contactPoints,
    ...address,
    website,
    source,
    f('ownerId', 'text', ['Owner', 'Proprietario', 'Właściciel', 'Tulajdonos'], '', ['owner id', 'assegnatario', 'wlasciciel']),
    stage,
    tags,
  ],
  contacts: [
    firstName,
    lastName,
    position,
    stage,
    source,
    ...contactPoints,
    ...address,
    f('companyId', 'text', ['Company id', 'Id azienda', 'Id firmy', 'Cég azonosító'], '', ['company id']),
    tags,
    accountManagers,
  ],
};

/** Headers compared as written by hand: case, accents, spaces and punctuation do not matter. */
export const headerKey = (header: string): string =>
  header
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .replace(/[^\p{L}\p{N}]+/gu, '');
