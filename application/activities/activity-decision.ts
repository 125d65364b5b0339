import { activityDecider, type ActivityCommand, type ActivityState } from '../../domain/activities/activity.ts';
import { canSeeActivity } from '../../domain/activities/activity-policy.ts';
import type { ActivityEvent } from '../../events/activities/activity-events.ts';
import type { StreamAppend } from '../ports/event-store.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runDecision } from '../shared/command-runner.ts';
import { notFound, StaleVersionError } from '../shared/errors.ts';
import type { CommandRuntime, RecordResult } from '../shared/record-command.ts';
import { recorded } from '../shared/recorded.ts';
import { activityView, type ActivityView } from './activity-view.ts';

export interface ActivityDecision {
  /** The activity the command is addressed to. */
  readonly activityId: string;
  /**
   * The command, built once the activity is loaded: the references it names are looked up then
   * (only those it changes). Built again after a lost race.
   */
  readonly command: (state: ActivityState) => Promise<ActivityCommand>;
  /** The activity the result shows, when not the addressed one (a copy shows the copy, as created). */
  readonly shows?: string;
}

export type ActivityOutcome = CommandOutcome<RecordResult<ActivityView>>;

/**
 * Runs one activity command through `runDecision`: load -> decide -> commit. A decision may plan other
 * activities too (a copy, the next step of a completion): its events are grouped by activity, each
 * group appended to its own stream, all in ONE transaction with the idempotency record. A lost race is
 * decided again (with `expectedVersion`, a StaleVersionError). The result is the addressed activity
 * after the command, or the new activity named by `shows` (`created`).
 */
export const runActivityDecision = async (
  runtime: CommandRuntime,
  context: CommandContext,
  run: ActivityDecision,
  options: CommandOptions = {},
): Promise<ActivityOutcome> => {
  const { eventStore: store, newId, now, metrics } = runtime;
  const { actor } = context;
  const tenant = actor.tenant;
  // A creation is not run here: application/activities/activity-creation.ts plans it (record-creation.ts).
  const { expectedVersion } = options;
  return runDecision<RecordResult<ActivityView>>({
    store,
    ...(metrics ? { metrics, commandType: () => 'activity-decision' } : {}),
    tenant,
    pinned: expectedVersion !== undefined,
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
    now,
    conflictDetail: 'the activity is being changed concurrently; retry',
    decide: async (at) => {
      const stream = await store.load(tenant, 'activity', run.activityId);
      const state = stream.events.reduce((s, e) => activityDecider.evolve(s, recorded<ActivityEvent>(e)), activityDecider.initialState);
      if (state === null || !canSeeActivity(actor, state)) throw notFound('activity not found');
      if (expectedVersion !== undefined && expectedVersion !== stream.version) {
        throw new StaleVersionError(`the record is at version ${stream.version}, not ${expectedVersion}`);
      }
      const command = await run.command(state);
      const events = activityDecider.decide(command, state, { actor, now: at });

      const byActivity = new Map<string, ActivityEvent[]>();
      for (const event of events) byActivity.set(event.data.activityId, [...(byActivity.get(event.data.activityId) ?? []), event]);
      // Activities other than the addressed one are new (a copy, a next step): their streams start empty.
      const streams: StreamAppend[] = [...byActivity].map(([activityId, own]) => ({
        aggregateType: 'activity',
        aggregateId: activityId,
        expectedVersion: activityId === run.activityId ? stream.version : 0,
        events: own,
      }));

      const shownId = run.shows ?? run.activityId;
      const shownBefore = shownId === run.activityId ? state : null;
      const shownEvents = byActivity.get(shownId) ?? [];
      const shown = shownEvents.reduce((s, e) => activityDecider.evolve(s, { ...e, at, actor: actor.userId }), shownBefore);
      if (shown === null) throw notFound('activity not found');
      const version = (shownId === run.activityId ? stream.version : 0) + shownEvents.length;
      const created = run.shows !== undefined;
      return { streams, result: { id: shownId, version, created, record: activityView(shown, version) } };
    },
  });
};
