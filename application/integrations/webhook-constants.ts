/**
 * What the endpoints API and the webhook pipeline (dispatcher, sender) must agree on, defined once.
 */

/**
 * The tenant's endpoints, found strongly consistent (the dispatcher reads it too): a lookup entry per
 * live endpoint (owner = endpointId), given in the creation's commit and taken in the deletion's.
 */
export const webhookEndpointRegistry = { scope: 'webhook-endpoint', value: 'all' } as const;

/** Each endpoint costs a signed request per event: a tenant keeps at most this many. */
export const maxWebhookEndpoints = 20;

/**
 * How many registry holders a reader takes: above the cap, since two creations racing can each pass
 * the cap's check (the cap is checked on a read, not by a condition) — a reader must not silently
 * drop the 21st. The lookup's own maximum.
 */
export const webhookRegistryReadLimit = 100;

/** The actor of what the pipeline (dispatcher and sender) records. */
export const webhooksActor = 'system:webhooks';
