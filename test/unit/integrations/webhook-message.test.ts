import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { standardSigner } from '../../../adapters/webhooks/standard-signer.ts';
import { signedWebhook, webhookBody, type WebhookSource } from '../../../application/integrations/webhook-message.ts';

/**
 * Signed with our code, verified with the package receivers use (`Webhook.verify`). It checks the
 * timestamp against the machine's clock (5 min tolerance), so the clock is pinned to the attempt.
 */
const attemptAt = '2030-03-10T09:00:00.750Z';
const source: WebhookSource = {
  eventId: 'acme#ticket#tkt-1#3',
  eventType: 'TicketClosed',
  at: '2030-03-10T08:59:58.000Z',
  data: { ticketId: 'tkt-1', from: 'in_progress' },
  record: { type: 'ticket', id: 'tkt-1', version: 3 },
};
const current = standardSigner.newSecret();
const previous = standardSigner.newSecret();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(attemptAt));
});
afterEach(() => {
  vi.useRealTimers();
});

const asHeaders = (headers: object): Record<string, string> => ({ ...(headers as Record<string, string>) });

describe('the webhook body', () => {
  it('is { type, timestamp, data: { eventId, record, event } }', () => {
    expect(JSON.parse(webhookBody(source))).toEqual({
      type: 'TicketClosed',
      timestamp: '2030-03-10T08:59:58.000Z',
      data: {
        eventId: 'acme#ticket#tkt-1#3',
        record: { type: 'ticket', id: 'tkt-1', version: 3 },
        event: { ticketId: 'tkt-1', from: 'in_progress' },
      },
    });
  });

  it('keeps an event field named like ours apart (MessagePosted has a `record`)', () => {
    const body = JSON.parse(webhookBody({ ...source, data: { record: { type: 'company', id: 'c-1' } } })) as { data: { record: unknown; event: unknown } };
    expect(body.data.record).toEqual(source.record);
    expect(body.data.event).toEqual({ record: { type: 'company', id: 'c-1' } });
  });
});

describe('signing (Standard Webhooks)', () => {
  it('a new secret is whsec_ and 32 random bytes in base64, a different one each time', () => {
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(current.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(previous).not.toBe(current);
  });

  it('headers: the delivery id, the attempt time in seconds, one v1 signature per secret', () => {
    const body = webhookBody(source);
    const message = signedWebhook(standardSigner, { deliveryId: 'whe-1.evt-9', body, attemptAt, secrets: [current, previous] });
    expect(message.body).toBe(body);
    expect(message.headers['content-type']).toBe('application/json');
    expect(message.headers['webhook-id']).toBe('whe-1.evt-9');
    expect(message.headers['webhook-timestamp']).toBe(String(Math.floor(Date.parse(attemptAt) / 1000)));
    expect(message.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
  });

  it('verifies with the package, with each valid secret (a rotation: both)', () => {
    const message = signedWebhook(standardSigner, { deliveryId: 'whe-1.evt-9', body: webhookBody(source), attemptAt, secrets: [current, previous] });
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(message.body, asHeaders(message.headers))).toEqual(JSON.parse(message.body));
    }
  });

  it('with one secret, only that one verifies', () => {
    const message = signedWebhook(standardSigner, { deliveryId: 'd-1', body: webhookBody(source), attemptAt, secrets: [current] });
    expect(() => new Webhook(current).verify(message.body, asHeaders(message.headers))).not.toThrow();
    expect(() => new Webhook(previous).verify(message.body, asHeaders(message.headers))).toThrow(WebhookVerificationError);
  });

  it('a tampered body, id or timestamp fails verification', () => {
    const message = signedWebhook(standardSigner, { deliveryId: 'd-1', body: webhookBody(source), attemptAt, secrets: [current] });
    const verify = (body: string, headers: Record<string, string>) => () => new Webhook(current).verify(body, headers);
    expect(verify(message.body.replace('in_progress', 'open'), asHeaders(message.headers))).toThrow('No matching signature');
    expect(verify(message.body, { ...asHeaders(message.headers), 'webhook-id': 'd-2' })).toThrow('No matching signature');
    const earlier = String(Number(message.headers['webhook-timestamp']) - 1);
    expect(verify(message.body, { ...asHeaders(message.headers), 'webhook-timestamp': earlier })).toThrow('No matching signature');
  });

  it('the same delivery signed at another attempt keeps its webhook-id and body, with a fresh timestamp', () => {
    const body = webhookBody(source);
    const first = signedWebhook(standardSigner, { deliveryId: 'd-1', body, attemptAt, secrets: [current] });
    const retry = signedWebhook(standardSigner, { deliveryId: 'd-1', body, attemptAt: '2030-03-10T09:05:00.000Z', secrets: [current] });
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['webhook-timestamp']).not.toBe(first.headers['webhook-timestamp']);
    expect(retry.headers['webhook-signature']).not.toBe(first.headers['webhook-signature']);
  });

  it('refuses to sign with no secret or at no time', () => {
    expect(() => signedWebhook(standardSigner, { deliveryId: 'd-1', body: '{}', attemptAt, secrets: [] })).toThrow('at least one secret');
    expect(() => signedWebhook(standardSigner, { deliveryId: 'd-1', body: '{}', attemptAt: 'now', secrets: [current] })).toThrow(RangeError);
  });
});
