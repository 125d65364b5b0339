import type { EventDefinition } from '../define.ts';

/** STUB (issue 16): the note events of the collaboration context, source `cronaca.collaboration`. */
export const noteEvents = [] as const satisfies readonly EventDefinition[];
