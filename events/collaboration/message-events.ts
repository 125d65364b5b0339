import type { EventDefinition } from '../define.ts';

/** STUB (issue 16): the message events of the collaboration context, source `cronaca.collaboration`. */
export const messageEvents = [] as const satisfies readonly EventDefinition[];
