import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { assertAdministrator } from '../../domain/access/administration.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { peopleOperations } from './administration/people-operations.ts';
import { settingsOperations } from './administration/settings-operations.ts';
import { httpFunction } from './http-function.ts';
import { json } from './responses.ts';
import type { Operations } from './router.ts';

export const adminOperations = (dependencies: DependencySource): Operations<'adminApi'> => ({
  /**
   * Rebuilds the caller's tenant only (tenant isolation holds for admins too); `npm run rebuild`
   * rebuilds every tenant. Synchronous: fine for a tenant's volume within API Gateway's 30 s.
   */
  rebuildProjections: async ({ actor }) => {
    assertAdministrator(actor);
    const { db, eventsTable, eventStore, readModels } = dependencies();
    const result = await rebuildReadModels({ db, eventsTable, eventStore, readModels, tenant: actor.tenant });
    logger.info('read models rebuilt', { ...result });
    return json(200, result);
  },
  ...peopleOperations(dependencies),
  ...settingsOperations(dependencies),
});

export const createAdminHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('adminApi', adminOperations(dependencies));

export const handler = createAdminHandler();
