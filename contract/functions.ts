/**
 * The Lambda functions, defined once, each in its context module (`contract/contexts/`): `infra/`
 * creates them, `local/` imports the same entry modules and invokes their `handler` export, `bench/`
 * bundles them with the same options. This file only merges the contexts' functions.
 */
import { contexts } from './contexts.ts';
import type { FunctionDefinition } from './function-definition.ts';

export { nodeOptionsOf, type FunctionDefinition, type FunctionKind } from './function-definition.ts';

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;

/** Every context's functions in one record, by name, with their literal types. */
export type Functions = UnionToIntersection<(typeof contexts)[number]['functions']>;

export const functions: Functions = Object.assign(
  {},
  ...contexts.map((context): Readonly<Record<string, FunctionDefinition>> => context.functions),
) as Functions;

export type FunctionName = keyof Functions & string;
