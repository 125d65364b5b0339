import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactName } from '../../../domain/directory/contact.ts';
import type { RelatedRecord } from '../../../events/activities/activity-events.ts';
import { companyListProjection } from '../../../projections/directory/company-list.ts';
import { contactListProjection } from '../../../projections/directory/contact-list.ts';
import { leadListProjection } from '../../../projections/directory/lead-list.ts';
import { ticketListProjection } from '../../../projections/support/ticket-list.ts';

/**
 * Display names of related records for the e-mails, from the directory's and support's list items
 * (through their projections' own key and row functions). One read per distinct record and run; an
 * unknown record (or a kind without a read model yet, like opportunities) shows its id instead.
 */
export class RelatedNames {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #cache = new Map<string, Promise<string | undefined>>();

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  name(tenant: string, related: RelatedRecord | null): Promise<string | undefined> {
    if (related === null) return Promise.resolve(undefined);
    const key = `${tenant}#${related.kind}#${related.id}`;
    let found = this.#cache.get(key);
    if (!found) {
      found = this.#read(tenant, related);
      this.#cache.set(key, found);
    }
    return found;
  }

  async #read(tenant: string, { kind, id }: RelatedRecord): Promise<string | undefined> {
    const projection = { company: companyListProjection, contact: contactListProjection, lead: leadListProjection, ticket: ticketListProjection }[
      kind as 'company'
    ] as typeof companyListProjection | typeof contactListProjection | typeof leadListProjection | typeof ticketListProjection | undefined;
    if (!projection) return undefined;
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: projection.key(tenant, id) }));
    if (!Item) return undefined;
    switch (kind) {
      case 'company':
        return companyListProjection.fromItem(Item).profile.legalName;
      case 'contact':
        return contactName(contactListProjection.fromItem(Item).profile) || undefined;
      case 'lead':
        return leadListProjection.fromItem(Item).profile.companyName;
      case 'ticket': {
        const ticket = ticketListProjection.fromItem(Item);
        return `#${ticket.number} ${ticket.subject}`;
      }
      default:
        return undefined;
    }
  }
}
