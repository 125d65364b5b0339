import { apiClientEvents } from '../../events/integrations/api-client-events.ts';
import { webhookEvents } from '../../events/integrations/webhook-events.ts';
import { defineContext } from '../context-definition.ts';
import { apiClientRoutes } from '../http/api-client-routes.ts';
import { webhookRoutes } from '../http/webhook-routes.ts';
import { webhookDeliveriesProjection } from '../../projections/integrations/webhook-deliveries.ts';

/**
 * Integrations (PRODUCT.md "Integration"; API.md "Integration"): signed webhooks — endpoints, the
 * dispatcher that turns every domain event into deliveries, the sender that signs, sends and retries
 * them, the delivery log — and API clients, the OAuth 2.0 client-credentials identities of a tenant's
 * integrations. docs/webhooks.md, docs/api-clients.md, docs/outbound-http.md.
 */
export const integrationsContext = defineContext({
  name: 'integrations',
  events: [...webhookEvents, ...apiClientEvents],
  functions: {
    integrationsApi: {
      id: 'IntegrationsApi',
      entry: 'functions/http/integrations.ts',
      kind: 'http',
      description: 'HTTP API of integrations (admin only): webhook endpoints, their secrets and delivery logs, test events, redeliveries; API clients',
      memorySize: 512,
      timeoutSeconds: 10,
      // Commits endpoint and client events with their private items (webhook secrets, client grants);
      // queues test events and redeliveries; creates and deletes Cognito app clients (infra wires those).
      // maintainLookups: a revoked client (and a deleted endpoint) leaves its registry lookup entry.
      access: { events: 'append', readModels: 'query', maintainLookups: true },
    },
    webhookDispatcher: {
      id: 'WebhookDispatcher',
      entry: 'functions/bus/dispatch-webhooks.ts',
      kind: 'bus',
      description: "Turns each domain event into one delivery per endpoint of its tenant that wants it, queued in the record's order",
      memorySize: 512,
      timeoutSeconds: 60,
      // Reads the triggering record's stream (any kind) and the endpoints; writes only its deliveries,
      // its dispatch plans and its per-record order cursors (application/integrations/webhook-dispatcher.ts,
      // dispatch-cursor.ts `cursorSequenceOf`): no claim, lookup or idempotency record.
      access: { events: 'read', appendOnlyTo: { streams: ['webhook-delivery', 'webhook-dispatch-plan'], sequencePrefixes: ['webhook-cursor/'] } },
    },
    webhookSender: {
      id: 'WebhookSender',
      entry: 'functions/queue/send-webhooks.ts',
      kind: 'queue',
      description: 'Signs and sends queued webhook deliveries (Standard Webhooks), records every attempt, retries with back-off, disables an endpoint failing for 5 days',
      memorySize: 512,
      // Up to ten deliveries of a batch in parallel, each at most 10 s (adapters/http/safe-http-client.ts).
      timeoutSeconds: 60,
      // Reads the delivery, its endpoint and the record's stream (the payload); writes only attempts (the
      // delivery's stream) and an endpoint's disabling (application/integrations/webhook-sender.ts); its
      // secrets and failure streak are private items, granted by infra's WebhookDelivery.
      access: { events: 'read', appendOnlyTo: { streams: ['webhook-delivery', 'webhook-endpoint'] } },
      // Senders at once, at most: a burst of records (an import of 100k rows is 100k deliveries per
      // endpoint) waits in the queue instead of taking the account's concurrency from the API.
      reservedConcurrency: 50,
    },
  },
  routes: [...webhookRoutes, ...apiClientRoutes],
  projections: [webhookDeliveriesProjection],
  busRules: [
    {
      function: 'webhookDispatcher',
      description: "Every domain event but the integrations context's own (a delivery is never delivered)",
      eventTypes: { allExceptSources: ['cronaca.integrations'] },
    },
  ],
});
