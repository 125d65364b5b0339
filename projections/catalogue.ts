import { contexts } from '../contract/contexts.ts';
import type { Projection } from './projection.ts';

/** Every projection, as the context modules (`contract/contexts/`) declare them. */
export const projections: readonly Projection<unknown>[] = contexts.flatMap((context): readonly Projection<unknown>[] => context.projections);

export const projectionsFor = (aggregateType: string): readonly Projection<unknown>[] =>
  projections.filter((projection) => projection.aggregateType === aggregateType);
