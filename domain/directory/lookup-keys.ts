import type { CompanyState } from './company.ts';
import { contactName, type ContactState } from './contact.ts';
import type { LeadState } from './lead-state.ts';
import { normaliseEmail } from './search/emails.ts';
import { normaliseName } from './search/names.ts';
import { normaliseVat } from './search/vat.ts';

/**
 * The values a directory record is found by when it must be found at once — a lead conversion's
 * duplicate check, an import row's match — which need not be unique (two companies may share a name).
 * The runner keeps them as lookup items committed with the record's events (derived from the state
 * before and after each command, like unique claims), so they read strongly consistent. Values are
 * normalised as the matchers compare them; whoever reads a holder verifies it on its record.
 * Changing a normalisation here changes the keys: records written before keep the old ones until they
 * are written again (readers also consult the search index, which a rebuild refreshes).
 */
export interface LookupKey {
  readonly scope: string;
  readonly value: string;
}

export const lookupScopes = {
  companyName: 'company-name',
  companyVat: 'company-vat-number',
  companyEmail: 'company-email',
  companyCode: 'company-code',
  contactName: 'contact-name',
  contactEmail: 'contact-email',
  leadName: 'lead-name',
  leadEmail: 'lead-email',
} as const;

/** A VAT number's lookup value: its digits without the country, so `IT0123…` and `0123…` meet. */
export const vatLookupValue = (vatNumber: string): string | null => normaliseVat(vatNumber)?.number ?? null;

const keys = (pairs: readonly [string, string | null | undefined][]): LookupKey[] => {
  const seen = new Map<string, LookupKey>();
  for (const [scope, value] of pairs) if (value) seen.set(`${scope}\u0000${value}`, { scope, value });
  return [...seen.values()];
};

const emailKeys = (scope: string, emails: readonly { readonly address: string }[]): [string, string | null][] =>
  emails.map((e) => [scope, normaliseEmail(e.address)]);

export const companyLookupKeys = (company: CompanyState): LookupKey[] =>
  company === null
    ? []
    : keys([
        [lookupScopes.companyName, normaliseName(company.profile.legalName)],
        [lookupScopes.companyVat, company.profile.vatNumber ? vatLookupValue(company.profile.vatNumber) : null],
        [lookupScopes.companyCode, company.code.toUpperCase()],
        ...emailKeys(lookupScopes.companyEmail, company.profile.emails),
      ]);

export const contactLookupKeys = (contact: ContactState): LookupKey[] =>
  contact === null
    ? []
    : keys([[lookupScopes.contactName, normaliseName(contactName(contact.profile))], ...emailKeys(lookupScopes.contactEmail, contact.profile.emails)]);

export const leadLookupKeys = (lead: LeadState): LookupKey[] =>
  lead === null
    ? []
    : keys([[lookupScopes.leadName, normaliseName(lead.profile.companyName)], ...emailKeys(lookupScopes.leadEmail, lead.profile.emails)]);
