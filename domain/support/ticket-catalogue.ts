/**
 * Default ticket types and priorities. Near lets each installation customise them; tenant catalogues
 * (`/v1/settings/catalogs/{name}`) arrive with the administration issue and will replace these
 * defaults through the same `TicketCatalogue` shape.
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
