import {
  activityAudience,
  contactAudience,
  opportunityAudience,
  orderAudience,
  quoteAudience,
  requestAudience,
  ticketAudience,
} from '../../domain/reports/card-audience.ts';
import type { Party } from '../../events/sales/sales-values.ts';
import type { Assignee } from '../../events/shared/assignee.ts';
import { isOpenStatus, type CalendarRow } from '../activities/activity-calendar.ts';
import type { ContactRow } from '../directory/contact-list.ts';
import type { RequestRow } from '../requests/request-list.ts';
import type { OpportunityRow } from '../sales/opportunity-list.ts';
import type { OrderRow } from '../sales/order-list.ts';
import type { QuoteRow } from '../sales/quote-list.ts';
import type { TicketRow } from '../support/ticket-list.ts';
import { cardTitle, type CardPlacement } from './card-item.ts';

/**
 * Where each kind of record stands on the client card, from its list row alone (a pure function: the
 * projector compares what it gives before and after an event to add, move, rewrite or remove items):
 * in which companies' cards, which section, in what order, what the item shows and who may see it.
 */

const userOf = (assignee: Assignee | null): string | null => (assignee?.kind === 'user' ? assignee.userId : null);
const companiesOf = (parties: readonly Party[]): string[] => [...new Set(parties.filter((party) => party.kind === 'company').map((party) => party.id))];
/** Numbers sort as text: zero-padded. */
const padded = (number: number): string => number.toString().padStart(12, '0');

/** A contact is on its company's card (and leaves it when unlinked or moved). */
export const contactPlacements = (contact: ContactRow): CardPlacement[] => {
  if (contact.companyId === null) return [];
  const name = [contact.profile.firstName, contact.profile.lastName].filter((part) => part?.trim()).join(' ');
  return [
    {
      companyId: contact.companyId,
      section: 'contacts',
      sortKey: contact.createdAt,
      audience: contactAudience(contact),
      item: {
        type: 'contact',
        id: contact.id,
        number: null,
        title: cardTitle(name, contact.id),
        status: contact.profile.stage,
        date: contact.createdAt,
        amount: null,
        responsibleId: contact.accountManagers[0] ?? null,
        link: `/v1/contacts/${contact.id}`,
      },
    },
  ];
};

/**
 * An activity related to a company is on its card: to-do while open (by due time: start or due
 * date), history once done or not done (by when it was closed).
 */
export const activityPlacements = (activity: CalendarRow): CardPlacement[] => {
  if (activity.related?.kind !== 'company') return [];
  const open = isOpenStatus(activity.status);
  const date = open ? (activity.schedule.start ?? activity.schedule.dueOn) : (activity.closedAt ?? activity.updatedAt);
  return [
    {
      companyId: activity.related.id,
      section: open ? 'todo' : 'history',
      sortKey: date ?? '',
      audience: activityAudience(activity),
      item: {
        type: 'activity',
        id: activity.id,
        number: null,
        title: cardTitle(activity.subject, activity.type),
        status: activity.status,
        date,
        amount: null,
        responsibleId: userOf(activity.assignee),
        link: `/v1/activities/${activity.id}`,
      },
    },
  ];
};

export const ticketPlacements = (ticket: TicketRow): CardPlacement[] => [
  {
    companyId: ticket.companyId,
    section: 'tickets',
    sortKey: padded(ticket.number),
    audience: ticketAudience(ticket),
    item: {
      type: 'ticket',
      id: ticket.id,
      number: String(ticket.number),
      title: cardTitle(ticket.subject, String(ticket.number)),
      status: ticket.status,
      date: ticket.openedAt,
      amount: null,
      responsibleId: userOf(ticket.assignee),
      link: `/v1/tickets/${ticket.id}`,
    },
  },
];

export const requestPlacements = (request: RequestRow): CardPlacement[] => [
  {
    companyId: request.companyId,
    section: 'requests',
    sortKey: padded(request.number),
    audience: requestAudience(request),
    item: {
      type: 'request',
      id: request.id,
      number: String(request.number),
      title: cardTitle(request.description, request.requestType),
      // A closed request keeps its last column; the card says it is closed.
      status: request.closed ? 'closed' : request.status,
      date: request.registeredAt,
      amount: null,
      responsibleId: request.responsibleId,
      link: `/v1/requests/${request.id}`,
    },
  },
];

/** On the card of every company among its parties (leads have no card). */
export const opportunityPlacements = (opportunity: OpportunityRow): CardPlacement[] =>
  companiesOf(opportunity.parties).map((companyId) => ({
    companyId,
    section: 'opportunities',
    sortKey: opportunity.createdAt,
    audience: opportunityAudience(opportunity),
    item: {
      type: 'opportunity',
      id: opportunity.id,
      number: null,
      title: cardTitle(opportunity.title, opportunity.id),
      status: opportunity.status,
      date: opportunity.expectedCloseDate,
      amount: opportunity.amount !== null && opportunity.currency !== null ? { amount: opportunity.amount, currency: opportunity.currency } : null,
      responsibleId: opportunity.ownerId,
      link: `/v1/opportunities/${opportunity.id}`,
    },
  }));

export const quotePlacements = (quote: QuoteRow): CardPlacement[] =>
  companiesOf([quote.party]).map((companyId) => ({
    companyId,
    section: 'quotes',
    sortKey: `${quote.year}#${padded(quote.number)}`,
    audience: quoteAudience(quote),
    item: {
      type: 'quote',
      id: quote.id,
      number: quote.reference,
      title: cardTitle(quote.description, quote.reference),
      status: quote.status,
      date: quote.validUntil,
      amount: { amount: quote.totals.gross, currency: quote.currency },
      responsibleId: quote.operatorId,
      link: `/v1/quotes/${quote.id}`,
    },
  }));

export const orderPlacements = (order: OrderRow): CardPlacement[] =>
  companiesOf([order.party]).map((companyId) => ({
    companyId,
    section: 'orders',
    sortKey: `${order.orderDate}#${padded(order.number)}`,
    audience: orderAudience(order),
    item: {
      type: 'order',
      id: order.id,
      number: order.reference,
      title: cardTitle(order.description, order.reference),
      status: null,
      date: order.orderDate,
      amount: { amount: order.totals.gross, currency: order.currency },
      responsibleId: order.operatorId,
      link: `/v1/orders/${order.id}`,
    },
  }));
