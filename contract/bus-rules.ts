/**
 * The functions the integration bus invokes, and which events each receives: one EventBridge rule per
 * `bus` function, declared by the function's context module (`contract/contexts/`) with event types
 * by name; here they get their patterns. Defined once: `infra/` creates the rules from these
 * patterns, `local/bus.ts` applies the same patterns to what the local publisher puts on its bus.
 *
 * Readers of the events-table stream are limited to two (projector, publisher: AWS advises at most two
 * Lambda readers per shard), so every further consumer of the log subscribes here.
 */
import type { BusFunctionOf, BusRuleDeclaration } from './context-definition.ts';
import { contexts } from './contexts.ts';
import { catalogue } from './event-catalogue.ts';
import type { Functions } from './functions.ts';

/**
 * An EventBridge pattern on `source` and `detail-type`: an entry matches if both are listed; without
 * `detailType`, every type of the listed sources matches.
 */
export interface BusPattern {
  readonly source: readonly string[];
  readonly detailType?: readonly string[];
}

/** The pattern of a set of event types, with each type's `source` from the catalogue. */
export const patternOf = (eventTypes: readonly string[]): BusPattern => ({
  source: [
    ...new Set(
      eventTypes.map((type) => {
        const definition = catalogue.get(type);
        if (!definition) throw new Error(`bus rule names an event type the catalogue does not know: ${type}`);
        return definition.source;
      }),
    ),
  ].sort(),
  detailType: [...eventTypes],
});

/** Every event of every source but `excluded` (sources of the catalogue, sorted). */
export const patternOfAllExcept = (excluded: readonly string[]): BusPattern => ({
  source: [...new Set([...catalogue.values()].map((definition) => definition.source))].filter((source) => !excluded.includes(source)).sort(),
});

const patternOfDeclared = (eventTypes: BusRuleDeclaration['eventTypes']): BusPattern =>
  'allExceptSources' in eventTypes ? patternOfAllExcept(eventTypes.allExceptSources) : patternOf(eventTypes);

export type BusFunctionName = BusFunctionOf<Functions>;

export interface BusRule {
  readonly description: string;
  readonly pattern: BusPattern;
}

/**
 * The rule of every `bus` function, from the context modules. `defineContext` lets a rule name only a
 * `bus` function of its context; test/unit/contexts.test.ts checks every `bus` function has one rule.
 */
export const busRules = Object.fromEntries(
  contexts.flatMap((context) =>
    context.busRules.map((rule) => [rule.function, { description: rule.description, pattern: patternOfDeclared(rule.eventTypes) } satisfies BusRule]),
  ),
) as { readonly [K in BusFunctionName]: BusRule };

/** Whether a bus entry matches a pattern (the subset of EventBridge matching the patterns above use). */
export const matchesPattern = (pattern: BusPattern, entry: { readonly source: string; readonly detailType: string }): boolean =>
  pattern.source.includes(entry.source) && (pattern.detailType === undefined || pattern.detailType.includes(entry.detailType));
