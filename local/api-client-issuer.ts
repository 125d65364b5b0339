import type { ApiClientIssuer } from '../application/ports/api-client-issuer.ts';
import { roleOfScope } from '../contract/api-client-scopes.ts';
import type { LocalApiClientRegistry } from './api-client-registry.ts';
import { tokenEndpointPath } from './oauth-token-endpoint.ts';
import { createIntegrationsHandler } from '../functions/http/integrations.ts';
import { type Dependencies, dependenciesFromEnv } from '../functions/shared/dependencies.ts';
import type { HttpHandler } from './http-server.ts';

/**
 * The local identity provider of API clients: the registry behind the local token endpoint
 * (`POST /oauth2/token` on the local API server), standing in for Cognito's app clients. Like
 * Cognito it knows no tenant: the API's grant (a private item in the event store) says which tenant
 * and role a client acts with. Deleting marks the client revoked in the registry: no new token, and
 * the local authorizer still lets its old tokens through to the function — as the deployed Lambda
 * authorizer does for any client of the pool — where the revoked grant answers 401.
 */
export const localApiClientIssuer = (registry: LocalApiClientRegistry, apiUrl: () => string): ApiClientIssuer => ({
  create: async ({ name, scopes }) => {
    const role = roleOfScope(scopes[0] ?? '');
    if (!role || scopes.length !== 1) throw new Error(`a local API client has exactly one role scope, not ${scopes.join(' ')}`);
    // No tenant: the registry's own grant (`find`) is not what the API reads for such a client.
    return registry.register({ tenant: '', role, name });
  },
  delete: async (clientId) => void registry.revoke(clientId),
  get tokenUrl() {
    return `${apiUrl()}${tokenEndpointPath}`;
  },
});

/**
 * The integrations function with the local issuer (`npm start`, the test stack): its other
 * dependencies are the environment's, as the imported handler's would be, unless `overrides` gives
 * them (a test's recording webhook queue).
 */
export const localIntegrationsHandler = (issuer: ApiClientIssuer, overrides: Partial<Dependencies> = {}): HttpHandler =>
  createIntegrationsHandler(() => ({ ...dependenciesFromEnv(), apiClientIssuer: issuer, ...overrides })) as unknown as HttpHandler;
