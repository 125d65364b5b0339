import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { StreamAppend } from '../../../adapters/dynamodb/event-store.ts';
import { activityDecider, type ActivityCommand, type ActivityState } from '../../../domain/activities/activity.ts';
import { canSeeActivity } from '../../../domain/activities/activity-policy.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { notFound } from '../../../domain/shared/errors.ts';
import type { ActivityEvent } from '../../../events/activities/activity-events.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { preconditionFailed } from '../../shared/problem.ts';
import { recorded } from '../../../application/shared/recorded.ts';
import { runHttpDecision } from '../http-decision.ts';
import { etag, json } from '../responses.ts';
import type { RequestInfo } from '../router.ts';
import { activityView } from './activity-wire.ts';

export interface ActivityCommandRun {
  /** The activity the command is addressed to. */
  readonly activityId: string;
  /** It is created by the command under a fresh id: nothing to load. */
  readonly creates?: boolean;
  /**
   * The command, built once the activity is loaded: the references it names are looked up then
   * (only those it changes). Run again after a lost race.
   */
  readonly command: (state: ActivityState) => Promise<ActivityCommand>;
  /** The activity the response shows, when not the addressed one (a copy answers with the copy): 201. */
  readonly answerWith?: string;
}

/**
 * Runs one activity command through `runDecision` (functions/shared/run-command.ts): load -> decide ->
 * commit. A decision may plan other activities too (a copy, the next step of a completion): its events
 * are grouped by activity, each group appended to its own stream, all in ONE transaction with the
 * idempotency record. A lost race is decided again (with `If-Match`, 412). The response is the addressed activity after the command (200; 201 with
 * `Location` for a creation), or the activity named by `answerWith`.
 */
export const runActivityCommand = async (
  dependencies: DependencySource,
  actor: Actor,
  request: RequestInfo,
  run: ActivityCommandRun,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const { eventStore: store } = dependencies();
  const tenant = actor.tenant;
  return runHttpDecision<APIGatewayProxyStructuredResultV2>(dependencies, actor, request, {
    // TODO(issue 12): a neutral result, rendered here
    render: (response) => response,
    pinnable: !run.creates,
    conflictDetail: 'the activity is being changed concurrently; retry',
    decide: async (at, _attempt, expectedVersion) => {
      const stream = run.creates ? { events: [], version: 0 } : await store.load(tenant, 'activity', run.activityId);
      const state = stream.events.reduce((s, e) => activityDecider.evolve(s, recorded<ActivityEvent>(e)), activityDecider.initialState);
      if (!run.creates && (state === null || !canSeeActivity(actor, state))) throw notFound('activity not found');
      if (expectedVersion !== undefined && expectedVersion !== stream.version) {
        throw preconditionFailed(`the record is at version ${stream.version}, not ${expectedVersion}`);
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

      const shownId = run.answerWith ?? run.activityId;
      const shownBefore = shownId === run.activityId ? state : null;
      const shownEvents = byActivity.get(shownId) ?? [];
      const shown = shownEvents.reduce((s, e) => activityDecider.evolve(s, { ...e, at, actor: actor.userId }), shownBefore);
      if (shown === null) throw notFound('activity not found');
      const shownVersion = (shownId === run.activityId ? stream.version : 0) + shownEvents.length;
      const created = run.creates || run.answerWith !== undefined;
      const response = json(created ? 201 : 200, activityView(shown, shownVersion), {
        etag: etag(shownVersion),
        ...(created ? { location: `/v1/activities/${shownId}` } : {}),
      });
      return { streams, result: (response) };
    },
  });
};
