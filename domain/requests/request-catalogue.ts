import type { Catalogue } from '../settings/catalogues.ts';
import type { RequestCatalogue } from './request.ts';

/**
 * What a request may be given, from the tenant's `request-statuses` and `request-types` catalogues
 * (`/v1/settings/catalogs/{name}`): their active values, in catalogue order — the order of the
 * board's columns. A deactivated value stays on the requests that carry it (the board shows its
 * column after the active ones while open requests are in it), but no request moves into it.
 */
export const requestCatalogueOf = (statuses: Catalogue, types: Catalogue): RequestCatalogue => ({
  statuses: statuses.entries.filter((entry) => entry.active).map((entry) => entry.value),
  types: types.entries.filter((entry) => entry.active).map((entry) => entry.value),
});
