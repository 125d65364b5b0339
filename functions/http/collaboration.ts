import { calendarFeedOperations } from './collaboration/calendar-feed-operations.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { boardOperations } from './collaboration/board-operations.ts';
import { dashboardOperations } from './collaboration/dashboard-operations.ts';
import { noteOperations } from './collaboration/note-operations.ts';
import { messageOperations } from './collaboration/message-operations.ts';
import { httpFunction } from './http-function.ts';
import type { Operations } from './router.ts';

/** Collaboration and the dashboard over HTTP (contract/contexts/collaboration.ts). */
export const collaborationOperations = (dependencies: DependencySource): Operations<'collaborationApi'> => ({
  ...boardOperations(dependencies),
  ...noteOperations(dependencies),
  ...messageOperations(dependencies),
  ...dashboardOperations(dependencies),
  ...calendarFeedOperations(dependencies),
});

export const createCollaborationHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('collaborationApi', collaborationOperations(dependencies));

export const handler = createCollaborationHandler();
