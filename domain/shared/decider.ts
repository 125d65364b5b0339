import type { Actor } from './actor.ts';

export interface DomainEvent {
  readonly type: string;
  readonly data: unknown;
}

/** An event once recorded: when and by whom. `evolve` may use both (e.g. "opened at", "taken by"). */
export type Recorded<E extends DomainEvent> = E & { readonly at: string; readonly actor: string };

/** What a decision may depend on besides command and state: passed in, never read from the world. */
export interface DecisionContext {
  readonly actor: Actor;
  readonly now: string;
}

/**
 * Emmett-style decider: pure functions from (command, state) to events and from (state, event) to
 * state. Ids, numbers and time arrive in the command or the context.
 */
export interface Decider<C, S, E extends DomainEvent> {
  readonly initialState: S;
  decide(command: C, state: S, context: DecisionContext): E[];
  evolve(state: S, event: Recorded<E>): S;
}

export const fold = <S, E extends DomainEvent>(decider: Decider<unknown, S, E>, events: readonly Recorded<E>[]): S =>
  events.reduce(decider.evolve, decider.initialState);
