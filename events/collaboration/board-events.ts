import type { EventDefinition } from '../define.ts';

/** STUB (issue 16): the board events of the collaboration context, source `cronaca.collaboration`. */
export const boardEvents = [] as const satisfies readonly EventDefinition[];
