import { describe, expect, it } from 'vitest';
import { planCreation, runCreation } from '../../../application/shared/record-creation.ts';
import { ticketView } from '../../../application/support/ticket-view.ts';
import { ticketDecider, type TicketCommand } from '../../../domain/support/ticket.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { DomainError } from '../../../application/shared/errors.ts';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';

/** A creation planned is decided and checked but not written; committed alone it is one commit with its counter. */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const spec = { aggregateType: 'ticket', label: 'ticket', decider: ticketDecider, view: ticketView };
const open =
  (subject = 'Printer') =>
  (number: number): TicketCommand => ({ type: 'OpenTicket', data: { ticketId: 'tkt-1', number, companyId: 'cmp-1', subject } });

describe('planned record creations', () => {
  it('a plan holds the stream from version 0, the counter step and the view, and writes nothing', async () => {
    const { eventStore } = memoryDependencies(at);
    const plan = await planCreation(spec, { store: eventStore, actor: olga, id: 'tkt-1', sequence: 'ticket', command: open() }, at, 1);
    expect(plan.stream).toMatchObject({ aggregateType: 'ticket', aggregateId: 'tkt-1', expectedVersion: 0, events: [{ type: 'TicketOpened', data: { number: 1 } }] });
    expect(plan.sequences).toStrictEqual([{ name: 'ticket', from: 0, to: 1 }]);
    expect(plan.result).toMatchObject({ id: 'tkt-1', version: 1, created: true, record: { number: 1, subject: 'Printer', openedAt: at, openedBy: 'olga', origin: null } });
    expect((await eventStore.load('t1', 'ticket', 'tkt-1')).version).toBe(0);
    expect(await eventStore.readSequence('t1', 'ticket')).toBe(0);
  });

  it('refuses as the decider and the reference check do, before anything is planned', async () => {
    const { eventStore } = memoryDependencies(at);
    const blank = await failure(planCreation(spec, { store: eventStore, actor: olga, id: 'tkt-1', command: open(' ') }, at, 1));
    expect(blank).toBeInstanceOf(DomainError);
    const refused = await failure(
      planCreation({ ...spec, checkReferences: async () => Promise.reject(new DomainError('invalid', 'no company', [{ path: 'companyId', message: 'no company' }])) }, { store: eventStore, actor: olga, id: 'tkt-1', command: open() }, at, 1),
    );
    expect((refused as DomainError).issues.map((i) => i.path)).toStrictEqual(['companyId']);
  });

  it('committed alone, the record and its counter are one commit', async () => {
    const { eventStore, dependencies } = memoryDependencies(at);
    const context = { actor: olga, correlationId: 'c1' };
    const plan = (command: ReturnType<typeof open>, id: string) => (when: string, attempt: number) =>
      planCreation(spec, { store: eventStore, actor: olga, id, sequence: 'ticket', command }, when, attempt);
    const first = await runCreation(dependencies, context, plan(open(), 'tkt-1'));
    expect(first).toMatchObject({ replayed: false, result: { id: 'tkt-1', version: 1, created: true } });
    expect((await eventStore.load('t1', 'ticket', 'tkt-1')).version).toBe(1);
    expect(await eventStore.readSequence('t1', 'ticket')).toBe(1);
  });
});
