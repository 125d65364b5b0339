import { expect } from 'vitest';
import type { Actor } from '../../domain/shared/actor.ts';
import { fold, type DecisionContext, type Decider, type DomainEvent, type Recorded } from '../../domain/shared/decider.ts';
import { DomainError, type DomainErrorKind } from '../../domain/shared/errors.ts';
import { validateForAppend } from '../../contract/event-catalogue.ts';

/**
 * Emmett-style given/when/then for any `Decider`:
 *
 *   const spec = deciderSpec(ticketDecider, { actor, now });
 *   spec.given([opened()]).when({ type: 'TakeTicket' }).then([{ type: 'TicketTaken', data: {...} }]);
 *   spec.given([]).when(take).thenThrows('not_found');
 *   spec.given([opened(), taken()]).when(take).thenNothing();
 *   spec.given([opened()]).when(close).thenState({ status: 'closed' });
 *
 * - Given events are plain `{ type, data }`; the helper stamps `actor` and `at` unless the event sets
 *   them: `actor` is `recordedBy` (default: the userId of the actor the spec was created with, kept by
 *   `as(...)`, so `spec.as(other).given(...)` still has the history recorded by the original user) and
 *   `at` is one minute apart, the last one a minute before `now`.
 * - Every given event and every decided event is validated against the event catalogue
 *   (`validateForAppend`): a test cannot seed, and a decider cannot emit, an event the log would refuse.
 * - Decided events are compared with `toStrictEqual`: an explicit `undefined` key is a difference.
 * - The state after `when` is the fold of the given events plus the decided ones, each decided event
 *   recorded at `now` by the acting user.
 * - Nothing runs until a `then…` is called; each `then…` runs `decide` afresh.
 */

/** A given event: `at` and `actor` are stamped unless set here. */
export type GivenEvent<E extends DomainEvent> = E & { readonly at?: string; readonly actor?: string };

/** `toMatchObject` semantics: nested objects are partial; arrays keep their length, their items partial. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** What a state is compared with: `null`, a deep-partial object (via `toMatchObject`) or a custom check. */
export type StateExpectation<S> =
  | (NonNullable<S> extends object ? DeepPartial<NonNullable<S>> : NonNullable<S>)
  | (null extends S ? null : never)
  | ((state: S) => void);

export type ErrorExpectation =
  | string
  | RegExp
  | { readonly message?: string | RegExp; readonly path?: string };

export interface Outcome<S, E extends DomainEvent> {
  /** The decided events (already checked). */
  readonly events: readonly E[];
  /** The state after the given and the decided events. */
  readonly state: S;
  /** Also asserts the state after the decided events. */
  andState(expected: StateExpectation<S>): Outcome<S, E>;
}

export interface When<S, E extends DomainEvent> {
  /** Asserts exactly these events, in this order. */
  then(expected: readonly E[]): Outcome<S, E>;
  /** Asserts that the command is accepted and changes nothing (no events). */
  thenNothing(): Outcome<S, E>;
  /** Asserts a refusal of this kind; `match` is a message substring/RegExp, or `{ message?, path? }`. */
  thenThrows(kind: DomainErrorKind, match?: ErrorExpectation): DomainError;
  /** Asserts the state after the decided events (whatever they are; they are still catalogue-checked). */
  thenState(expected: StateExpectation<S>): Outcome<S, E>;
  /** Runs the decision and returns its outcome without asserting anything about it. */
  outcome(): Outcome<S, E>;
}

export interface Given<C, S, E extends DomainEvent> {
  when(command: C, context?: Partial<DecisionContext>): When<S, E>;
  /** The given events as recorded (stamped). */
  recorded(): Recorded<E>[];
  /** The state folded from the given events. */
  state(): S;
  /** Asserts the state folded from the given events: tests of `evolve` alone. */
  thenState(expected: StateExpectation<S>): S;
}

export interface DeciderSpecOptions extends DecisionContext {
  /** Who recorded the given events that do not say (default: `actor.userId`). */
  readonly recordedBy?: string;
  /**
   * What the events are checked against (default: the log's catalogue, `validateForAppend`): events of
   * a context not registered yet are checked against their own catalogue (`eventCatalogue([...])`).
   */
  readonly validate?: (type: string, data: unknown) => unknown;
}

export interface DeciderSpec<C, S, E extends DomainEvent> {
  readonly context: DecisionContext;
  /** Who recorded the given events that do not say. */
  readonly recordedBy: string;
  given(events: readonly GivenEvent<E>[]): Given<C, S, E>;
  /** Shorthand for `given([]).when(...)`. */
  when(command: C, context?: Partial<DecisionContext>): When<S, E>;
  /** The same spec acting as another user; given events are still recorded by `recordedBy`. */
  as(actor: Actor): DeciderSpec<C, S, E>;
}

const MINUTE = 60_000;

