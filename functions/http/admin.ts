import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { peopleOperations } from './administration/people-operations.ts';
import { rebuildOperations } from './administration/rebuild-operations.ts';
import { settingsOperations } from './administration/settings-operations.ts';
import { httpFunction } from './http-function.ts';
import type { Operations } from './router.ts';

export const adminOperations = (dependencies: DependencySource): Operations<'adminApi'> => ({
  ...rebuildOperations(dependencies),
  ...peopleOperations(dependencies),
  ...settingsOperations(dependencies),
});

export const createAdminHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('adminApi', adminOperations(dependencies));

export const handler = createAdminHandler();
