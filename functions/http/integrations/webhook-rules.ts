import { catalogue } from '../../../contract/event-catalogue.ts';
import { integrationEnv } from '../../../contract/tables.ts';
import type { EndpointRules } from '../../../domain/integrations/webhook-endpoint.ts';

/** The integrations context's own events are never delivered (the bus rule leaves them out too). */
const ownSource = 'cronaca.integrations';

/** Every event type an endpoint may ask for: the catalogue's, but the integrations context's own. */
export const webhookEventTypes = (): readonly string[] =>
  [...catalogue.values()].filter((definition) => definition.source !== ownSource).map((definition) => definition.type);

/**
 * The rules a save checks an endpoint against: the event types above and, from the environment,
 * whether this is the local cloud (plain http to loopback allowed; never in AWS, where it is unset).
 */
export const webhookRulesFromEnv = (environment: NodeJS.ProcessEnv = process.env): EndpointRules => ({
  knownEventTypes: webhookEventTypes(),
  local: environment[integrationEnv.webhookLoopbackAllowed] === 'true',
});
