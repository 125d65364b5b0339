import { apiClientService } from '../../../application/integrations/api-client-service.ts';
import { noApiClientIssuer } from '../../../application/ports/api-client-issuer.ts';
import { roleScope } from '../../../contract/api-client-scopes.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf, idempotencyOf } from '../idempotency.ts';
import { json } from '../responses.ts';
import type { Operations } from '../router.ts';

type ApiClientOperations = Pick<Operations<'integrationsApi'>, 'createApiClient' | 'listApiClients' | 'revokeApiClient'>;

/** The API client routes (contract/http/api-client-routes.ts), admin only. docs/api-clients.md. */
export const apiClientOperations = (dependencies: DependencySource): ApiClientOperations => {
  const clients = apiClientService(dependencies, () => dependencies().apiClientIssuer ?? noApiClientIssuer, roleScope);
  return {
    createApiClient: async ({ actor, body, ...request }) => {
      const idempotency = idempotencyOf(actor, request);
      const outcome = await clients.createApiClient(commandContextOf(actor, request), body, idempotency ? { idempotency } : {});
      // The secret is in the body: no cache may keep it.
      return answer(outcome, (created) => json(201, created, { location: `/v1/api-clients/${created.id}`, 'cache-control': 'no-store' }));
    },
    listApiClients: async ({ actor }) => json(200, await clients.listApiClients(actor)),
    revokeApiClient: async ({ actor, params, ...request }) => {
      await clients.revokeApiClient(commandContextOf(actor, request), params.id);
      return { statusCode: 204 };
    },
  };
};
