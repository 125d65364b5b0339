import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import { apiClientOperations } from './integrations/api-client-operations.ts';
import { webhookOperations } from './integrations/webhook-operations.ts';
import type { Operations } from './router.ts';

/** Integrations over HTTP (contract/contexts/integrations.ts): webhook endpoints and API clients. */
export const integrationsOperations = (dependencies: DependencySource): Operations<'integrationsApi'> =>
  ({
    ...webhookOperations(dependencies),
    ...apiClientOperations(dependencies),
  }) as Operations<'integrationsApi'>;

export const createIntegrationsHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('integrationsApi', integrationsOperations(dependencies));

export const handler = createIntegrationsHandler();
