import type { EventStorePort } from '../ports/event-store.ts';
import type { DomainEvent } from '../../domain/shared/decider.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { recorded } from './recorded.ts';

/** The part of a decider that folds events into state. */
export interface Fold<S> {
  readonly initialState: S;
  readonly evolve: (state: S, event: never) => S;
}

/** One aggregate as its own stream has it now (a strongly consistent query), folded with its decider. */
export const loadState = async <S>(store: EventStorePort, tenant: string, aggregateType: string, id: string, fold: Fold<S>): Promise<{ state: S; version: number }> => {
  const stream = await store.load(tenant, aggregateType, id);
  const evolve = fold.evolve as (state: S, event: ReturnType<typeof recorded<DomainEvent>>) => S;
  const state = stream.events.reduce((s: S, event: StoredEvent) => evolve(s, recorded(event)), fold.initialState);
  return { state, version: stream.version };
};
