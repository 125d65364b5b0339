import type { Actor } from '../../domain/shared/actor.ts';
import type { CardItem } from '../../domain/reports/client-card.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';

/**
 * The client card's reads (STUB: the card work package implements it): the card of one company as
 * `actor` may see it, and every item of it (for the history report).
 */
export const cardQueries = (_dependencies: ApplicationDependencySource) => ({
  /** Every card item of the company `actor` may see, all sections, in section order (the report's records). */
  // eslint-disable-next-line require-yield
  allItems: async function* (_actor: Actor, _companyId: string): AsyncGenerator<CardItem> {
    throw new Error('not implemented yet');
  },
});

export type CardQueries = ReturnType<typeof cardQueries>;
