import type { EventDefinition } from '../define.ts';

/** API clients (issue 17): built by wp17-apiclients. */
export const apiClientEvents = [] as const satisfies readonly EventDefinition[];
