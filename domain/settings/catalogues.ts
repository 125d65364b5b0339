import { catalogueNames } from '../../events/administration/value-lists.ts';
import type { Locale } from '../access/people.ts';

/**
 * Tenant catalogues (`/v1/settings/catalogs/{name}`): the lists of values a tenant configures for
 * its records (Near lets each installation customise ticket types, priorities, activity types…).
 * A catalogue is `enforced` when a record may only carry one of its active values; stages, sources,
 * positions and company statuses start free text (not enforced, empty) and become enforced when a
 * tenant first sets them. Deactivating a value never invalidates records that already carry it.
 */
export { catalogueNames };
export type CatalogueName = (typeof catalogueNames)[number];

export interface CatalogueEntry {
  /** Stable key stored on records (e.g. `call`); never renamed, only deactivated. */
  readonly value: string;
  /** Display label per locale; clients fall back to `value`. */
  readonly labels: Partial<Record<Locale, string>>;
  readonly active: boolean;
}

export interface Catalogue {
  readonly name: CatalogueName;
  readonly enforced: boolean;
  readonly entries: readonly CatalogueEntry[];
}

const entries = (...values: string[]): CatalogueEntry[] => values.map((value) => ({ value, labels: {}, active: true }));

/** What a tenant has before it configures anything. */
export const defaultCatalogues: Readonly<Record<CatalogueName, Catalogue>> = {
  'ticket-types': { name: 'ticket-types', enforced: true, entries: entries('problem', 'question', 'request', 'incident') },
  'ticket-priorities': { name: 'ticket-priorities', enforced: true, entries: entries('low', 'normal', 'high', 'urgent') },
  'request-statuses': { name: 'request-statuses', enforced: true, entries: entries('new', 'in_progress', 'completed') },
  'activity-types': {
    name: 'activity-types',
    enforced: true,
    entries: entries('appointment', 'meeting', 'call', 'visit', 'intervention', 'email', 'letter', 'task'),
  },
  stages: { name: 'stages', enforced: false, entries: [] },
  sources: { name: 'sources', enforced: false, entries: [] },
  positions: { name: 'positions', enforced: false, entries: [] },
  'company-statuses': { name: 'company-statuses', enforced: false, entries: [] },
  // Why an opportunity was lost (`POST /v1/opportunities/{id}/lost`): enforced, so the reasons can be counted.
  'loss-reasons': { name: 'loss-reasons', enforced: true, entries: entries('price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other') },
  // The kinds of customer request the ERP manual names: commercial, support/assistance, reminder
  // ("sollecito"), meeting request, other. Enforced, so the board can be filtered and counted by them.
  'request-types': { name: 'request-types', enforced: true, entries: entries('commercial', 'support', 'reminder', 'meeting_request', 'other') },
};

/** Whether a record may be given `value` (null = "none" is always allowed). */
export const catalogueAccepts = (catalogue: Catalogue, value: string | null): boolean =>
  value === null || !catalogue.enforced || catalogue.entries.some((entry) => entry.active && entry.value === value);
