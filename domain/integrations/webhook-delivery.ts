import type {
  WebhookAttemptErrorKind,
  WebhookAttemptOutcome,
  WebhookDeliveryEvent,
  WebhookRecordRef,
} from '../../events/integrations/webhook-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, forbidden, invalid, notFound } from '../shared/errors.ts';
import { decideRetry, defaultRetryPolicy, type AttemptResult, type RetryPolicy } from './retry-policy.ts';

/** The first bytes of a response the delivery log keeps (the adapter reads no more; this is a guard). */
export const responsePrefixLength = 1024;

/**
 * The rounds a delivery can have: the first and 9 redeliveries. Each round holds up to the retry
 * policy's `maxAttempts` attempts, so this bounds the events of a delivery's stream (and what its
 * sender and decider fold) — an admin who needs more sends a test event or fixes the receiver.
 */
export const maxDeliveryRounds = 10;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly outcome: WebhookAttemptOutcome;
  readonly status: number | null;
  readonly durationMs: number;
  readonly responsePrefix: string | null;
  readonly error: { readonly kind: WebhookAttemptErrorKind; readonly message: string } | null;
  readonly nextAttemptAt: string | null;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly recordRef: WebhookRecordRef;
  readonly status: DeliveryStatus;
  /** When the sender should try next; `null` once delivered or failed. */
  readonly nextAttemptAt: string | null;
  readonly attempts: readonly WebhookAttempt[];
  /**
   * The current round (scheduling starts round 1, each redelivery the next: the queue's `round`), its
   * attempts and its first attempt's time.
   */
  readonly round: { readonly number: number; readonly attempts: number; readonly firstAttemptAt: string | null };
  readonly scheduledAt: string;
}

export type WebhookDeliveryState = WebhookDelivery | null;

export type WebhookDeliveryCommand =
  | {
      type: 'ScheduleWebhookDelivery';
      data: { deliveryId: string; endpointId: string; eventId: string; eventType: string; recordRef: WebhookRecordRef };
    }
  | {
      type: 'RecordWebhookAttempt';
      data: {
        /** The number the sender gave the attempt (the delivery's attempts so far + 1): a repeat is a no-op. */
        attempt: number;
        attemptedAt: string;
        durationMs: number;
        result: AttemptResult;
        responsePrefix?: string;
        errorMessage?: string;
        /** Uniform in [0, 1): the back-off's jitter, drawn by the caller. */
        random: number;
        policy?: RetryPolicy;
      };
    }
  | { type: 'RequestWebhookRedelivery' };

const admin = (context: DecisionContext): void => {
  if (context.actor.role !== 'admin') throw forbidden('only an admin manages webhooks');
};

const existing = (state: WebhookDeliveryState): WebhookDelivery => {
  if (state === null) throw notFound('webhook delivery not found');
  return state;
};

const required = (path: string, value: string): string => {
  if (value.trim() === '') throw invalid(path, 'must not be blank');
  return value;
};

const recordAttempt = (
  delivery: WebhookDelivery,
  data: Extract<WebhookDeliveryCommand, { type: 'RecordWebhookAttempt' }>['data'],
  context: DecisionContext,
): WebhookDeliveryEvent[] => {
  const expected = delivery.attempts.length + 1;
  // The sender recorded this attempt already and crashed before it knew (at least once): nothing to do.
  if (Number.isInteger(data.attempt) && data.attempt >= 1 && data.attempt < expected) return [];
  if (delivery.status !== 'pending') throw conflict(`the delivery is ${delivery.status}: nothing is to be attempted`);
  if (data.attempt !== expected) throw invalid('attempt', `must be ${expected}, the next attempt`);
  if (Number.isNaN(Date.parse(data.attemptedAt))) throw invalid('attemptedAt', 'must be a date and time');
  if (!Number.isInteger(data.durationMs) || data.durationMs < 0) throw invalid('durationMs', 'must be a whole number of milliseconds');
  const attemptedAt = new Date(Date.parse(data.attemptedAt)).toISOString();
  const decision = decideRetry(
    {
      result: data.result,
      attempt: delivery.round.attempts + 1,
      firstAttemptAt: delivery.round.firstAttemptAt ?? attemptedAt,
      now: context.now,
      random: data.random,
    },
    data.policy ?? defaultRetryPolicy,
  );
  const response = data.result.kind === 'response';
  const prefix = response && data.responsePrefix ? data.responsePrefix.slice(0, responsePrefixLength) : undefined;
  return [
    {
      type: 'WebhookAttemptRecorded',
      data: {
        deliveryId: delivery.id,
        attempt: data.attempt,
        attemptedAt,
        outcome: decision.outcome,
        ...(data.result.kind === 'response' ? { status: data.result.status } : {}),
        durationMs: data.durationMs,
        ...(prefix !== undefined ? { responsePrefix: prefix } : {}),
        ...(data.result.kind !== 'response'
          ? { error: { kind: data.result.kind, message: (data.errorMessage ?? data.result.kind).slice(0, 1024) } }
          : {}),
        ...(decision.outcome === 'retry' ? { nextAttemptAt: decision.nextAttemptAt } : {}),
      },
    },
  ];
};

