import { contactAudience, everyone } from '../../domain/reports/card-audience.ts';
import type { CompanyEvent } from '../../events/directory/company-events.ts';
import type { ContactEvent } from '../../events/directory/contact-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { activityCalendarProjection } from '../activities/activity-calendar.ts';
import { contactListProjection, type ContactRow } from '../directory/contact-list.ts';
import type { Projection, ReadItem } from '../projection.ts';
import { requestListProjection } from '../requests/request-list.ts';
import { opportunityListProjection } from '../sales/opportunity-list.ts';
import { orderListProjection } from '../sales/order-list.ts';
import { quoteListProjection } from '../sales/quote-list.ts';
import { ticketListProjection } from '../support/ticket-list.ts';
import { cardCounterOf, cardReadItem, cardSatellites, cardTitle, type CardPlacement } from './card-item.ts';
import {
  activityPlacements,
  contactPlacements,
  opportunityPlacements,
  orderPlacements,
  quotePlacements,
  requestPlacements,
  ticketPlacements,
} from './card-placements.ts';

/**
 * The client card's projections (reports context), one per aggregate type. Each keeps a small main
 * item per record (`<tenant>#<type>#<id>` / `card`: the row its card items come from, folded by the
 * record's own list projection's `evolve` — one definition of what each event does) and, as
 * satellites, the record's card item in each company's partition it belongs to. A record that moves
 * (a contact to another company, an activity relinked, a quote's party changed) leaves the old card;
 * one whose status or title changes has its item rewritten (the projector compares satellites).
 * Notes (company) and interactions (contact) are append-only entries in the card partition.
 */
const cardProjection = <Row>(
  aggregateType: string,
  base: Pick<Projection<Row>, 'evolve'>,
  placements: (row: Row) => CardPlacement[],
  entries?: Projection<Row>['entries'],
): Projection<Row> => ({
  name: `${aggregateType}-card`,
  aggregateType,
  evolve: base.evolve,
  key: (tenant, id) => ({ pk: `${tenant}#${aggregateType}#${id}`, sk: 'card' }),
  toItem(tenant, id, row, version): ReadItem {
    return { ...this.key(tenant, id), version, aggregateType, aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as Row,
  satellites: (tenant, id, row) => cardSatellites(tenant, { type: aggregateType, id }, placements(row)),
  ...(entries ? { entries } : {}),
  // Each section's count, per audience: kept by whoever moves the main item (projections/counters.ts).
  counterOf: cardCounterOf,
});

export const activityCardProjection = cardProjection('activity', activityCalendarProjection, activityPlacements);
export const ticketCardProjection = cardProjection('ticket', ticketListProjection, ticketPlacements);
export const requestCardProjection = cardProjection('request', requestListProjection, requestPlacements);
export const opportunityCardProjection = cardProjection('opportunity', opportunityListProjection, opportunityPlacements);
export const quoteCardProjection = cardProjection('quote', quoteListProjection, quotePlacements);
export const orderCardProjection = cardProjection('order', orderListProjection, orderPlacements);

/**
 * A contact: its card item on its company's card, and each logged interaction as an entry on the card
 * of the company it belongs to when logged, seen by whoever could see the contact then. As on the
 * timelines, a contact that leaves a company leaves its interactions there.
 */
export const contactCardProjection = cardProjection<ContactRow>('contact', contactListProjection, contactPlacements, (tenant, id, _before, after, stored) => {
  const event = stored as StoredEvent & ContactEvent;
  if (event.type !== 'ContactInteractionLogged' || after === null || after.companyId === null) return [];
  const { interactionId, channel, direction, outcome, notes, occurredAt } = event.data;
  return [
    cardReadItem(
      tenant,
      { type: 'contact', id },
      {
        companyId: after.companyId,
        section: 'interactions',
        // When it happened (logged later, it still sorts where it belongs).
        sortKey: occurredAt,
        audience: contactAudience(after),
        item: {
          type: 'interaction',
          id: interactionId,
          number: null,
          title: cardTitle(notes ?? outcome, `${channel} ${direction}`),
          status: outcome,
          date: occurredAt,
          amount: null,
          responsibleId: event.meta.actor,
          link: null,
        },
      },
    ),
  ];
});

interface CompanyCardRow {
  readonly id: string;
}

/** A company: its notes as entries on its own card (whoever sees the company sees its notes). */
export const companyCardProjection: Projection<CompanyCardRow> = {
  name: 'company-card',
  aggregateType: 'company',
  // Never null (as the company timeline): its notes are entries, kept by live and rebuild alike.
  evolve: (row, event) => row ?? { id: event.aggregateId },
  key: (tenant, id) => ({ pk: `${tenant}#company#${id}`, sk: 'card' }),
  toItem(tenant, id, row, version) {
    return { ...this.key(tenant, id), version, aggregateType: 'company', aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as CompanyCardRow,
  counterOf: cardCounterOf,
  entries: (tenant, id, _before, _after, stored) => {
    const event = stored as StoredEvent & CompanyEvent;
    if (event.type !== 'CompanyNoteAdded') return [];
    return [
      cardReadItem(
        tenant,
        { type: 'company', id },
        {
          companyId: id,
          section: 'notes',
          sortKey: event.at,
          audience: [everyone],
          item: {
            type: 'note',
            id: event.data.noteId,
            number: null,
            title: cardTitle(event.data.body, event.data.noteId),
            status: null,
            date: event.at,
            amount: null,
            responsibleId: event.meta.actor,
            link: null,
          },
        },
      ),
    ];
  },
};

export const cardProjections = [
  companyCardProjection,
  contactCardProjection,
  activityCardProjection,
  ticketCardProjection,
  requestCardProjection,
  opportunityCardProjection,
  quoteCardProjection,
  orderCardProjection,
] as const;
