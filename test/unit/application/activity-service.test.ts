import { describe, expect, it } from 'vitest';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { activityService } from '../../../application/activities/activity-service.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError, IdempotencyKeyReusedError, StaleVersionError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/**
 * The activities context's service on the in-memory event store: no DynamoDB, no HTTP. Results are
 * the activity after the command (neutral data), refusals typed errors, whatever the entry point.
 */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 't1', userId: 'rita', role: 'restricted', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });
const meeting = { type: 'meeting', subject: ' Kick-off ', start: '2026-03-03T10:00:00.000Z', end: '2026-03-03T11:00:00.000Z' };


const given = () => {
  const { eventStore, source: dependencies } = memoryDependencies(at);
  return { eventStore, activities: activityService(dependencies) };
};


describe('activity service (in-memory event store)', () => {
  it('when an activity is scheduled, then the result is the created activity at version 1, assigned to the caller', async () => {
    const { activities } = given();
    const { result, replayed } = await activities.scheduleActivity(context(olga), meeting);
    expect(replayed).toBe(false);
    expect(result).toMatchObject({
      id: 'id-1',
      version: 1,
      created: true,
      record: { id: 'id-1', subject: 'Kick-off', status: 'planned', assignee: { userId: 'olga' }, start: meeting.start, version: 1 },
    });
    expect(await activities.getActivity(olga, 'id-1')).toEqual({ record: result.record, version: 1 });
  });

  it('given a scheduled activity, when it is rescheduled at the version seen, then it moves; at a version it moved past, it is stale and nothing is appended', async () => {
    const { activities, eventStore } = given();
    const { result } = await activities.scheduleActivity(context(olga), meeting);
    const moved = await activities.rescheduleActivity(context(olga), result.id, { start: '2026-03-04T10:00:00.000Z', end: '2026-03-04T11:00:00.000Z' }, { expectedVersion: 1 });
    expect(moved.result).toMatchObject({ id: result.id, version: 2, created: false, record: { start: '2026-03-04T10:00:00.000Z' } });
    const stale = await failure(activities.rescheduleActivity(context(olga), result.id, { start: '2026-03-05T10:00:00.000Z', end: '2026-03-05T11:00:00.000Z' }, { expectedVersion: 1 }));
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((await eventStore.load('t1', 'activity', result.id)).version).toBe(2);
  });

  it('when the same idempotency key comes again, then the first result is replayed; with another request, it is refused', async () => {
    const { activities, eventStore } = given();
    const key = (request: string) => ({ idempotency: idempotencyFor(olga, 'k1', request) });
    const first = await activities.scheduleActivity(context(olga), meeting, key('A'));
    const again = await activities.scheduleActivity(context(olga), meeting, key('A'));
    expect(again).toEqual({ result: first.result, replayed: true });
    expect((await eventStore.load('t1', 'activity', 'id-3')).version).toBe(0);
    expect(await failure(activities.scheduleActivity(context(olga), meeting, key('B')))).toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('when an activity does not exist, or the caller may not see it, then it is not found', async () => {
    const { activities } = given();
    const { result } = await activities.scheduleActivity(context(olga), meeting);
    const errors = [
      await failure(activities.rescheduleActivity(context(olga), 'missing', { dueOn: '2026-03-04' })),
      await failure(activities.completeActivity(context(rita), result.id)),
      await failure(activities.getActivity(rita, result.id)),
    ];
    for (const error of errors) expect(error).toMatchObject({ kind: 'not_found' });
  });

  it('when a copy is made, then the result is the copy, created; when the input names an unknown assignee, the issue names the input field', async () => {
    const { activities } = given();
    const { result } = await activities.scheduleActivity(context(olga), meeting);
    const copy = await activities.copyActivity(context(olga), result.id, { start: '2026-03-10T10:00:00.000Z' });
    expect(copy.result).toMatchObject({ id: 'id-3', version: 1, created: true, record: { copiedFrom: result.id, end: '2026-03-10T11:00:00.000Z' } });
    const error = await failure(activities.assignActivity(context(olga), result.id, { userId: 'ghost' }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).issues.map((issue) => issue.path)).toEqual(['assignee']);
  });
});
