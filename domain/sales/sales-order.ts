import type { OrderEvent } from '../../events/sales/order-events.ts';
import type { Currency, DocumentPricing, Party, SalesTotals } from '../../events/sales/sales-values.ts';
import type { QuoteContact } from '../../events/sales/quote-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict } from '../shared/errors.ts';

/**
 * A sales order: created once, by accepting a quote (domain/sales/quote-acceptance.ts), in the quote's
 * commit. It copies the quote's lines, pricing and totals as they were accepted and never changes
 * afterwards (invoicing and delivery are not part of this CRM), so its state is its creation event.
 */
export interface SalesOrder {
  readonly id: string;
  /** `SO-<year>-<5 digits>`. */
  readonly reference: string;
  readonly year: number;
  readonly number: number;
  /** The acceptance date in the accepting user's time zone. */
  readonly orderDate: string;
  readonly quoteId: string;
  readonly quoteReference: string;
  readonly quoteRevision: number;
  readonly opportunityId: string | null;
  readonly party: Party;
  readonly contact: QuoteContact | null;
  readonly operatorId: string;
  readonly currency: Currency;
  readonly pricing: DocumentPricing;
  readonly totals: SalesTotals;
  readonly description: string;
  readonly campaign: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** `null` until the order is created. */
export type SalesOrderState = SalesOrder | null;

type SalesOrderCreatedData = Extract<OrderEvent, { type: 'SalesOrderCreated' }>['data'];

/** The only command: the acceptance decision creates the order with everything it copied from the quote. */
export type SalesOrderCommand = { readonly type: 'CreateSalesOrder'; readonly data: SalesOrderCreatedData };

/** The order number's text: the year and the number zero-padded to five digits (more past 99 999). */
export const orderReference = (year: number, number: number): string => `SO-${year}-${String(number).padStart(5, '0')}`;

/** The per-tenant gapless counter of a year's orders (advanced in the accepting commit). */
export const orderSequence = (year: number): string => `order-${year}`;

/**
 * Restricted users see the orders they are the operator of (the quote's operator carries over); an
 * order always has an operator, so "unassigned" never applies. Every other role sees every order.
 */
export const canSeeOrder = (actor: Actor, order: Pick<SalesOrder, 'operatorId'>): boolean =>
  actor.role !== 'restricted' || order.operatorId === actor.userId;

const decide = (command: SalesOrderCommand, state: SalesOrderState, _context: DecisionContext): OrderEvent[] => {
  switch (command.type) {
    case 'CreateSalesOrder': {
      if (state !== null) throw conflict('sales order already exists');
      const { data } = command;
      if (data.reference !== orderReference(data.year, data.number)) throw conflict('the order reference does not match its year and number');
      return [{ type: 'SalesOrderCreated', data }];
    }
  }
};

const evolve = (state: SalesOrderState, event: Recorded<OrderEvent>): SalesOrderState => {
  switch (event.type) {
    case 'SalesOrderCreated': {
      const { data } = event;
      return {
        id: data.orderId,
        reference: data.reference,
        year: data.year,
        number: data.number,
        orderDate: data.orderDate,
        quoteId: data.quoteId,
        quoteReference: data.quoteReference,
        quoteRevision: data.quoteRevision,
        opportunityId: data.opportunityId,
        party: data.party,
        contact: data.contact,
        operatorId: data.operatorId,
        currency: data.currency,
        pricing: data.pricing,
        totals: data.totals,
        description: data.description,
        campaign: data.campaign,
        createdBy: event.actor,
        createdAt: event.at,
      };
    }
    default:
      return state;
  }
};

export const salesOrderDecider: Decider<SalesOrderCommand, SalesOrderState, OrderEvent> = {
  initialState: null,
  decide,
  evolve,
};
