import type { Catalogue } from '../settings/catalogues.ts';

/**
 * The ticket types and priorities a new ticket may get, and the defaults when the request names
 * none. Built from the tenant's `ticket-types` and `ticket-priorities` catalogues
 * (`/v1/settings/catalogs/{name}`) by `ticketCatalogueOf`; the handler passes it in with the
 * command, so the decider stays pure.
 */
export interface TicketCatalogue {
  readonly types: readonly string[];
  readonly defaultType: string;
  readonly priorities: readonly string[];
  readonly defaultPriority: string;
}

export const defaultTicketCatalogue: TicketCatalogue = {
  types: ['problem', 'question', 'request', 'incident'],
  defaultType: 'problem',
  priorities: ['low', 'normal', 'high', 'urgent'],
  defaultPriority: 'normal',
};

const activeValues = (catalogue: Catalogue): string[] => catalogue.entries.filter((entry) => entry.active).map((entry) => entry.value);

/** The usual default while the tenant keeps it active, else its first active value. */
const defaultAmong = (values: readonly string[], usual: string): string => (values.includes(usual) ? usual : (values[0] ?? usual));

/**
 * Only active values may be given to a new ticket; a deactivated one stays on the tickets that
 * already carry it (nothing re-checks a ticket's type or priority after it is opened).
 */
export const ticketCatalogueOf = (types: Catalogue, priorities: Catalogue): TicketCatalogue => {
  const typeValues = activeValues(types);
  const priorityValues = activeValues(priorities);
  return {
    types: typeValues,
    defaultType: defaultAmong(typeValues, defaultTicketCatalogue.defaultType),
    priorities: priorityValues,
    defaultPriority: defaultAmong(priorityValues, defaultTicketCatalogue.defaultPriority),
  };
};
