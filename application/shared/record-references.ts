import type { EventStorePort } from '../ports/event-store.ts';
import { activityDecider, type Activity } from '../../domain/activities/activity.ts';
import { canSeeActivity } from '../../domain/activities/activity-policy.ts';
import { companyDecider, type Company } from '../../domain/directory/company.ts';
import { canSeeOwned } from '../../domain/directory/company-policy.ts';
import { contactDecider, type Contact } from '../../domain/directory/contact.ts';
import { canSeeContact } from '../../domain/directory/contact-policy.ts';
import { leadDecider } from '../../domain/directory/lead.ts';
import { canSeeLead, type Lead } from '../../domain/directory/lead-state.ts';
import { canSeeOpportunity, opportunityDecider, type Opportunity } from '../../domain/sales/opportunity.ts';
import { canSeeOrder, salesOrderDecider, type SalesOrder } from '../../domain/sales/sales-order.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { canSeeTicket } from '../../domain/support/ticket-policy.ts';
import { ticketDecider, type Ticket } from '../../domain/support/ticket.ts';
import { loadState, type Fold } from './load-state.ts';

/**
 * A record another one refers to (an activity's related record, a ticket's company), read the way
 * read-your-writes needs it: from its own stream (a strongly consistent query), folded with its
 * decider, and seen through the actor's visibility — an invisible record reads as unknown (null), so
 * a reference reveals nothing a direct read would not. Never a read model, which lags the log.
 */
interface Referenced {
  company: Company;
  contact: Contact;
  lead: Lead;
  ticket: Ticket;
  opportunity: Opportunity;
  order: SalesOrder;
  activity: Activity;
}

export type ReferencedKind = keyof Referenced;

const readers: { [K in ReferencedKind]: { fold: Fold<Referenced[K] | null>; canSee: (actor: Actor, state: Referenced[K]) => boolean } } = {
  company: { fold: companyDecider, canSee: canSeeOwned },
  contact: { fold: contactDecider, canSee: canSeeContact },
  lead: { fold: leadDecider, canSee: canSeeLead },
  ticket: { fold: ticketDecider, canSee: canSeeTicket },
  opportunity: { fold: opportunityDecider, canSee: canSeeOpportunity },
  order: { fold: salesOrderDecider, canSee: canSeeOrder },
  activity: { fold: activityDecider, canSee: canSeeActivity },
};

/** The record as the actor may see it now, or null when it does not exist or is hidden from them. */
export const visibleRecord = async <K extends ReferencedKind>(store: EventStorePort, actor: Actor, kind: K, id: string): Promise<Referenced[K] | null> => {
  const reader = readers[kind];
  const { state } = await loadState(store, actor.tenant, kind, id, reader.fold);
  return state !== null && reader.canSee(actor, state) ? state : null;
};
