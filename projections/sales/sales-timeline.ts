import type { StoredEvent } from '../../events/envelope.ts';
import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import type { OrderEvent } from '../../events/sales/order-events.ts';
import type { QuoteEvent, QuoteStatus } from '../../events/sales/quote-events.ts';
import type { Party } from '../../events/sales/sales-values.ts';
import type { Projection, ReadItem } from '../projection.ts';
import { timelineItem, type RecordRef } from '../timeline/timeline-entry.ts';

/**
 * Sales on the timelines of their parties (the client sheet's history): every event of an
 * opportunity, a quote or a sales order becomes an entry — kind `opportunity`, `quote` or `order` —
 * on the timeline of each company or lead that is a party of it at that moment. A change of parties
 * (an opportunity's `parties`, a draft quote's `party`) is news for the parties before and after it;
 * the record's later events reach only the parties it has then, the earlier ones stay where they
 * happened. A converted lead's entries reach the company it produced through the timeline merge
 * (projections/directory/timelines.ts), like every other entry of the lead.
 *
 * Each aggregate keeps a row `<tenant>#<type>#<id>` / `timeline` with its current parties and what the
 * card shows (title, stage, amount; reference, status, totals), as the activity timeline does.
 */

/** The aggregate types of the sales records (their streams in the event log). */
export const salesAggregates = { opportunity: 'opportunity', quote: 'quote', order: 'order' } as const;

/**
 * Whose the record was when the entry's event happened, kept on the entry item (not in the entry):
 * the users a restricted user must be one of to see it — an opportunity's owner (none: unassigned,
 * seen by all), a quote's operator and the user who drafted it, an order's operator — the rules of
 * `canSeeOpportunity`, `canSeeQuote` and `canSeeOrder` (domain/sales/), applied by the timeline reader
 * (application/directory/timeline-page.ts).
 */
export interface SalesEntryAccess {
  /** Empty: nobody's (an unassigned opportunity), visible to every user who sees the timeline. */
  readonly userIds: readonly string[];
}

const ownerOf = (party: Party): RecordRef => ({ type: party.kind, id: party.id });

/** The parties before and after the event, each once. */
const partiesOf = (before: readonly Party[], after: readonly Party[]): RecordRef[] => {
  const all = [...before, ...after];
  return all.filter((party, i) => all.findIndex((p) => p.kind === party.kind && p.id === party.id) === i).map(ownerOf);
};

const entriesOn = (
  tenant: string,
  owners: readonly RecordRef[],
  event: StoredEvent,
  kind: string,
  summary: Record<string, unknown>,
  access: SalesEntryAccess,
): ReadItem[] => owners.map((owner) => ({ ...timelineItem(tenant, owner, event, { kind, summary }), salesAccess: access }));

const timelineKey = (type: string) => (tenant: string, id: string) => ({ pk: `${tenant}#${type}#${id}`, sk: 'timeline' });

// ---------------------------------------------------------------------------------------------------
// Opportunities

export interface OpportunityTimelineRow {
  readonly parties: readonly Party[];
  readonly title: string;
  readonly stage: string;
  readonly amount: string | null;
  readonly currency: string | null;
  readonly status: 'open' | 'won' | 'lost';
  readonly ownerId: string | null;
}

const evolveOpportunity = (row: OpportunityTimelineRow | null, stored: StoredEvent): OpportunityTimelineRow | null => {
  const event = stored as StoredEvent & OpportunityEvent;
  if (event.type === 'OpportunityCreated') {
    const { parties, title, stage, amount, currency, ownerId } = event.data;
    return row ?? { parties, title, stage, amount, currency, status: 'open', ownerId };
  }
  if (row === null) return null;
  switch (event.type) {
    case 'OpportunityUpdated': {
      const { parties, title, stage, amount, currency, ownerId } = event.data.changes;
      return {
        ...row,
        ...(parties !== undefined ? { parties } : {}),
        ...(title !== undefined ? { title } : {}),
        ...(stage !== undefined ? { stage } : {}),
        ...(amount !== undefined ? { amount } : {}),
        ...(currency !== undefined ? { currency } : {}),
        ...(ownerId !== undefined ? { ownerId } : {}),
      };
    }
    case 'OpportunityWon':
      return { ...row, status: 'won' };
    case 'OpportunityLost':
      return { ...row, status: 'lost' };
    case 'OpportunityReopened':
      return { ...row, status: 'open' };
  }
};

