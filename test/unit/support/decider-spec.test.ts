import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { Decider } from '../../../domain/shared/decider.ts';
import { conflict, DomainError, invalid } from '../../../domain/shared/errors.ts';
import { ticketDecider } from '../../../domain/support/ticket.ts';
import type { TicketEvent } from '../../../events/support/ticket-events.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

// Tests of the given/when/then helper itself: it must fail when it should.

const now = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 'acme', userId: 'rita', role: 'restricted', groups: [] };

/** A decider that emits whatever the command says, or throws it: to drive the helper directly. */
type Command = { emit: TicketEvent[] } | { fail: DomainError | Error };
const echo: Decider<Command, number, TicketEvent> = {
  initialState: 0,
  decide: (command) => {
    if ('fail' in command) throw command.fail;
    return command.emit;
  },
  evolve: (count) => count + 1,
};

const reopened: TicketEvent = { type: 'TicketReopened', data: { ticketId: 't-1' } };
const closed: TicketEvent = { type: 'TicketClosed', data: { ticketId: 't-1', from: 'open' } };

describe('deciderSpec', () => {
  const spec = deciderSpec(echo, { actor: olga, now });

  it('passes on the expected events and exposes the state after them', () => {
    const outcome = spec.given([reopened]).when({ emit: [closed, reopened] }).then([closed, reopened]);
    expect(outcome.state).toBe(3);
    expect(outcome.events).toEqual([closed, reopened]);
  });

  it('fails on other events, another order, or an explicit undefined key', () => {
    expect(() => spec.when({ emit: [closed] }).then([reopened])).toThrow();
    expect(() => spec.when({ emit: [closed, reopened] }).then([reopened, closed])).toThrow();
    const withUndefined = { type: 'TicketReopened', data: { ticketId: 't-1', reason: undefined } } as TicketEvent;
    expect(() => spec.when({ emit: [withUndefined] }).then([reopened])).toThrow();
  });

  it('fails then/thenNothing when decide refuses, naming the refusal', () => {
    expect(() => spec.when({ fail: conflict('nope') }).then([])).toThrow(/decide refused: DomainError\(conflict\): nope/);
    expect(() => spec.when({ fail: conflict('nope') }).thenNothing()).toThrow(/nope/);
  });

  it('fails thenNothing when there are events', () => {
    expect(() => spec.when({ emit: [closed] }).thenNothing()).toThrow(/expected no events/);
  });

  it('checks the kind, message and field path of a refusal', () => {
    const error = spec.when({ fail: invalid('subject', 'must not be blank') }).thenThrows('invalid', {
      path: 'subject',
      message: /blank/,
    });
    expect(error).toBeInstanceOf(DomainError);
    spec.when({ fail: invalid('subject', 'must not be blank') }).thenThrows('invalid', 'subject: must not');
    expect(() => spec.when({ fail: invalid('subject', 'x') }).thenThrows('conflict')).toThrow(/refusal kind/);
    expect(() => spec.when({ fail: invalid('subject', 'x') }).thenThrows('invalid', 'other')).toThrow();
    expect(() => spec.when({ fail: invalid('subject', 'x') }).thenThrows('invalid', { path: 'body' })).toThrow(/field paths/);
  });

  it('fails thenThrows when decide accepts, showing the events', () => {
    expect(() => spec.when({ emit: [closed] }).thenThrows('conflict')).toThrow(/but decide returned[\s\S]*TicketClosed/);
  });

  it('lets errors that are not DomainErrors through', () => {
    expect(() => spec.when({ fail: new RangeError('boom') }).thenThrows('invalid')).toThrow(RangeError);
  });

  it('refuses a decided event that violates the catalogue', () => {
    const bad = { type: 'TicketClosed', data: { ticketId: 't-1', from: 'closed' } } as unknown as TicketEvent;
    expect(() => spec.when({ emit: [bad] }).then([bad])).toThrow(/decided event #0 \(TicketClosed\) violates the event catalogue: invalid TicketClosed: from/);
    const unknown = { type: 'TicketExploded', data: {} } as unknown as TicketEvent;
    expect(() => spec.when({ emit: [unknown] }).thenThrows('invalid')).toThrow(/unknown event TicketExploded/);
  });

  it('refuses a given event that violates the catalogue', () => {
    const bad = { type: 'TicketReopened', data: { ticketId: 't-1', extra: true } } as unknown as TicketEvent;
    expect(() => spec.given([bad]).state()).toThrow(/given event #0 \(TicketReopened\) violates the event catalogue/);
  });

  it('is not a promise: awaiting a When rejects instead of hanging', async () => {
    const when = spec.when({ emit: [] }) as unknown as PromiseLike<unknown>;
    await expect(Promise.resolve().then(() => when)).rejects.toThrow(/not a promise/);
  });

  it('stamps given events with recordedBy and times before now, unless they say otherwise', () => {
    const recorded = deciderSpec(echo, { actor: olga, now, recordedBy: 'system' })
      .given([reopened, { ...closed, actor: 'tom', at: '2020-01-01T00:00:00.000Z' }, reopened])
      .recorded();
    expect(recorded.map(({ at, actor }) => ({ at, actor }))).toEqual([
      { at: '2026-03-10T08:57:00.000Z', actor: 'system' },
      { at: '2020-01-01T00:00:00.000Z', actor: 'tom' },
      { at: '2026-03-10T08:59:00.000Z', actor: 'system' },
    ]);
  });

  it('acts as another user with as(), keeping who recorded the history', () => {
    const asRita = deciderSpec(ticketDecider, { actor: olga, now }).as(rita);
    expect(asRita.context.actor).toBe(rita);
    expect(asRita.recordedBy).toBe('olga');
    expect(asRita.given([reopened]).recorded()[0]?.actor).toBe('olga');
  });

  it('overrides the context per command', () => {
    const seen: string[] = [];
    const spy: Decider<null, null, TicketEvent> = {
      initialState: null,
      decide: (_, __, context) => {
        seen.push(`${context.actor.userId}@${context.now}`);
        return [];
      },
      evolve: (state) => state,
    };
    const spySpec = deciderSpec(spy, { actor: olga, now });
    spySpec.when(null).thenNothing();
    spySpec.when(null, { actor: rita, now: '2030-01-01T00:00:00.000Z' }).thenNothing();
    expect(seen).toEqual([`olga@${now}`, 'rita@2030-01-01T00:00:00.000Z']);
  });

  it('records decided events at now by the acting user for the state', () => {
    deciderSpec(ticketDecider, { actor: olga, now })
      .as(rita)
      .when({ type: 'OpenTicket', data: { ticketId: 't-1', number: 1, companyId: 'c', subject: 's' } })
      .thenState({ openedBy: 'rita', openedAt: now });
  });
});