export const decide = (
  command: WebhookDeliveryCommand,
  state: WebhookDeliveryState,
  context: DecisionContext,
): WebhookDeliveryEvent[] => {
  admin(context);
  switch (command.type) {
    case 'ScheduleWebhookDelivery': {
      // The delivery id is derived from the endpoint and the event: scheduling twice is one delivery.
      if (state !== null) return [];
      const { data } = command;
      return [
        {
          type: 'WebhookDeliveryScheduled',
          data: {
            deliveryId: data.deliveryId,
            endpointId: required('endpointId', data.endpointId),
            eventId: required('eventId', data.eventId),
            eventType: required('eventType', data.eventType),
            recordRef: data.recordRef,
          },
        },
      ];
    }
    case 'RecordWebhookAttempt':
      return recordAttempt(existing(state), command.data, context);
    case 'RequestWebhookRedelivery': {
      const delivery = existing(state);
      if (delivery.status === 'pending') throw conflict('the delivery is still being attempted');
      if (delivery.round.number >= maxDeliveryRounds) throw conflict(`the delivery had its ${maxDeliveryRounds} rounds: it is not sent again`);
      return [{ type: 'WebhookRedeliveryRequested', data: { deliveryId: delivery.id } }];
    }
  }
};

const statusOf = (outcome: WebhookAttemptOutcome): DeliveryStatus =>
  outcome === 'retry' ? 'pending' : outcome;

export const evolve = (state: WebhookDeliveryState, event: Recorded<WebhookDeliveryEvent>): WebhookDeliveryState => {
  if (event.type === 'WebhookDeliveryScheduled') {
    const { data } = event;
    return {
      id: data.deliveryId,
      endpointId: data.endpointId,
      eventId: data.eventId,
      eventType: data.eventType,
      recordRef: data.recordRef,
      status: 'pending',
      nextAttemptAt: event.at,
      attempts: [],
      round: { number: 1, attempts: 0, firstAttemptAt: null },
      scheduledAt: event.at,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'WebhookAttemptRecorded': {
      const { data } = event;
      const attempt: WebhookAttempt = {
        attempt: data.attempt,
        attemptedAt: data.attemptedAt,
        outcome: data.outcome,
        status: data.status ?? null,
        durationMs: data.durationMs,
        responsePrefix: data.responsePrefix ?? null,
        error: data.error ?? null,
        nextAttemptAt: data.nextAttemptAt ?? null,
      };
      return {
        ...state,
        status: statusOf(data.outcome),
        nextAttemptAt: data.nextAttemptAt ?? null,
        attempts: [...state.attempts, attempt],
        round: { number: state.round.number, attempts: state.round.attempts + 1, firstAttemptAt: state.round.firstAttemptAt ?? data.attemptedAt },
      };
    }
    case 'WebhookRedeliveryRequested':
      return { ...state, status: 'pending', nextAttemptAt: event.at, round: { number: state.round.number + 1, attempts: 0, firstAttemptAt: null } };
  }
};

export const webhookDeliveryDecider: Decider<WebhookDeliveryCommand, WebhookDeliveryState, WebhookDeliveryEvent> = {
  initialState: null,
  decide,
  evolve,
};
