/**
 * The functions the integration bus invokes, and which events each receives: one EventBridge rule per
 * `bus` function of `contract/functions.ts`. Defined once: `infra/` creates the rules from these
 * patterns, `local/bus.ts` applies the same patterns to what the local publisher puts on its bus.
 *
 * Readers of the events-table stream are limited to two (projector, publisher: AWS advises at most two
 * Lambda readers per shard), so every further consumer of the log subscribes here.
 */
import { catalogue } from '../events/catalogue.ts';
import type { FunctionName, functions } from './functions.ts';

/** An EventBridge pattern on `source` and `detail-type`: an entry matches if both are listed. */
export interface BusPattern {
  readonly source: readonly string[];
  readonly detailType: readonly string[];
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

type BusFunctionName = { [K in FunctionName]: (typeof functions)[K]['kind'] extends 'bus' ? K : never }[FunctionName];

export interface BusRule {
  readonly description: string;
  readonly pattern: BusPattern;
}

/** Every `bus` function must have its rule (the compiler insists). */
export const busRules: { readonly [K in BusFunctionName]: BusRule } = {
  activityRelinker: {
    description: "A converted lead, or an activity scheduled on (or re-related to) a lead: the lead's open activities follow it",
    pattern: patternOf(['LeadConverted', 'ActivityScheduled', 'ActivityDetailsChanged']),
  },
};

/** Whether a bus entry matches a pattern (the subset of EventBridge matching the patterns above use). */
export const matchesPattern = (pattern: BusPattern, entry: { readonly source: string; readonly detailType: string }): boolean =>
  pattern.source.includes(entry.source) && pattern.detailType.includes(entry.detailType);
