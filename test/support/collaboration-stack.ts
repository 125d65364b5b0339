import { createCollaborationHandler } from '../../functions/http/collaboration.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { startLocalStack, type LocalStack } from './local-stack.ts';

/**
 * A clock that starts at `start` and moves one second per reading: records written one after the
 * other sort newest first whatever the milliseconds, and "today" never depends on the day a test runs.
 */
export const tickingClock = (start: string): (() => string) => {
  let tick = 0;
  return () => new Date(Date.parse(start) + tick++ * 1000).toISOString();
};

/** The local stack with the collaboration API on `clock` (every other function keeps the real one). */
export const startCollaborationStack = (clock: () => string): Promise<LocalStack> =>
  startLocalStack({ handlers: { collaborationApi: createCollaborationHandler(() => ({ ...dependenciesFromEnv(), now: clock })) as unknown as HttpHandler } });
