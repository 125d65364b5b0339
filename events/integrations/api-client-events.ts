import { z } from 'zod';
import { roles } from '../administration/value-lists.ts';
import { defineEvent, type EventDefinition, type EventOf } from '../define.ts';

const source = 'cronaca.integrations';

/**
 * API clients (issue 17, docs/api-clients.md): an integration's own identity, an OAuth 2.0
 * client-credentials app client at the identity provider (Cognito). Aggregate `api-client`, id =
 * the provider's client id. The secret is never in an event (the provider keeps it; the API shows it
 * once); the grant the HTTP edge reads per request (tenant, role, revoked) is a private item
 * (`api-client`, id = clientId) written in the same commit as these events.
 */

export const apiClientNameMax = 100;

export const ApiClientCreated = defineEvent({
  type: 'ApiClientCreated',
  version: 1,
  source,
  description:
    "An admin created an API client: its id at the identity provider, its name, the role it acts with, and the OAuth scopes its tokens carry (the role's scope). The secret is shown once to the admin, never recorded.",
  schema: z.strictObject({
    clientId: z.string().min(1).max(128),
    name: z.string().min(1).max(apiClientNameMax),
    role: z.enum(roles),
    scopes: z.array(z.string().min(1)).optional(),
  }),
});

export const ApiClientRevoked = defineEvent({
  type: 'ApiClientRevoked',
  version: 1,
  source,
  description: 'An admin revoked an API client: its tokens are refused from the next request on, and it is deleted at the identity provider.',
  schema: z.strictObject({ clientId: z.string().min(1).max(128) }),
});

/** API clients (issue 17). */
export const apiClientEvents = [ApiClientCreated, ApiClientRevoked] as const satisfies readonly EventDefinition[];

export type ApiClientEvent = EventOf<typeof ApiClientCreated> | EventOf<typeof ApiClientRevoked>;