const givenAt = (now: string, index: number, count: number): string => {
  const time = Date.parse(now);
  if (Number.isNaN(time)) throw new TypeError(`deciderSpec: now is not a date: ${now}`);
  return new Date(time - (count - index) * MINUTE).toISOString();
};

const checkAgainstCatalogue = (event: DomainEvent, what: string, validate: (type: string, data: unknown) => unknown = validateForAppend): void => {
  try {
    validate(event.type, event.data);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    expect.unreachable(`${what} violates the event catalogue: ${reason}\n${JSON.stringify(event, null, 2)}`);
  }
};

const assertState = <S>(state: S, expected: StateExpectation<S>): void => {
  if (typeof expected === 'function') {
    (expected as (state: S) => void)(state);
  } else if (expected === null) {
    expect(state).toBeNull();
  } else {
    expect(state).not.toBeNull();
    expect(state).toMatchObject(expected as object);
  }
};

const describeError = (error: unknown): string =>
  error instanceof DomainError ? `DomainError(${error.kind}): ${error.message}` : String(error);

export const deciderSpec = <C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  options: DeciderSpecOptions,
): DeciderSpec<C, S, E> => {
  const { recordedBy = options.actor.userId, validate, ...context } = options;
  const given = (events: readonly GivenEvent<E>[]): Given<C, S, E> => {
    const recorded = (): Recorded<E>[] =>
      events.map((event, index) => {
        checkAgainstCatalogue(event, `given event #${index} (${event.type})`, validate);
        return {
          ...event,
          at: event.at ?? givenAt(context.now, index, events.length),
          actor: event.actor ?? recordedBy,
        };
      });
    const state = (): S => fold(decider, recorded());

    const when = (command: C, override: Partial<DecisionContext> = {}): When<S, E> => {
      const decisionContext: DecisionContext = { ...context, ...override };

      const decideAndCheck = (): { events: E[]; state: S } => {
        const before = state();
        const decided = decider.decide(command, before, decisionContext);
        expect(Array.isArray(decided), 'decide must return an array of events').toBe(true);
        decided.forEach((event, index) => checkAgainstCatalogue(event, `decided event #${index} (${event.type})`, validate));
        const after = decided.reduce<S>(
          (current, event) =>
            decider.evolve(current, { ...event, at: decisionContext.now, actor: decisionContext.actor.userId }),
          before,
        );
        return { events: decided, state: after };
      };

      const accepted = (): { events: E[]; state: S } => {
        try {
          return decideAndCheck();
        } catch (error) {
          if (error instanceof DomainError) {
            expect.unreachable(`expected the command to be accepted, but decide refused: ${describeError(error)}`);
          }
          throw error;
        }
      };

      const outcomeOf = (result: { events: E[]; state: S }): Outcome<S, E> => {
        const outcome: Outcome<S, E> = {
          events: result.events,
          state: result.state,
          andState: (expected) => {
            assertState(result.state, expected);
            return outcome;
          },
        };
        return outcome;
      };

      return {
        then: (expected) => {
          // Guard against `await spec.given(...).when(...)`: this object is not a promise.
          if (!Array.isArray(expected)) {
            throw new TypeError('When.then expects the array of expected events (a When is not a promise)');
          }
          const result = accepted();
          expect(result.events).toStrictEqual(expected);
          return outcomeOf(result);
        },
        thenNothing: () => {
          const result = accepted();
          expect(result.events, 'expected no events').toStrictEqual([]);
          return outcomeOf(result);
        },
        thenState: (expected) => {
          const result = accepted();
          assertState(result.state, expected);
          return outcomeOf(result);
        },
        outcome: () => outcomeOf(accepted()),
        thenThrows: (kind, match) => {
          let result: { events: E[] } | undefined;
          let caught: unknown;
          try {
            result = decideAndCheck();
          } catch (error) {
            caught = error;
          }
          if (result) {
            expect.unreachable(
              `expected a DomainError(${kind}), but decide returned ${JSON.stringify(result.events, null, 2)}`,
            );
          }
          if (!(caught instanceof DomainError)) throw caught;
          expect(caught.kind, `refusal kind (${describeError(caught)})`).toBe(kind);
          const { message, path } =
            typeof match === 'string' || match instanceof RegExp ? { message: match, path: undefined } : (match ?? {});
          if (typeof message === 'string') expect(caught.message).toContain(message);
          else if (message instanceof RegExp) expect(caught.message).toMatch(message);
          if (path !== undefined) {
            expect(
              caught.issues.map((issue) => issue.path),
              `field paths of ${describeError(caught)}`,
            ).toContain(path);
          }
          return caught;
        },
      };
    };

    return {
      when,
      recorded,
      state,
      thenState: (expected) => {
        const folded = state();
        assertState(folded, expected);
        return folded;
      },
    };
  };

  return {
    context,
    recordedBy,
    given,
    when: (command, override) => given([]).when(command, override),
    as: (actor) => deciderSpec(decider, { ...context, actor, recordedBy, ...(validate ? { validate } : {}) }),
  };
};
