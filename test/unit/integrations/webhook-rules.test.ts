import { describe, expect, it } from 'vitest';
import { catalogue, eventTypes } from '../../../contract/event-catalogue.ts';
import { webhookEventTypes, webhookRulesFromEnv } from '../../../functions/http/integrations/webhook-rules.ts';

/** What an endpoint may subscribe to, and where plain http to loopback is allowed (docs/webhooks.md). */
describe('the webhook endpoint rules of the functions layer', () => {
  it('every event type of the catalogue but the integrations context’s own', () => {
    const own = eventTypes.filter((type) => catalogue.get(type)!.source === 'cronaca.integrations');
    expect(own).toEqual(expect.arrayContaining(['WebhookEndpointCreated', 'WebhookAttemptRecorded']));
    expect(webhookEventTypes().toSorted()).toEqual(eventTypes.filter((type) => !own.includes(type)).toSorted());
    expect(webhookEventTypes()).toEqual(expect.arrayContaining(['TicketOpened', 'NoteWritten']));
  });

  it('loopback only where WEBHOOK_LOOPBACK_ALLOWED is exactly "true" (the local cloud)', () => {
    expect(webhookRulesFromEnv({ WEBHOOK_LOOPBACK_ALLOWED: 'true' }).local).toBe(true);
    for (const value of [undefined, 'false', 'TRUE', '1', '']) expect(webhookRulesFromEnv({ WEBHOOK_LOOPBACK_ALLOWED: value }).local).toBe(false);
    expect(webhookRulesFromEnv({}).knownEventTypes).toEqual(webhookEventTypes());
  });
});
