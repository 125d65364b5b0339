import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import { cardOperations } from './reports/card-operations.ts';
import { reportOperations, type ReportsApiIo } from './reports/report-operations.ts';
import type { Operations } from './router.ts';

/** The client card and reports over HTTP (contract/contexts/reports.ts): each operation calls a service and renders its result. */
export const reportsOperations = (dependencies: DependencySource, io?: ReportsApiIo): Operations<'reportsApi'> => ({
  ...cardOperations(dependencies),
  ...reportOperations(dependencies, io),
});

export const createReportsHandler = (dependencies: DependencySource = dependenciesFromEnv, io?: ReportsApiIo) => httpFunction('reportsApi', reportsOperations(dependencies, io));

export const handler = createReportsHandler();
