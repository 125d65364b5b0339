import type { DependencySource } from '../../shared/dependencies.ts';
import type { Operations } from '../router.ts';

/** The API client routes (contract/http/api-client-routes.ts). Built by wp17-apiclients. */
export const apiClientOperations = (_dependencies: DependencySource): Partial<Operations<'integrationsApi'>> => ({});
