import type { z } from 'zod';

/**
 * One event type of the catalogue. `schema` describes the current version; `previous` lists the
 * versions published before it, each with the upcaster that lifts its data to the next version.
 * A published version is never edited: a change of meaning is a new version plus an upcaster.
 */
export interface EventDefinition<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly version: number;
  readonly schema: z.ZodType<TData>;
  /** EventBridge `source` the event is published under (e.g. `cronaca.support`). */
  readonly source: string;
  readonly description: string;
  readonly previous: readonly PreviousVersion[];
}

export interface PreviousVersion {
  readonly version: number;
  readonly schema: z.ZodType;
  /** Lifts data of `version` to `version + 1`. */
  readonly upcast: (data: unknown) => unknown;
}

export const defineEvent = <TType extends string, TData>(
  definition: Omit<EventDefinition<TType, TData>, 'previous'> & { previous?: readonly PreviousVersion[] },
): EventDefinition<TType, TData> => ({ previous: [], ...definition });

/** The `{ type, data }` pair a decider emits, typed from a definition. */
export type EventOf<D> = D extends EventDefinition<infer TType, infer TData> ? { type: TType; data: TData } : never;
