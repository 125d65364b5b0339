import type { Company } from '../../domain/directory/company.ts';

/**
 * What the directory's lists are asked, as the list query services take it: each kind's filters, its
 * order, an optional search `q`, and a page. Over HTTP it is the list's parsed query string
 * (contract/http/companies.ts, contacts.ts, leads.ts are assignable to these); for an export, its
 * filter. Values are as given (trimmed): the lists fold them as their items store them.
 */

/** By name (A→Z) or by last change (newest first). */
export type ListSort = 'name' | 'updated';

/**
 * `cf.<key>` filters on the tenant's custom fields, next to the declared ones (the keys are the
 * tenant's, so they cannot be declared): read with `customFieldFilterValues`.
 */
export type CustomFieldFilters = { readonly [parameter: `cf.${string}`]: string | undefined };

/** One page: at most `limit` items, after the `cursor` a previous page handed back. */
export interface ListPaging {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A list query: filters, a page, and a search (`q`: one page of the best matches, no cursor). */
export type ListQuery<Filter> = Filter & ListPaging & { readonly q?: string | undefined };

export interface CompanyListFilter extends CustomFieldFilters {
  readonly kind?: Company['profile']['kind'] | undefined;
  readonly tag?: string | undefined;
  readonly category?: string | undefined;
  readonly area?: string | undefined;
  readonly segment?: string | undefined;
  readonly city?: string | undefined;
  /** An account manager's user id. */
  readonly manager?: string | undefined;
  /** I am responsible or an account manager. */
  readonly mine?: boolean | undefined;
  readonly status?: string | undefined;
  readonly sort: ListSort;
}

export interface ContactListFilter extends CustomFieldFilters {
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly address?: string | undefined;
  readonly postcode?: string | undefined;
  readonly city?: string | undefined;
  readonly region?: string | undefined;
  readonly country?: string | undefined;
  readonly position?: string | undefined;
  readonly email?: string | undefined;
  readonly source?: string | undefined;
  /** Part of a phone number, any formatting: refused (`MalformedInputError`) when it is none. */
  readonly phone?: string | undefined;
  readonly stage?: string | undefined;
  readonly tag?: string | undefined;
  readonly segment?: string | undefined;
  /** A company id: its contacts. */
  readonly company?: string | undefined;
  readonly manager?: string | undefined;
  readonly mine?: boolean | undefined;
  readonly sort: ListSort;
}

export interface LeadListFilter extends CustomFieldFilters {
  readonly stage?: string | undefined;
  readonly source?: string | undefined;
  /** An owner's user id. */
  readonly owner?: string | undefined;
  readonly mine?: boolean | undefined;
  readonly tag?: string | undefined;
  readonly sort: ListSort;
}

export type CompanyListQuery = ListQuery<CompanyListFilter>;
export type ContactListQuery = ListQuery<ContactListFilter>;
export type LeadListQuery = ListQuery<LeadListFilter>;
