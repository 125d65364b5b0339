import type { DependencySource } from '../../shared/dependencies.ts';
import type { Operations } from '../router.ts';

/** The webhook routes (contract/http/webhook-routes.ts). Built by wp17-endpoints. */
export const webhookOperations = (_dependencies: DependencySource): Partial<Operations<'integrationsApi'>> => ({});
