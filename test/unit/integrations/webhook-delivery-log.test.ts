import { describe, expect, it } from 'vitest';
import { deliveryLogEntry, evolveDeliveryLog, loggedAttempts, type WebhookDeliveryLogEntry } from '../../../domain/integrations/webhook-delivery-log.ts';
import { webhookDeliveryDecider } from '../../../domain/integrations/webhook-delivery.ts';
import type { Recorded } from '../../../domain/shared/decider.ts';
import { webhookDeliveryLogView } from '../../../application/integrations/webhook-views.ts';
import { WebhookDeliveryView } from '../../../contract/http/webhooks.ts';
import { WebhookAttemptErrorKind, type WebhookDeliveryEvent } from '../../../events/integrations/webhook-events.ts';

const scheduledAt = '2030-03-10T09:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(scheduledAt) + minutes * 60_000).toISOString();
const deliveryId = 'whe-1.evt-9';
const recorded = (event: WebhookDeliveryEvent, minutes: number): Recorded<WebhookDeliveryEvent> => ({ ...event, at: at(minutes), actor: 'system:webhooks' });
const scheduled = recorded(
  { type: 'WebhookDeliveryScheduled', data: { deliveryId, endpointId: 'whe-1', eventId: 'evt-9', eventType: 'TicketClosed', recordRef: { type: 'ticket', id: 'tkt-1', version: 3 } } },
  0,
);

/** `rounds` rounds of `perRound` attempts each: retries, then a 503 that ends the round; a redelivery between rounds. */
const history = (rounds: number, perRound: number): Recorded<WebhookDeliveryEvent>[] => {
  const events = [scheduled];
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    if (round > 0) events.push(recorded({ type: 'WebhookRedeliveryRequested', data: { deliveryId } }, n + 1));
    for (let i = 0; i < perRound; i++) {
      n++;
      const last = i === perRound - 1;
      events.push(
        recorded(
          {
            type: 'WebhookAttemptRecorded',
            data: {
              deliveryId,
              attempt: n,
              attemptedAt: at(n),
              outcome: last ? 'failed' : 'retry',
              ...(n % 2 === 0 ? { status: 503, responsePrefix: `${n}:`.padEnd(1024, 'x') } : { error: { kind: 'timeout' as const, message: `${n}: `.padEnd(1024, 'y') } }),
              durationMs: 10_000,
              ...(last ? {} : { nextAttemptAt: at(n + 1) }),
            },
          },
          n,
        ),
      );
    }
  }
  return events;
};

const foldLog = (events: readonly Recorded<WebhookDeliveryEvent>[]) =>
  events.reduce<WebhookDeliveryLogEntry | null>(evolveDeliveryLog, null);
const foldFull = (events: readonly Recorded<WebhookDeliveryEvent>[]) => events.reduce(webhookDeliveryDecider.evolve, webhookDeliveryDecider.initialState);

describe('the delivery log entry of a delivery', () => {
  it('folding the events into the entry = the entry of the decider state, after every event', () => {
    const events = history(3, 5);
    for (let i = 1; i <= events.length; i++) expect(foldLog(events.slice(0, i))).toEqual(deliveryLogEntry(foldFull(events.slice(0, i))!));
  });

  it('keeps the last attempt’s response prefix or error message only, and summaries of every attempt', () => {
    const entry = foldLog(history(2, 3))!;
    expect(entry).toMatchObject({ attemptCount: 6, round: { number: 2, attempts: 3 }, status: 'failed', lastResponsePrefix: `6:`.padEnd(1024, 'x'), lastErrorMessage: null });
    expect(entry.attempts.map((a) => [a.attempt, a.errorKind, a.status])).toEqual([
      [1, 'timeout', null],
      [2, null, 503],
      [3, 'timeout', null],
      [4, null, 503],
      [5, 'timeout', null],
      [6, null, 503],
    ]);
    expect(entry.attempts[0]).toEqual({ attempt: 1, at: at(1), outcome: 'retry', status: null, durationMs: 10_000, errorKind: 'timeout' });
    const timedOut = foldLog(history(1, 1))!;
    expect(timedOut).toMatchObject({ lastResponsePrefix: null, lastErrorMessage: '1: '.padEnd(1024, 'y') });
  });

  it('a redelivery keeps the previous round’s attempts and last response until the next attempt', () => {
    const events = history(2, 2);
    const redelivered = foldLog(events.slice(0, events.findIndex((e) => e.type === 'WebhookRedeliveryRequested') + 1))!;
    expect(redelivered).toMatchObject({ status: 'pending', attemptCount: 2, round: { number: 2, attempts: 0 }, lastResponsePrefix: '2:'.padEnd(1024, 'x') });
  });

  it(`stays bounded however many rounds: the latest ${loggedAttempts} summaries, one response, one message`, () => {
    const entry = foldLog(history(10, 40))!;
    expect(entry.attemptCount).toBe(400);
    expect(entry.attempts.map((a) => a.attempt)).toEqual(Array.from({ length: loggedAttempts }, (_, i) => 400 - loggedAttempts + 1 + i));
    expect(JSON.stringify(entry).length).toBeLessThan(12_000);
    expect(JSON.stringify(foldFull(history(10, 40))).length).toBeGreaterThan(400_000);
  });

  it.each(WebhookAttemptErrorKind.options)('the API contract reads a delivery whose attempt failed with %s', (kind) => {
    const failed = recorded(
      { type: 'WebhookAttemptRecorded', data: { deliveryId, attempt: 1, attemptedAt: at(1), outcome: 'failed', durationMs: 0, error: { kind, message: `the endpoint: ${kind}` } } },
      1,
    );
    const view = webhookDeliveryLogView(foldLog([scheduled, failed])!);
    expect(WebhookDeliveryView.parse(view)).toMatchObject({ status: 'failed', attempts: [{ errorKind: kind }], lastErrorMessage: `the endpoint: ${kind}` });
  });
});
