import type { EventDefinition } from '../events/define.ts';
import type { Projection } from '../projections/projection.ts';
import type { FunctionDefinition } from './function-definition.ts';
import type { RouteDefinition } from './route-definition.ts';

/**
 * One bounded context, declared in one module (`contract/contexts/<name>.ts`): the events it
 * publishes, its HTTP routes, its Lambda functions, its read-model projections and the bus rules
 * that feed its `bus` functions. The list of modules (`contract/contexts.ts`) is the only registry:
 * the event catalogue, the route table (router, OpenAPI document), the function list (`infra/`,
 * `local/`, `bench/`), the projection list (projector, rebuilds) and the bus rules are read from it.
 */
export interface ContextDefinition<
  TName extends string = string,
  TFunctions extends Readonly<Record<string, FunctionDefinition>> = Readonly<Record<string, FunctionDefinition>>,
  TRoutes extends readonly RouteDefinition[] = readonly RouteDefinition[],
> {
  readonly name: TName;
  /** The event types this context appends (each type belongs to exactly one context). */
  readonly events: readonly EventDefinition[];
  /** Its Lambda functions, by name; the name is what routes, `infra/` wiring and `local/` use. */
  readonly functions: TFunctions;
  /** Its routes, each served by one of its own functions. */
  readonly routes: TRoutes;
  /** The read models it keeps (any context's events may feed them). */
  readonly projections: readonly Projection<unknown>[];
  /** One rule per `bus` function of the context: which event types (of any context) invoke it. */
  readonly busRules: readonly BusRuleDeclaration[];
}

/**
 * A bus rule as a context declares it: event types by name, or every event but those of some sources
 * (a consumer of the whole log, such as the webhook dispatcher); `contract/bus-rules.ts` makes the pattern.
 */
export interface BusRuleDeclaration<TFunction extends string = string> {
  readonly function: TFunction;
  readonly description: string;
  readonly eventTypes: readonly string[] | { readonly allExceptSources: readonly string[] };
}

/** Names of the functions of a set whose kind is `bus`. */
export type BusFunctionOf<TFunctions> = {
  [K in keyof TFunctions]: TFunctions[K] extends { readonly kind: 'bus' } ? K : never;
}[keyof TFunctions] &
  string;

/**
 * Declares a context. The compiler keeps every literal (function names, route paths, operation ids)
 * and insists that each route is served, and each bus rule feeds, a function of this context.
 */
export const defineContext = <
  const TName extends string,
  const TFunctions extends Readonly<Record<string, FunctionDefinition>>,
  const TRoutes extends readonly (RouteDefinition & { readonly function: keyof TFunctions & string })[],
>(context: {
  readonly name: TName;
  readonly events: readonly EventDefinition[];
  readonly functions: TFunctions;
  readonly routes: TRoutes;
  readonly projections: readonly Projection<unknown>[];
  readonly busRules: readonly BusRuleDeclaration<BusFunctionOf<TFunctions>>[];
}): ContextDefinition<TName, TFunctions, TRoutes> => context;
