import { integrationEnv } from '../../../contract/tables.ts';
import { deliverableEventTypes } from '../../../contract/webhook-event-types.ts';
import type { EndpointRules } from '../../../domain/integrations/webhook-endpoint.ts';

/**
 * Every event type an endpoint may ask for: the catalogue's deliverable ones — neither the integrations
 * context's own nor a private one (domain/integrations/webhook-event-privacy.ts); asking for another
 * is a 422 naming `body.eventTypes.N`.
 */
export const webhookEventTypes = (): readonly string[] => deliverableEventTypes;

/**
 * The rules a save checks an endpoint against: the event types above and, from the environment,
 * whether this is the local cloud (plain http to loopback allowed; never in AWS, where it is unset).
 */
export const webhookRulesFromEnv = (environment: NodeJS.ProcessEnv = process.env): EndpointRules => ({
  knownEventTypes: webhookEventTypes(),
  local: environment[integrationEnv.webhookLoopbackAllowed] === 'true',
});
