import type { CompanyEvent, CompanyProfile } from '../../events/directory/company-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { sameValue } from '../shared/canonical-json.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { canSeeOwned } from './company-policy.ts';
import * as field from './company-fields.ts';
import { applySet, managersAfter, type SetChange } from './set-change.ts';
import type { CustomFieldValues } from '../settings/custom-fields.ts';
import { catalogued, customFieldChanges, unconfigured, withCustomFields, type DirectorySettings } from './directory-settings.ts';

export interface Company {
  readonly id: string;
  readonly code: string;
  readonly profile: CompanyProfile;
  readonly responsibleUserId: string | null;
  readonly accountManagers: readonly string[];
  readonly status: string | null;
  /** Values of the tenant's company custom fields (cleared ones are absent). */
  readonly customFields: CustomFieldValues;
  /** Notes left on the company; the notes themselves are on its timeline (and in its history). */
  readonly noteCount: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type CompanyState = Company | null;

export type { SetChange } from './set-change.ts';

type ProfileInput = Partial<Omit<CompanyProfile, 'aliases' | 'categories' | 'segments' | 'tags'>> & {
  aliases?: SetChange;
  categories?: SetChange;
  segments?: SetChange;
  tags?: SetChange;
};

export type CompanyCommand =
  /** A compensation (an import reverted): the company leaves lists and search and frees its unique values. */
  | { type: 'RemoveCompany'; data: { reason: 'import_reverted' } }
  | {
      type: 'RegisterCompany';
      data: {
        companyId: string;
        sequence: number;
        profile: ProfileInput & { legalName: string };
        responsibleUserId?: string | null;
        accountManagers?: readonly string[];
        status?: string | null;
        customFields?: Readonly<Record<string, unknown>>;
        /** The status catalogue and company custom-field definitions, as the caller looked them up. */
        settings?: DirectorySettings;
      };
    }
  | {
      type: 'UpdateCompany';
      data: {
        profile?: ProfileInput;
        responsibleUserId?: string | null;
        accountManagers?: SetChange;
        status?: string | null;
        /** Keys given are set; `null` clears. */
        customFields?: Readonly<Record<string, unknown>>;
        settings?: DirectorySettings;
      };
    }
  | { type: 'AddNote'; data: { noteId: string; body: string } };

/** Company codes: `C` and the per-tenant sequence number, at least six digits (`C000042`). */
export const companyCode = (sequence: number): string => `C${String(sequence).padStart(6, '0')}`;

/** A profile with nothing but defaults: registration starts from it (tests build theirs on it too). */
export const emptyCompanyProfile: CompanyProfile = {
  legalName: '',
  aliases: [],
  kind: 'client',
  vatNumber: null,
  taxCode: null,
  addresses: [],
  phones: [],
  emails: [],
  website: null,
  categories: [],
  area: null,
  segments: [],
  tags: [],
};

/**
 * Validates and normalises every profile field given, on top of `base`. A VAT number given bare, on a
 * company with no address country, is read in the tenant's default country (`vatInDefaultCountry`).
 */
const profileFrom = (base: CompanyProfile, input: ProfileInput, defaultCountry?: string | null): CompanyProfile => {
  const profile = fieldsFrom(base, input);
  return input.vatNumber === undefined ? profile : { ...profile, vatNumber: field.vatInDefaultCountry(profile.vatNumber, profile.addresses, defaultCountry) };
};

const fieldsFrom = (base: CompanyProfile, input: ProfileInput): CompanyProfile => ({
  legalName: input.legalName === undefined ? base.legalName : field.requiredText('legalName', input.legalName, 200),
  aliases: field.labels('aliases', applySet(base.aliases, input.aliases), 20, 200),
  kind: input.kind ?? base.kind,
  vatNumber: input.vatNumber === undefined ? base.vatNumber : field.vatNumber('vatNumber', input.vatNumber),
  taxCode: input.taxCode === undefined ? base.taxCode : field.taxCode('taxCode', input.taxCode),
  addresses: input.addresses === undefined ? base.addresses : field.addresses('addresses', input.addresses),
  phones: input.phones === undefined ? base.phones : field.phones('phones', input.phones),
  emails: input.emails === undefined ? base.emails : field.emails('emails', input.emails),
  website: input.website === undefined ? base.website : field.website('website', input.website),
  categories: field.labels('categories', applySet(base.categories, input.categories), 50, 100),
  area: input.area === undefined ? base.area : field.optionalText('area', input.area, 100),
  segments: field.labels('segments', applySet(base.segments, input.segments), 50, 100),
  tags: field.labels('tags', applySet(base.tags, input.tags), 50, 50),
});

const userIds = (path: string, values: readonly string[]) => field.labels(path, values, 20, 100);

const existing = (state: CompanyState, context: DecisionContext): Company => {
  if (state === null || !canSeeOwned(context.actor, state)) throw notFound('company not found');
  return state;
};

export const decide = (command: CompanyCommand, state: CompanyState, context: DecisionContext): CompanyEvent[] => {
  switch (command.type) {
    case 'RemoveCompany': {
      const removed = existing(state, context);
      return [{ type: 'CompanyRemoved', data: { companyId: removed.id, reason: command.data.reason } }];
    }
    case 'RegisterCompany': {
      if (state !== null) throw conflict('company already exists');
      const { data } = command;
      const registered: CompanyEvent = {
        type: 'CompanyRegistered',
        data: {
          companyId: data.companyId,
          code: companyCode(data.sequence),
          profile: profileFrom(emptyCompanyProfile, data.profile, data.settings?.defaultCountry),
          responsibleUserId: field.optionalText('responsibleUserId', data.responsibleUserId, 100),
          accountManagers: userIds('accountManagers', data.accountManagers ?? []),
          status: catalogued(data.settings ?? unconfigured, 'company-statuses', 'status', field.optionalText('status', data.status, 100), null),
        },
      };
      const changes = customFieldChanges((data.settings ?? unconfigured).customFields, {}, data.customFields, true);
      return Object.keys(changes).length > 0
        ? [registered, { type: 'CompanyCustomFieldsChanged', data: { companyId: data.companyId, changes } }]
        : [registered];
    }
    case 'UpdateCompany': {
      const company = existing(state, context);
      const { data } = command;
      const events: CompanyEvent[] = [];
      if (data.profile) {
        const next = profileFrom(company.profile, data.profile, data.settings?.defaultCountry);
        const changes = Object.fromEntries(
          Object.entries(next).filter(([key, value]) => !sameValue(value, company.profile[key as keyof CompanyProfile])),
        );
        if (Object.keys(changes).length > 0) events.push({ type: 'CompanyProfileChanged', data: { companyId: company.id, changes } });
      }
      if (data.responsibleUserId !== undefined) {
        const to = field.optionalText('responsibleUserId', data.responsibleUserId, 100);
        if (to !== company.responsibleUserId) {
          events.push({ type: 'CompanyResponsibleChanged', data: { companyId: company.id, from: company.responsibleUserId, to } });
        }
      }
      if (data.accountManagers !== undefined) {
        const next = userIds('accountManagers', applySet(company.accountManagers, data.accountManagers));
        const added = next.filter((m) => !company.accountManagers.includes(m));
        const removed = company.accountManagers.filter((m) => !next.includes(m));
        if (added.length || removed.length) {
          events.push({ type: 'CompanyAccountManagersChanged', data: { companyId: company.id, added, removed } });
        }
      }
      if (data.status !== undefined) {
        const to = catalogued(data.settings ?? unconfigured, 'company-statuses', 'status', field.optionalText('status', data.status, 100), company.status);
        if (to !== company.status) events.push({ type: 'CompanyStatusChanged', data: { companyId: company.id, from: company.status, to } });
      }
      const changes = customFieldChanges((data.settings ?? unconfigured).customFields, company.customFields, data.customFields, false);
      if (Object.keys(changes).length > 0) events.push({ type: 'CompanyCustomFieldsChanged', data: { companyId: company.id, changes } });
      return events;
    }
    case 'AddNote': {
      const company = existing(state, context);
      return [
        {
          type: 'CompanyNoteAdded',
          data: { companyId: company.id, noteId: command.data.noteId, body: field.requiredText('body', command.data.body, 4000) },
        },
      ];
    }
  }
};

export const evolve = (state: CompanyState, event: Recorded<CompanyEvent>): CompanyState => {
  if (event.type === 'CompanyRegistered') {
    const { data } = event;
    return {
      id: data.companyId,
      code: data.code,
      profile: data.profile,
      responsibleUserId: data.responsibleUserId,
      accountManagers: data.accountManagers,
      status: data.status,
      customFields: {},
      noteCount: 0,
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (event.type === 'CompanyRemoved') return null;
  if (state === null) return state;
  const at = event.at;
  switch (event.type) {
    case 'CompanyProfileChanged':
      return { ...state, profile: { ...state.profile, ...event.data.changes }, updatedAt: at };
    case 'CompanyResponsibleChanged':
      return { ...state, responsibleUserId: event.data.to, updatedAt: at };
    case 'CompanyAccountManagersChanged':
      return { ...state, accountManagers: managersAfter(state.accountManagers, event.data), updatedAt: at };
    case 'CompanyStatusChanged':
      return { ...state, status: event.data.to, updatedAt: at };
    case 'CompanyCustomFieldsChanged':
      // `?? {}`: list rows written before custom fields existed lack the map until rebuilt.
      return { ...state, customFields: withCustomFields(state.customFields ?? {}, event.data.changes), updatedAt: at };
    case 'CompanyNoteAdded':
      return { ...state, noteCount: (state.noteCount ?? 0) + 1, updatedAt: at };
  }
};

export const companyDecider: Decider<CompanyCommand, CompanyState, CompanyEvent> = { initialState: null, decide, evolve };

/**
 * The VAT claim value: `<country>:<number>`, the country being the VAT prefix, else the country of the
 * company's first address that has one (a bare Italian number with an Italian address is
 * `IT01234567890`), else none (`:<number>`). The same digits of two countries are two numbers.
 */
export const vatClaimValue = (company: Pick<Company, 'profile'>): string | null => {
  const { vatNumber, addresses } = company.profile;
  if (!vatNumber) return null;
  const prefixed = /^([A-Z]{2})(?=\d)(.*)$/.exec(vatNumber);
  if (prefixed) return `${prefixed[1]}:${prefixed[2]}`;
  const country = addresses.find((a) => a.country)?.country?.trim().toUpperCase();
  return `${country && /^[A-Z]{2}$/.test(country) ? country : ''}:${vatNumber}`;
};

/**
 * Claims of companies registered before VAT claims carried the country: the number without its prefix
 * (`01234567890`). Those companies keep their claim until their VAT number changes; a new claim of
 * the same country and number is refused by checking the legacy claim's owner (see
 * functions/http/directory/legacy-vat-claims.ts).
 */
export const legacyVatClaimValue = (vatNumber: string): string => vatNumber.replace(/^[A-Z]{2}(?=\d)/, '');

/** The values that must be unique per tenant, as unique-key claims: the VAT number (country + number) and the tax code. */
export const companyUniqueKeys = (company: CompanyState): { scope: string; value: string }[] => {
  if (company === null) return [];
  const keys: { scope: string; value: string }[] = [];
  const vat = vatClaimValue(company);
  if (vat) keys.push({ scope: 'company-vat', value: vat });
  if (company.profile.taxCode) keys.push({ scope: 'company-tax-code', value: company.profile.taxCode });
  return keys;
};
