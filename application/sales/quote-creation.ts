import { quoteDecider, type QuoteCommand, type QuoteContentInput, type QuoteDefaults } from '../../domain/sales/quote.ts';
import { tenantTimeZone, yearIn } from '../../domain/sales/sales-time-zone.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Origin } from '../../events/shared/origin.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { planCreation, type CreationPlanner } from '../shared/record-creation.ts';
import { quoteReferenceCheck } from './quote-references.ts';
import { salesDefaultsFor } from './sales-settings.ts';
import { quoteView, type QuoteView } from './quote-view.ts';

/** The per-tenant, per-year gapless counter behind `Q-<year>-<n>`: advanced in the drafting commit. */
export const quoteSequence = (year: number): string => `quote-${year}`;

/** What a drafting reads once, whatever its content: the tenant's sales defaults and the actor's zone. */
export interface QuotePreparation {
  readonly defaults: QuoteDefaults;
  /** The acting user's zone (their profile), else the tenant's: see domain/sales/sales-time-zone.ts. */
  readonly zone: string;
}

/**
 * How a quote is drafted, planned without committing (application/shared/record-creation.ts): by
 * `POST /v1/quotes` and by a customer request generating one, with the same decider (content priced
 * and checked) and the same reference checks (party, contact, opportunity, operator).
 */
export const quoteCreation = (dependencies: ApplicationDependencySource) => {
  const spec = { aggregateType: 'quote', label: 'quote', decider: quoteDecider, view: quoteView, checkReferences: quoteReferenceCheck(dependencies) };

  const zoneOf = async (actor: Actor): Promise<string> => {
    const { people, settings } = dependencies();
    const profile = await people.user(actor.tenant, actor.userId).catch(() => undefined);
    if (profile?.timezone) return profile.timezone;
    return tenantTimeZone((await settings.directoryDefaults?.(actor.tenant))?.defaultCountry ?? null);
  };

  return {
    prepare: async (actor: Actor): Promise<QuotePreparation> => {
      const [{ defaultVatRate, defaultCurrency }, zone] = await Promise.all([salesDefaultsFor(dependencies().settings, actor.tenant), zoneOf(actor)]);
      return { defaults: { vatRate: defaultVatRate, currency: defaultCurrency }, zone };
    },
    /**
     * Plans revision 1 of quote `quoteId`, numbered in the year of the commit's day in the actor's
     * zone (a quote drafted in Rome at 00:30 on 1 January belongs to the new year).
     */
    plan:
      (actor: Actor, prepared: QuotePreparation, quoteId: string, content: QuoteContentInput, origin?: Origin): CreationPlanner<QuoteView> =>
      (at, attempt) => {
        const year = yearIn(at, prepared.zone);
        return planCreation(
          spec,
          {
            store: dependencies().eventStore,
            actor,
            id: quoteId,
            sequence: quoteSequence(year),
            command: (number): QuoteCommand => ({
              type: 'DraftQuote',
              data: { quoteId, year, number, content, defaults: prepared.defaults, ...(origin ? { origin } : {}) },
            }),
          },
          at,
          attempt,
        );
      },
  };
};
