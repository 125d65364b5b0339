import { tenantTimeZone, todayIn } from '../../domain/sales/sales-time-zone.ts';
import { opportunityDecider } from '../../domain/sales/opportunity.ts';
import { quoteDecider } from '../../domain/sales/quote.ts';
import { decideAcceptance } from '../../domain/sales/quote-acceptance.ts';
import { orderSequence } from '../../domain/sales/sales-order.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { StreamAppend } from '../ports/event-store.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runDecision } from '../shared/command-runner.ts';
import { StaleVersionError } from '../shared/errors.ts';
import { loadState } from '../shared/load-state.ts';
import { quoteView, type QuoteView } from './quote-view.ts';

export interface AcceptQuoteInput {
  /** Accept although the quote's validity has ended (managers and admins only). */
  readonly allowExpired?: boolean | undefined;
  readonly note?: string | null | undefined;
}

/** What an acceptance answers: the quote after it (accepted, locked) and the order it created. */
export interface QuoteAcceptanceResult {
  readonly quote: QuoteView;
  readonly order: { readonly id: string; readonly reference: string };
}

/**
 * A lost race on the quote is decided again on fresh state (where the winner's acceptance makes it a
 * conflict, "already accepted"); a lost race on the year's order counter only means another quote
 * was accepted at the same moment, and is retried by `runDecision` with jittered pauses (up to 50
 * times), so that concurrent acceptances all get their gapless number.
 */
const quoteStreamAttempts = 5;

/**
 * Accepts a quote (`POST /v1/quotes/{id}/accept`): loads the quote and its opportunity, takes the
 * next number of the year's order counter (`order-<year>`; the year and the order date are the
 * acceptance day in the accepting user's time zone, as quotes date themselves), decides
 * (domain/sales/quote-acceptance.ts) and commits the quote's `QuoteAccepted`, the new order's
 * `SalesOrderCreated`, the opportunity's `OpportunityWon`, the counter's advance and the idempotency
 * record as ONE transaction. `expectedVersion` pins the quote's version (If-Match).
 */
export const quoteAcceptance =
  (dependencies: ApplicationDependencySource) =>
  async (context: CommandContext, quoteId: string, input: AcceptQuoteInput, options: CommandOptions = {}): Promise<CommandOutcome<QuoteAcceptanceResult>> => {
    const { eventStore: store, newId, now, people, settings, metrics } = dependencies();
    const { actor } = context;
    const tenant = actor.tenant;
    const { expectedVersion, idempotency } = options;
    // The zones of domain/sales/sales-time-zone.ts: the order is dated (and numbered in the year) of the
    // acting user's day, as quotes are; validity is judged in the tenant's zone, as the expiry job does.
    const [profile, defaults] = await Promise.all([people.user(tenant, actor.userId).catch(() => undefined), settings.directoryDefaults?.(tenant)]);
    const tenantZone = tenantTimeZone(defaults?.defaultCountry ?? null);
    const userZone = profile?.timezone ?? tenantZone;
    const orderId = newId();

    return runDecision<QuoteAcceptanceResult>({
      store,
      ...(metrics ? { metrics, commandType: () => 'AcceptQuote' } : {}),
      tenant,
      pinned: expectedVersion !== undefined,
      ...(idempotency ? { idempotency } : {}),
      meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      maxStreamAttempts: quoteStreamAttempts,
      conflictDetail: 'the quote is being changed concurrently; retry',
      decide: async (at, attempt) => {
        const today = todayIn(at, userZone);
        const year = Number(today.slice(0, 4));
        const sequence = orderSequence(year);
        // The first attempt may trust this process's last-known counter; after a conflict, read it
        // (alongside the quote: a retry after a lost counter race then costs one round trip less).
        const [quote, from] = await Promise.all([
          loadState(store, tenant, 'quote', quoteId, quoteDecider),
          store.readSequence(tenant, sequence, { hint: attempt === 1 }),
        ]);
        const opportunityId = quote.state?.content.opportunityId ?? null;
        const opportunity = opportunityId ? await loadState(store, tenant, 'opportunity', opportunityId, opportunityDecider) : null;

        const decision = decideAcceptance(
          {
            quote: quote.state,
            opportunity: opportunity?.state ?? null,
            order: { orderId, year, number: from + 1 },
            today,
            validityDay: todayIn(at, tenantZone),
            allowExpired: input.allowExpired === true,
            note: input.note ?? null,
          },
          { actor, now: at },
        );
        // Visibility and existence are refused by the decision first (404 whatever the version).
        if (expectedVersion !== undefined && expectedVersion !== quote.version) {
          throw new StaleVersionError(`the record is at version ${quote.version}, not ${expectedVersion}`);
        }

        const quoteAfter = decision.quote.map((e) => ({ ...e, at, actor: actor.userId })).reduce(quoteDecider.evolve, quote.state)!;
        const streams: StreamAppend[] = [
          { aggregateType: 'quote', aggregateId: quoteId, expectedVersion: quote.version, events: decision.quote },
          { aggregateType: 'order', aggregateId: decision.order.orderId, expectedVersion: 0, events: decision.order.events },
        ];
        if (decision.opportunity && opportunity) {
          streams.push({ aggregateType: 'opportunity', aggregateId: decision.opportunity.opportunityId, expectedVersion: opportunity.version, events: decision.opportunity.events });
        }
        return {
          streams,
          sequences: [{ name: sequence, from, to: from + 1 }],
          result: {
            quote: quoteView(quoteAfter, quote.version + decision.quote.length),
            order: { id: decision.order.orderId, reference: decision.order.reference },
          },
        };
      },
    });
  };