/** What happened (`action`) and its particulars. */
const describeOpportunity = (event: OpportunityEvent): Record<string, unknown> => {
  switch (event.type) {
    case 'OpportunityCreated':
      return { action: 'created', ...(event.data.leadId ? { leadId: event.data.leadId } : {}) };
    case 'OpportunityUpdated':
      return { action: 'changed', fields: Object.keys(event.data.changes) };
    case 'OpportunityWon': {
      const { orderId, quoteId, note, from, closedOn } = event.data;
      return { action: 'won', from, closedOn, ...(orderId ? { orderId } : {}), ...(quoteId ? { quoteId } : {}), ...(note ? { note } : {}) };
    }
    case 'OpportunityLost': {
      const { reason, note, closedOn } = event.data;
      return { action: 'lost', reason, closedOn, ...(note ? { note } : {}) };
    }
    case 'OpportunityReopened':
      return { action: 'reopened', from: event.data.from, ...(event.data.reason ? { reason: event.data.reason } : {}) };
  }
};

export const opportunityTimelineProjection: Projection<OpportunityTimelineRow> = {
  name: 'opportunity-timeline',
  aggregateType: salesAggregates.opportunity,
  evolve: evolveOpportunity,
  key: timelineKey(salesAggregates.opportunity),
  toItem(tenant, id, row, version): ReadItem {
    return { ...this.key(tenant, id), version, aggregateType: salesAggregates.opportunity, aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as OpportunityTimelineRow,
  entries: (tenant, id, before, after, stored) => {
    if (after === null) return [];
    const event = stored as StoredEvent & OpportunityEvent;
    const { title, stage, amount, currency, status } = after;
    const summary = { opportunityId: id, title, stage, amount, currency, status, ...describeOpportunity(event) };
    return entriesOn(tenant, partiesOf(before?.parties ?? [], after.parties), stored, 'opportunity', summary, { userIds: after.ownerId === null ? [] : [after.ownerId] });
  },
};

// ---------------------------------------------------------------------------------------------------
// Quotes

export interface QuoteTimelineRow {
  readonly party: Party;
  readonly operatorId: string;
  /** Who drafted it: a restricted user sees the quotes they drafted too. */
  readonly createdBy: string;
  readonly reference: string;
  readonly status: QuoteStatus;
  readonly revision: number;
  readonly gross: string;
  readonly currency: string;
}

const evolveQuote = (row: QuoteTimelineRow | null, stored: StoredEvent): QuoteTimelineRow | null => {
  const event = stored as StoredEvent & QuoteEvent;
  if (event.type === 'QuoteDrafted') {
    const { reference, content } = event.data;
    return row ?? { party: content.party, operatorId: content.operatorId, createdBy: event.meta.actor, reference, status: 'draft', revision: 1, gross: content.totals.gross, currency: content.currency };
  }
  if (row === null) return null;
  switch (event.type) {
    case 'QuoteEdited': {
      const { content, revision } = event.data;
      return { ...row, party: content.party, operatorId: content.operatorId, revision, gross: content.totals.gross, currency: content.currency };
    }
    case 'QuoteSent':
      return { ...row, status: 'sent', revision: event.data.revision };
    case 'QuoteAccepted':
      return { ...row, status: 'accepted', revision: event.data.revision };
    case 'QuoteRejected':
      return { ...row, status: 'rejected', revision: event.data.revision };
    case 'QuoteExpired':
      return { ...row, status: 'expired', revision: event.data.revision };
    case 'QuoteRevised':
      return { ...row, status: 'draft', revision: event.data.revision };
  }
};

const describeQuote = (event: QuoteEvent): Record<string, unknown> => {
  switch (event.type) {
    case 'QuoteDrafted':
      return { action: 'drafted', ...(event.data.content.opportunityId ? { opportunityId: event.data.content.opportunityId } : {}) };
    case 'QuoteEdited':
      return { action: 'edited' };
    case 'QuoteSent':
      return { action: 'sent', ...(event.data.sentTo ? { sentTo: event.data.sentTo } : {}) };
    case 'QuoteAccepted': {
      const { orderId, orderReference, opportunityId, acceptedExpired, note } = event.data;
      return { action: 'accepted', orderId, orderReference, acceptedExpired, ...(opportunityId ? { opportunityId } : {}), ...(note ? { note } : {}) };
    }
    case 'QuoteRejected':
      return { action: 'rejected', ...(event.data.reason ? { reason: event.data.reason } : {}) };
    case 'QuoteExpired':
      return { action: 'expired', validUntil: event.data.validUntil };
    case 'QuoteRevised':
      return { action: 'revised', from: event.data.from, fromRevision: event.data.fromRevision };
  }
};

export const quoteTimelineProjection: Projection<QuoteTimelineRow> = {
  name: 'quote-timeline',
  aggregateType: salesAggregates.quote,
  evolve: evolveQuote,
  key: timelineKey(salesAggregates.quote),
  toItem(tenant, id, row, version): ReadItem {
    return { ...this.key(tenant, id), version, aggregateType: salesAggregates.quote, aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as QuoteTimelineRow,
  entries: (tenant, id, before, after, stored) => {
    if (after === null) return [];
    const event = stored as StoredEvent & QuoteEvent;
    const { reference, status, revision, gross, currency } = after;
    const summary = { quoteId: id, reference, status, revision, gross, currency, ...describeQuote(event) };
    return entriesOn(tenant, partiesOf(before ? [before.party] : [], [after.party]), stored, 'quote', summary, { userIds: [...new Set([after.operatorId, after.createdBy])] });
  },
};

// ---------------------------------------------------------------------------------------------------
// Sales orders

export interface OrderTimelineRow {
  readonly party: Party;
  readonly operatorId: string;
  readonly reference: string;
  readonly gross: string;
  readonly currency: string;
}

export const orderTimelineProjection: Projection<OrderTimelineRow> = {
  name: 'order-timeline',
  aggregateType: salesAggregates.order,
  evolve: (row, stored) => {
    const event = stored as StoredEvent & OrderEvent;
    if (event.type !== 'SalesOrderCreated') return row;
    const { party, operatorId, reference, totals, currency } = event.data;
    return row ?? { party, operatorId, reference, gross: totals.gross, currency };
  },
  key: timelineKey(salesAggregates.order),
  toItem(tenant, id, row, version): ReadItem {
    return { ...this.key(tenant, id), version, aggregateType: salesAggregates.order, aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as OrderTimelineRow,
  entries: (tenant, id, _before, after, stored) => {
    if (after === null) return [];
    const event = stored as StoredEvent & OrderEvent;
    const { reference, gross, currency } = after;
    const { quoteId, quoteReference, orderDate, opportunityId } = event.data;
    const summary = { orderId: id, reference, gross, currency, action: 'created', orderDate, quoteId, quoteReference, ...(opportunityId ? { opportunityId } : {}) };
    return entriesOn(tenant, [ownerOf(after.party)], stored, 'order', summary, { userIds: [after.operatorId] });
  },
};

export const salesTimelineProjections = [opportunityTimelineProjection, quoteTimelineProjection, orderTimelineProjection] as const;
