import type { EventStorePort } from '../ports/event-store.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import { notFound } from './errors.ts';
import { recorded } from './recorded.ts';

/**
 * How a record is read from its own event stream (strongly consistent), not from the lists' read
 * models: which aggregate, how to fold it, and who may see it. Access is decided on the record as it
 * is now; `asOf` then shows it as it was.
 */
export interface RecordReader<S> {
  readonly aggregateType: string;
  readonly decider: Decider<never, S | null, DomainEvent>;
  readonly canSee: (actor: Actor, state: S) => boolean;
  readonly label: string;
}

const loadVisible = async <S>(store: EventStorePort, actor: Actor, reader: RecordReader<S>, id: string) => {
  const { events } = await store.load(actor.tenant, reader.aggregateType, id);
  const now = events.reduce((s, e) => reader.decider.evolve(s, recorded(e)), reader.decider.initialState);
  if (now === null || !reader.canSee(actor, now)) throw notFound(`${reader.label} not found`);
  return { events, now };
};

export const loadAsOf = async <S>(
  store: EventStorePort,
  actor: Actor,
  reader: RecordReader<S>,
  id: string,
  asOf: string | undefined,
): Promise<{ state: S; version: number }> => {
  const { events, now } = await loadVisible(store, actor, reader, id);
  if (asOf === undefined) return { state: now, version: events.at(-1)?.version ?? 0 };
  const until = Date.parse(asOf);
  const past = events.filter((e) => Date.parse(e.at) <= until);
  const state = past.reduce((s, e) => reader.decider.evolve(s, recorded(e)), reader.decider.initialState);
  if (state === null) throw notFound(`${reader.label} did not exist at ${asOf}`);
  return { state, version: past.at(-1)?.version ?? 0 };
};

export const historyOf = async <S>(store: EventStorePort, actor: Actor, reader: RecordReader<S>, id: string) => {
  const { events } = await loadVisible(store, actor, reader, id);
  return { items: events.map((e) => ({ type: e.type, version: e.version, at: e.at, actor: e.meta.actor, data: e.data })) };
};
