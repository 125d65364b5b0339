import type { RouteDefinition } from '../route-definition.ts';
import { ApiClientList, CreateApiClientBody, CreatedApiClientView } from './api-clients.ts';
import { IdParam } from './common.ts';

const tag = 'ApiClients';

/** API.md "Integration": API clients (admin only; another tenant's client: 404). docs/api-clients.md. */
export const apiClientRoutes = [
  {
    method: 'POST',
    path: '/v1/api-clients',
    function: 'integrationsApi',
    operationId: 'createApiClient',
    summary: 'Create an API client (ApiClientCreated): its id and secret, the secret shown once; tokens by the client-credentials grant at `tokenUrl`',
    tag,
    auth: 'jwt',
    body: CreateApiClientBody,
    response: { status: 201, description: 'The client, its secret (once) and the token URL', schema: CreatedApiClientView },
  },
  {
    method: 'GET',
    path: '/v1/api-clients',
    function: 'integrationsApi',
    operationId: 'listApiClients',
    summary: "The tenant's live API clients, newest first (never their secrets)",
    tag,
    auth: 'jwt',
    response: { status: 200, description: 'The clients', schema: ApiClientList },
  },
  {
    method: 'DELETE',
    path: '/v1/api-clients/{id}',
    function: 'integrationsApi',
    operationId: 'revokeApiClient',
    summary: 'Revoke an API client (ApiClientRevoked): its tokens are refused from the next request on; revoking it again answers 204 too',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 204, description: 'Revoked' },
  },
] as const satisfies readonly RouteDefinition[];
