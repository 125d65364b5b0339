import type { QuoteContent, QuoteEvent, QuoteStatus } from '../../events/sales/quote-events.ts';
import type { Origin } from '../../events/shared/origin.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { patchedContent, quoteContentOf, type QuoteContentInput, type QuoteDefaults } from './quote-content.ts';

export type { QuoteContentInput, QuoteDefaults } from './quote-content.ts';

/** How an earlier revision ended: it was sent, and then rejected, expired or just revised while sent. */
export interface QuoteRevision {
  readonly revision: number;
  readonly content: QuoteContent;
  readonly ended: 'sent' | 'rejected' | 'expired';
  readonly sentAt: string | null;
  readonly rejectionReason: string | null;
  /** When it was revised (a new draft took its place). */
  readonly revisedAt: string;
}

export interface Quote {
  readonly id: string;
  /** `Q-<year>-<5 digits>`: the same through every revision. */
  readonly reference: string;
  readonly year: number;
  readonly number: number;
  readonly revision: number;
  readonly status: QuoteStatus;
  readonly content: QuoteContent;
  readonly sentAt: string | null;
  readonly sentTo: string | null;
  readonly rejectedAt: string | null;
  readonly rejectionReason: string | null;
  readonly orderId: string | null;
  readonly orderReference: string | null;
  readonly acceptedAt: string | null;
  readonly expiredAt: string | null;
  /** Every earlier revision, oldest first, with its content and how it ended. */
  readonly revisions: readonly QuoteRevision[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The customer request that generated the quote; `null` for a quote drafted directly. */
  readonly origin: Origin | null;
}

export type QuoteState = Quote | null;

export type QuoteCommand =
  | {
      type: 'DraftQuote';
      /** `origin`: set when another record generates the quote (a customer request). */
      data: { quoteId: string; year: number; number: number; content: QuoteContentInput; defaults: QuoteDefaults; origin?: Origin };
    }
  | { type: 'EditQuote'; data: { patch: QuoteContentInput; defaults: QuoteDefaults } }
  | { type: 'SendQuote'; data?: { sentTo?: string | null | undefined } }
  | { type: 'RejectQuote'; data?: { reason?: string | null | undefined } }
  | { type: 'ReviseQuote' }
  /** From the expiry job: `today` is the date in the tenant's time zone. */
  | { type: 'ExpireQuote'; data: { today: string } };

/** `Q-2026-00042`; past 99 999 the number just grows. */
export const quoteReference = (year: number, number: number): string => `Q-${year}-${String(number).padStart(5, '0')}`;

/**
 * Restricted users see their own quotes: those they make (operator) or drafted. A quote always has an
 * operator (required), so there are no unassigned quotes to see.
 */
export const canSeeQuote = (actor: Actor, quote: { readonly content: { readonly operatorId: string }; readonly createdBy: string }): boolean =>
  actor.role !== 'restricted' || quote.content.operatorId === actor.userId || quote.createdBy === actor.userId;

const existing = (state: QuoteState, context: DecisionContext): Quote => {
  if (state === null || !canSeeQuote(context.actor, state)) throw notFound('quote not found');
  return state;
};

const optionalText = (path: string, value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

const sameContent = (a: QuoteContent, b: QuoteContent): boolean => JSON.stringify(a) === JSON.stringify(b);

export const decide = (command: QuoteCommand, state: QuoteState, context: DecisionContext): QuoteEvent[] => {
  switch (command.type) {
    case 'DraftQuote': {
      if (state !== null) throw conflict('quote already exists');
      const { quoteId, year, number, content, defaults, origin } = command.data;
      return [
        {
          type: 'QuoteDrafted',
          data: { quoteId, reference: quoteReference(year, number), year, number, content: quoteContentOf(content, defaults), ...(origin ? { origin } : {}) },
        },
      ];
    }
    case 'EditQuote': {
      const quote = existing(state, context);
      if (quote.status !== 'draft') throw conflict(`only a draft quote can be edited; this one is ${quote.status}: revise it first`);
      const content = patchedContent(quote.content, command.data.patch, command.data.defaults);
      if (sameContent(content, quote.content)) return [];
      return [{ type: 'QuoteEdited', data: { quoteId: quote.id, revision: quote.revision, content } }];
    }
    case 'SendQuote': {
      const quote = existing(state, context);
      if (quote.status !== 'draft') throw conflict(`only a draft quote can be sent; this one is ${quote.status}`);
      const sentTo = optionalText('sentTo', command.data?.sentTo, 320);
      return [{ type: 'QuoteSent', data: { quoteId: quote.id, revision: quote.revision, sentTo } }];
    }
    case 'RejectQuote': {
      const quote = existing(state, context);
      if (quote.status !== 'sent') throw conflict(`only a sent quote can be rejected; this one is ${quote.status}`);
      const reason = optionalText('reason', command.data?.reason, 2_000);
      return [{ type: 'QuoteRejected', data: { quoteId: quote.id, revision: quote.revision, reason } }];
    }
    case 'ReviseQuote': {
      const quote = existing(state, context);
      if (quote.status !== 'sent' && quote.status !== 'rejected' && quote.status !== 'expired') {
        throw conflict(`only a sent, rejected or expired quote can be revised; this one is ${quote.status}`);
      }
      return [{ type: 'QuoteRevised', data: { quoteId: quote.id, fromRevision: quote.revision, revision: quote.revision + 1, from: quote.status } }];
    }
    case 'ExpireQuote': {
      const quote = existing(state, context);
      // Anything but a sent quote whose last valid day is over is left alone: the job may find a
      // quote that was accepted, revised or already expired since it was listed.
      if (quote.status !== 'sent' || !(quote.content.validUntil < command.data.today)) return [];
      return [{ type: 'QuoteExpired', data: { quoteId: quote.id, revision: quote.revision, validUntil: quote.content.validUntil } }];
    }
  }
};

const touch = (quote: Quote, at: string, change: Partial<Quote>): Quote => ({ ...quote, ...change, updatedAt: at });

export const evolve = (state: QuoteState, event: Recorded<QuoteEvent>): QuoteState => {
  if (event.type === 'QuoteDrafted') {
    const { data } = event;
    return {
      id: data.quoteId,
      reference: data.reference,
      year: data.year,
      number: data.number,
      revision: 1,
      status: 'draft',
      content: data.content,
      sentAt: null,
      sentTo: null,
      rejectedAt: null,
      rejectionReason: null,
      orderId: null,
      orderReference: null,
      acceptedAt: null,
      expiredAt: null,
      revisions: [],
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
      origin: data.origin ?? null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'QuoteEdited':
      return touch(state, event.at, { content: event.data.content });
    case 'QuoteSent':
      return touch(state, event.at, { status: 'sent', sentAt: event.at, sentTo: event.data.sentTo });
    case 'QuoteAccepted':
      return touch(state, event.at, { status: 'accepted', orderId: event.data.orderId, orderReference: event.data.orderReference, acceptedAt: event.at });
    case 'QuoteRejected':
      return touch(state, event.at, { status: 'rejected', rejectedAt: event.at, rejectionReason: event.data.reason });
    case 'QuoteExpired':
      return touch(state, event.at, { status: 'expired', expiredAt: event.at });
    case 'QuoteRevised': {
      const ended: QuoteRevision = {
        revision: state.revision,
        content: state.content,
        ended: event.data.from,
        sentAt: state.sentAt,
        rejectionReason: state.rejectionReason,
        revisedAt: event.at,
      };
      return touch(state, event.at, {
        revision: event.data.revision,
        status: 'draft',
        revisions: [...state.revisions, ended],
        sentAt: null,
        sentTo: null,
        rejectedAt: null,
        rejectionReason: null,
        expiredAt: null,
      });
    }
  }
};

export const quoteDecider: Decider<QuoteCommand, QuoteState, QuoteEvent> = {
  initialState: null,
  decide,
  evolve,
};
