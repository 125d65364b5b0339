import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/shared/actor.ts';
import { maxDeliveryRounds, webhookDeliveryDecider, type WebhookDeliveryCommand } from '../../../domain/integrations/webhook-delivery.ts';
import type { AttemptResult } from '../../../domain/integrations/retry-policy.ts';
import { eventCatalogue } from '../../../events/catalogue.ts';
import { webhookEvents, type WebhookDeliveryEvent } from '../../../events/integrations/webhook-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const scheduledAt = '2030-03-10T09:00:00.000Z';
const at = (ms: number): string => new Date(Date.parse(scheduledAt) + ms).toISOString();
const HOUR = 3_600_000;
const sender: Actor = { tenant: 'acme', userId: 'system:webhooks', role: 'admin', groups: [] };
const standard: Actor = { tenant: 'acme', userId: 'sam', role: 'standard', groups: [] };
const validate = eventCatalogue(webhookEvents).validateForAppend;
/** The sender records an attempt 2 s after it started (`now` of the decision). */
const specAt = (now: string) => deciderSpec(webhookDeliveryDecider, { actor: sender, now, validate });

const deliveryId = 'whe-1.evt-9';
const recordRef = { type: 'ticket', id: 'tkt-1', version: 3 };
const scheduled: GivenEvent<WebhookDeliveryEvent> = {
  type: 'WebhookDeliveryScheduled',
  data: { deliveryId, endpointId: 'whe-1', eventId: 'evt-9', eventType: 'TicketClosed', recordRef },
  at: scheduledAt,
};
type AttemptData = Extract<WebhookDeliveryEvent, { type: 'WebhookAttemptRecorded' }>['data'];
const recorded = (data: Partial<AttemptData> & Pick<AttemptData, 'attempt' | 'attemptedAt' | 'outcome'>): GivenEvent<WebhookDeliveryEvent> => ({
  type: 'WebhookAttemptRecorded',
  data: { deliveryId, durationMs: 120, ...data },
});
const redelivery: GivenEvent<WebhookDeliveryEvent> = { type: 'WebhookRedeliveryRequested', data: { deliveryId } };

const attempt = (
  n: number,
  attemptedAt: string,
  result: AttemptResult,
  extra: Partial<Extract<WebhookDeliveryCommand, { type: 'RecordWebhookAttempt' }>['data']> = {},
): WebhookDeliveryCommand => ({
  type: 'RecordWebhookAttempt',
  data: { attempt: n, attemptedAt, durationMs: 120, result, random: 0.5, ...extra },
});
const ok: AttemptResult = { kind: 'response', status: 200 };
const fiveHundred: AttemptResult = { kind: 'response', status: 500 };

describe('ScheduleWebhookDelivery', () => {
  it('schedules a delivery due now', () => {
    specAt(scheduledAt)
      .when({ type: 'ScheduleWebhookDelivery', data: { deliveryId, endpointId: 'whe-1', eventId: 'evt-9', eventType: 'TicketClosed', recordRef } })
      .then([{ type: scheduled.type, data: scheduled.data }])
      .andState({ id: deliveryId, status: 'pending', nextAttemptAt: scheduledAt, attempts: [], round: { number: 1, attempts: 0, firstAttemptAt: null } });
  });

  it('scheduling the same delivery twice is one delivery (its id derives from endpoint and event)', () => {
    specAt(scheduledAt)
      .given([scheduled])
      .when({ type: 'ScheduleWebhookDelivery', data: { deliveryId, endpointId: 'whe-1', eventId: 'evt-9', eventType: 'TicketClosed', recordRef } })
      .thenNothing();
  });

  it('refuses a blank event id and a non-admin', () => {
    const data = { deliveryId, endpointId: 'whe-1', eventId: ' ', eventType: 'TicketClosed', recordRef };
    specAt(scheduledAt).when({ type: 'ScheduleWebhookDelivery', data }).thenThrows('invalid', { path: 'eventId' });
    specAt(scheduledAt).as(standard).when({ type: 'ScheduleWebhookDelivery', data: { ...data, eventId: 'e' } }).thenThrows('forbidden');
  });
});

