import { quoteDecider, type QuoteCommand, type QuoteContentInput } from '../../domain/sales/quote.ts';
import { canSeeQuote } from '../../domain/sales/quote.ts';
import { tenantTimeZone, todayIn } from '../../domain/sales/sales-time-zone.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { runCreation } from '../shared/record-creation.ts';
import { quoteCreation } from './quote-creation.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import { quoteReader } from './quote-reader.ts';
import { quoteReferenceCheck } from './quote-references.ts';
import { salesDefaultsFor } from './sales-settings.ts';
import { quoteView, type QuoteView } from './quote-view.ts';

export { quoteSequence } from './quote-creation.ts';

type QuoteOutcome = Promise<CommandOutcome<RecordResult<QuoteView>>>;

/**
 * The quotes' commands and reads (accepting is domain/sales/quote-acceptance.ts's, with the order).
 * Every command returns the quote after it (a retry under the same idempotency key: the first
 * result); refusals are typed errors.
 */
export const quoteService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, {
    aggregateType: 'quote',
    label: 'quote',
    decider: quoteDecider,
    canSee: canSeeQuote,
    view: quoteView,
    checkReferences: quoteReferenceCheck(dependencies),
  });
  const creation = quoteCreation(dependencies);
  const on = (context: CommandContext, quoteId: string, command: QuoteCommand, options: CommandOptions): QuoteOutcome => run(context, quoteId, command, options);

  const defaultsOf = async (tenant: string) => {
    const { defaultVatRate, defaultCurrency } = await salesDefaultsFor(dependencies().settings, tenant);
    return { vatRate: defaultVatRate, currency: defaultCurrency };
  };

  const todayOf = async (tenant: string): Promise<string> => {
    const { now, settings } = dependencies();
    return todayIn(now(), tenantTimeZone((await settings.directoryDefaults?.(tenant))?.defaultCountry ?? null));
  };

  return {
    /** Drafts revision 1 under a new id, numbered in the year of today in the actor's zone; a non-pinnable creation. */
    draftQuote: async (context: CommandContext, input: QuoteContentInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): QuoteOutcome => {
      const quoteId = dependencies().newId();
      const prepared = await creation.prepare(context.actor);
      return runCreation(dependencies(), context, creation.plan(context.actor, prepared, quoteId, input), options);
    },
    /** Changes a draft: the fields given replace the recorded ones (`lines` or `amount` the pricing). */
    editQuote: async (context: CommandContext, quoteId: string, patch: QuoteContentInput, options: CommandOptions = {}): QuoteOutcome =>
      on(context, quoteId, { type: 'EditQuote', data: { patch, defaults: await defaultsOf(context.actor.tenant) } }, options),
    sendQuote: (context: CommandContext, quoteId: string, input: { readonly sentTo?: string | null | undefined } = {}, options: CommandOptions = {}) =>
      on(context, quoteId, { type: 'SendQuote', data: { sentTo: input.sentTo ?? null } }, options),
    rejectQuote: (context: CommandContext, quoteId: string, input: { readonly reason?: string | null | undefined } = {}, options: CommandOptions = {}) =>
      on(context, quoteId, { type: 'RejectQuote', data: { reason: input.reason ?? null } }, options),
    reviseQuote: (context: CommandContext, quoteId: string, options: CommandOptions = {}) => on(context, quoteId, { type: 'ReviseQuote' }, options),
    /**
     * Expires a sent quote whose validity is over in the tenant's zone (`today`, else asked here; the
     * expiry job, as the system actor). Decided on the stream's current version: a concurrent change wins and the job looks
     * again next run; a quote not (or no longer) due records nothing.
     */
    expireQuote: async (context: CommandContext, quoteId: string, today?: string): QuoteOutcome =>
      on(context, quoteId, { type: 'ExpireQuote', data: { today: today ?? (await todayOf(context.actor.tenant)) } }, {}),
    /** Today in the tenant's zone (a job expiring many quotes of a tenant asks once). */
    tenantToday: (tenant: string) => todayOf(tenant),

    /** The quote from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getQuote: async (actor: Actor, quoteId: string, asOf?: string): Promise<{ record: QuoteView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, quoteReader, quoteId, asOf);
      return { record: quoteView(state, version), version };
    },
    quoteHistory: (actor: Actor, quoteId: string) => historyOf(dependencies().eventStore, actor, quoteReader, quoteId),
  };
};

export type QuoteService = ReturnType<typeof quoteService>;
