import type { z } from 'zod';
import type { DashboardView } from '../../../contract/http/dashboard.ts';
import { ActivityIndex } from '../../../adapters/dynamodb/activity-index.ts';
import { dashboardQueries, type DashboardQueries } from '../../../application/collaboration/dashboard-queries.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { inQuery } from '../problem-details.ts';
import { json } from '../responses.ts';
import type { Operations } from '../router.ts';

type DashboardOperations = Pick<Operations<'collaborationApi'>, 'getDashboard'>;

/** The service's view is the contract's (checked here, where the contract is known). */
const shown = (view: Awaited<ReturnType<DashboardQueries['dashboard']>>): z.input<typeof DashboardView> => view;

/** `GET /v1/dashboard` over HTTP. */
export const dashboardOperations = (dependencies: DependencySource): DashboardOperations => {
  let index: ActivityIndex | undefined;
  const queries = dashboardQueries({
    application: dependencies,
    activityIndex: () => (index ??= new ActivityIndex(dependencies().db, dependencies().readModels)),
  });
  return {
    getDashboard: async ({ actor, query }) => json(200, shown(await inQuery(() => queries.dashboard(actor, query)))),
  };
};
