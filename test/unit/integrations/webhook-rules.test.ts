import { describe, expect, it } from 'vitest';
import { catalogue, eventTypes } from '../../../contract/event-catalogue.ts';
import { deliverableEventTypes, nonDeliverableEventTypes, privateEventTypes } from '../../../contract/webhook-event-types.ts';
import { webhookEndpointDecider } from '../../../domain/integrations/webhook-endpoint.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { webhookEventTypes, webhookRulesFromEnv } from '../../../functions/http/integrations/webhook-rules.ts';

/** What an endpoint may subscribe to, and where plain http to loopback is allowed (docs/webhooks.md). */
describe('the webhook endpoint rules of the functions layer', () => {
  it('every event type of the catalogue but the integrations context’s own and the private ones', () => {
    const own = eventTypes.filter((type) => catalogue.get(type)!.source === 'cronaca.integrations');
    expect(own).toEqual(expect.arrayContaining(['WebhookEndpointCreated', 'WebhookAttemptRecorded', 'WebhookDispatchPlanned', 'ApiClientCreated']));
    const refused = [...own, ...Object.keys(privateEventTypes)];
    expect(webhookEventTypes().toSorted()).toEqual(eventTypes.filter((type) => !refused.includes(type)).toSorted());
    expect(webhookEventTypes()).toEqual(expect.arrayContaining(['TicketOpened', 'CompanyRegistered', 'ContactCreated', 'LeadConverted', 'QuoteAccepted', 'SalesOrderCreated', 'ActivityScheduled', 'RequestRegistered', 'BoardMessagePosted', 'ContactNoteAdded']));
  });

  it('loopback only where WEBHOOK_LOOPBACK_ALLOWED is exactly "true" (the local cloud)', () => {
    expect(webhookRulesFromEnv({ WEBHOOK_LOOPBACK_ALLOWED: 'true' }).local).toBe(true);
    for (const value of [undefined, 'false', 'TRUE', '1', '']) expect(webhookRulesFromEnv({ WEBHOOK_LOOPBACK_ALLOWED: value }).local).toBe(false);
    expect(webhookRulesFromEnv({}).knownEventTypes).toEqual(webhookEventTypes());
  });
});

describe('the list of event types a webhook never delivers', () => {
  it('names only types of the catalogue, each with a reason; with the deliverable ones it is the whole catalogue', () => {
    for (const [type, why] of Object.entries(privateEventTypes)) {
      expect(catalogue.has(type), type).toBe(true);
      expect(why.length, type).toBeGreaterThan(10);
    }
    expect([...deliverableEventTypes, ...nonDeliverableEventTypes.keys()].toSorted()).toEqual(eventTypes.toSorted());
    expect(deliverableEventTypes.filter((type) => nonDeliverableEventTypes.has(type))).toEqual([]);
  });

  it('holds users’ messages and notes, calendar feeds, mailings, jobs and maintenance', () => {
    for (const type of ['MessageSent', 'MessageRead', 'NoteWritten', 'NoteEdited', 'NoteDeleted', 'CalendarFeedCreated', 'CalendarFeedRevoked', 'ReminderSent', 'DailyDigestSent', 'ReportRequested', 'ExportCompleted', 'ImportProgressRecorded', 'ProjectionRebuildProgressed', 'WebhookDispatchPlanned', 'WebhookSecretRotated']) {
      expect(nonDeliverableEventTypes.has(type), type).toBe(true);
    }
  });

  it('an endpoint cannot subscribe to a private type: refused at save, naming its index', () => {
    const rules = webhookRulesFromEnv({});
    const create = (eventTypes: readonly string[]) => () =>
      webhookEndpointDecider.decide(
        { type: 'CreateWebhookEndpoint', data: { endpointId: 'ep-1', url: 'https://hooks.example.com/', eventTypes, secretId: 's-1', rules } },
        null,
        { actor: { tenant: 'acme', userId: 'admin-1', role: 'admin', groups: [] }, now: '2030-01-01T00:00:00.000Z' },
      );
    for (const [index, type] of ['MessageSent', 'NoteWritten', 'CalendarFeedCreated'].entries()) {
      const eventTypes = [...['TicketOpened', 'CompanyRegistered'].slice(0, index), type];
      let error: unknown;
      try {
        create(eventTypes)();
      } catch (caught) {
        error = caught;
      }
      expect(error, type).toBeInstanceOf(DomainError);
      expect((error as DomainError).issues.map((issue) => issue.path)).toEqual([`eventTypes.${index}`]);
    }
    expect(create(['TicketOpened', 'CompanyRegistered'])()).toHaveLength(1);
  });
});