describe('RecordWebhookAttempt', () => {
  it('a 2xx delivers, with the status and the start of the response', () => {
    specAt(at(2000))
      .given([scheduled])
      .when(attempt(1, scheduledAt, ok, { responsePrefix: 'thanks' }))
      .then([recorded({ attempt: 1, attemptedAt: scheduledAt, outcome: 'delivered', status: 200, responsePrefix: 'thanks' })])
      .andState({ status: 'delivered', nextAttemptAt: null, attempts: [{ attempt: 1, outcome: 'delivered', status: 200, error: null }] });
  });

  it('a 500 is retried after the back-off from the end of the attempt', () => {
    // attempt 1 of the round: ceiling 30 s, random 0.5 -> 15 s after now.
    specAt(at(2000))
      .given([scheduled])
      .when(attempt(1, scheduledAt, fiveHundred, { responsePrefix: 'oops' }))
      .then([recorded({ attempt: 1, attemptedAt: scheduledAt, outcome: 'retry', status: 500, responsePrefix: 'oops', nextAttemptAt: at(17_000) })])
      .andState({ status: 'pending', nextAttemptAt: at(17_000), round: { attempts: 1, firstAttemptAt: scheduledAt } });
  });

  it('a timeout is recorded with its error, no status, and retried', () => {
    specAt(at(10_000))
      .given([scheduled])
      .when(attempt(1, scheduledAt, { kind: 'timeout' }, { durationMs: 10_000, errorMessage: 'no answer in 10 s' }))
      .then([
        recorded({
          attempt: 1,
          attemptedAt: scheduledAt,
          outcome: 'retry',
          durationMs: 10_000,
          error: { kind: 'timeout', message: 'no answer in 10 s' },
          nextAttemptAt: at(25_000),
        }),
      ]);
  });

  it('a 404 fails for good', () => {
    specAt(at(2000))
      .given([scheduled])
      .when(attempt(1, scheduledAt, { kind: 'response', status: 404 }))
      .then([recorded({ attempt: 1, attemptedAt: scheduledAt, outcome: 'failed', status: 404 })])
      .andState({ status: 'failed', nextAttemptAt: null });
  });

  it('keeps at most 1 KB of the response', () => {
    const outcome = specAt(at(2000)).given([scheduled]).when(attempt(1, scheduledAt, ok, { responsePrefix: 'x'.repeat(5000) })).outcome();
    expect((outcome.events[0]!.data as AttemptData).responsePrefix).toBe('x'.repeat(1024));
  });

  it('retries end 24 h after the first attempt of the round', () => {
    const first = recorded({ attempt: 1, attemptedAt: scheduledAt, outcome: 'retry', status: 500, nextAttemptAt: at(17_000) });
    const late = at(24 * HOUR + 5000);
    specAt(late)
      .given([scheduled, first])
      .when(attempt(2, at(24 * HOUR), fiveHundred))
      .then([recorded({ attempt: 2, attemptedAt: at(24 * HOUR), outcome: 'failed', status: 500 })])
      .andState({ status: 'failed' });
  });

  it('a repeated attempt number (the sender crashed after recording it) changes nothing', () => {
    const first = recorded({ attempt: 1, attemptedAt: scheduledAt, outcome: 'delivered', status: 200 });
    specAt(at(5000)).given([scheduled, first]).when(attempt(1, scheduledAt, ok)).thenNothing();
  });

  it('refuses a gap in the attempt numbers, and an attempt of a finished delivery', () => {
    specAt(at(2000)).given([scheduled]).when(attempt(2, scheduledAt, ok)).thenThrows('invalid', { path: 'attempt' });
    const failed = recorded({ attempt: 1, attemptedAt: scheduledAt, outcome: 'failed', status: 410 });
    specAt(at(5000)).given([scheduled, failed]).when(attempt(2, at(4000), ok)).thenThrows('conflict', 'failed');
  });

  it('refuses a bad time or duration, and an unknown delivery', () => {
    specAt(at(2000)).given([scheduled]).when(attempt(1, 'then', ok)).thenThrows('invalid', { path: 'attemptedAt' });
    specAt(at(2000)).given([scheduled]).when(attempt(1, scheduledAt, ok, { durationMs: -1 })).thenThrows('invalid', { path: 'durationMs' });
    specAt(at(2000)).when(attempt(1, scheduledAt, ok)).thenThrows('not_found');
  });
});

