import { calendarFeedOperations } from './collaboration/calendar-feed-operations.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import type { Operations } from './router.ts';

/** Collaboration and the dashboard over HTTP (contract/contexts/collaboration.ts). STUB: each helper spreads its operations here. */
export const collaborationOperations = (_dependencies: DependencySource): Operations<'collaborationApi'> => ({
  ...calendarFeedOperations(_dependencies),
});

export const createCollaborationHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('collaborationApi', collaborationOperations(dependencies));

export const handler = createCollaborationHandler();
