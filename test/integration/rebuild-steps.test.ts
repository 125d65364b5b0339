import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rebuildReadModels, rebuildStep, type RebuildCheckpoint, type RebuildCounts } from '../../adapters/dynamodb/rebuild.ts';
import { ticketDecider, type TicketCommand } from '../../domain/support/ticket.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { ticketListProjection } from '../../projections/support/ticket-list.ts';
import { actorIn, isolatedDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * A rebuild in steps (the job's runs): each step stops as soon as it may and the next continues from
 * its checkpoint. The events table changes between steps, as it does under a live system. On tables of
 * its own: steps of one item over the shared events table would walk every other file's events.
 */
const deps = await isolatedDependencies();
const { eventStore, readModels } = deps;

const run = (actor: Actor, ticketId: string, command: TicketCommand | ((n: number) => TicketCommand)) =>
  runCommand({
    store: eventStore,
    decider: ticketDecider,
    actor,
    aggregateType: 'ticket',
    aggregateId: ticketId,
    command,
    ...(typeof command === 'function' ? { sequence: 'ticket' } : {}),
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => '2026-03-10T09:00:00.000Z',
    result: () => ({ statusCode: 200, headers: {}, body: '' }),
  });

const open = (actor: Actor, id: string) =>
  run(actor, id, (number) => ({ type: 'OpenTicket', data: { ticketId: id, number, companyId: 'c-1', subject: `Ticket ${id}`, assignee: null } }));

const add = (a: RebuildCounts, b: RebuildCounts): RebuildCounts => ({
  aggregates: a.aggregates + b.aggregates,
  events: a.events + b.events,
  itemsWritten: a.itemsWritten + b.itemsWritten,
  itemsChecked: a.itemsChecked + b.itemsChecked,
  itemsDeleted: a.itemsDeleted + b.itemsDeleted,
});

describe('a rebuild in steps', () => {
  it('never folds a stream from the middle: events appended behind a checkpoint are left to the live projector', async () => {
    const tenant = uniqueTenant('steps');
    const olga = actorIn(tenant, 'olga', 'standard', ['support']);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await open(olga, id);
    for (const id of ids) await run(olga, id, { type: 'TakeTicket' });

    // Step until the first ticket is folded, stopping at every chance (pages of one item).
    let counts: RebuildCounts = { aggregates: 0, events: 0, itemsWritten: 0, itemsChecked: 0, itemsDeleted: 0 };
    let checkpoint: RebuildCheckpoint | null = null;
    while (counts.aggregates === 0) {
      const step = await rebuildStep({ ...deps, tenant, segments: 1, pageSize: 1, shouldStop: () => true, ...(checkpoint ? { from: checkpoint } : {}) });
      counts = add(counts, step.counts);
      checkpoint = step.checkpoint;
      expect(checkpoint).not.toBeNull();
    }
    expect(counts).toMatchObject({ aggregates: 1, events: 2 });
    const written = await Promise.all(ids.map((id) => readModels.get(ticketListProjection.key(tenant, id))));
    const done = ids.filter((_, i) => written[i] !== null);
    expect(done).toHaveLength(1);

    // The folded ticket moves on behind the checkpoint; the rest of the rebuild must not fold it from there.
    await run(olga, done[0]!, { type: 'CloseTicket' });
    while (checkpoint) {
      const step: Awaited<ReturnType<typeof rebuildStep>> = await rebuildStep({ ...deps, tenant, pageSize: 1, shouldStop: () => true, from: checkpoint });
      counts = add(counts, step.counts);
      checkpoint = step.checkpoint;
    }
    expect(counts).toMatchObject({ aggregates: 3, events: 6, itemsDeleted: 0 });
    // Its item is the one folded from its whole history at the time (version 2): the close is the projector's to apply.
    expect(await readModels.get(ticketListProjection.key(tenant, done[0]!))).toMatchObject({ version: 2 });

    // A rebuild in one go now folds the close too, and agrees with the steps on the other tickets.
    const again = await rebuildReadModels({ ...deps, tenant });
    expect(again).toMatchObject({ aggregates: 3, events: 7 });
    expect(await readModels.get(ticketListProjection.key(tenant, done[0]!))).toMatchObject({ version: 3, status: 'closed' });
  });
});