describe('RequestWebhookRedelivery', () => {
  const failed = recorded({ attempt: 1, attemptedAt: scheduledAt, outcome: 'failed', status: 410 });

  it('sends a finished delivery again: a new round, attempts numbered on', () => {
    const now = at(3 * 24 * HOUR);
    specAt(now)
      .given([scheduled, failed])
      .when({ type: 'RequestWebhookRedelivery' })
      .then([redelivery])
      .andState({ status: 'pending', nextAttemptAt: now, round: { number: 2, attempts: 0, firstAttemptAt: null } });
  });

  it('numbers the rounds: 1 when scheduled, one more per redelivery (the queue message of each round is its own)', () => {
    const now = at(3 * 24 * HOUR);
    specAt(now).given([scheduled]).when(attempt(1, scheduledAt, { kind: 'response', status: 200 })).thenState({ round: { number: 1, attempts: 1 } });
    specAt(now)
      .given([scheduled, failed, redelivery, recorded({ attempt: 2, attemptedAt: at(HOUR), outcome: 'failed', status: 410 })])
      .when({ type: 'RequestWebhookRedelivery' })
      .then([redelivery])
      .andState({ round: { number: 3, attempts: 0 } });
  });

  it('the new round has its own 24 h window', () => {
    const roundStart = at(3 * 24 * HOUR);
    specAt(at(3 * 24 * HOUR + 2000))
      .given([scheduled, failed, redelivery])
      .when(attempt(2, roundStart, fiveHundred))
      .then([recorded({ attempt: 2, attemptedAt: roundStart, outcome: 'retry', status: 500, nextAttemptAt: at(3 * 24 * HOUR + 17_000) })]);
  });

  it('refuses while the delivery is still being attempted', () => {
    specAt(at(1000)).given([scheduled]).when({ type: 'RequestWebhookRedelivery' }).thenThrows('conflict');
  });

  it('only an admin', () => {
    specAt(at(1000)).as(standard).given([scheduled, failed]).when({ type: 'RequestWebhookRedelivery' }).thenThrows('forbidden');
  });

  it(`bounds the stream: ${maxDeliveryRounds} rounds at most (the first and ${maxDeliveryRounds - 1} redeliveries)`, () => {
    // Round r (1-based) failed at its one attempt, numbered r; a redelivery opens the next round.
    const rounds = (count: number): GivenEvent<WebhookDeliveryEvent>[] => [
      scheduled,
      ...Array.from({ length: count }, (_, i) => [
        ...(i > 0 ? [redelivery] : []),
        recorded({ attempt: i + 1, attemptedAt: at(i * HOUR), outcome: 'failed', status: 410 }),
      ]).flat(),
    ];
    const now = at(3 * 24 * HOUR);
    specAt(now).given(rounds(maxDeliveryRounds - 1)).when({ type: 'RequestWebhookRedelivery' }).then([redelivery]).andState({ round: { number: maxDeliveryRounds } });
    specAt(now).given(rounds(maxDeliveryRounds)).when({ type: 'RequestWebhookRedelivery' }).thenThrows('conflict');
  });
});
