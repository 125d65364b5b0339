import type { EventDefinition } from '../define.ts';

/** STUB (issue 16): the calendar-feed events of the collaboration context, source `cronaca.collaboration`. */
export const calendarFeedEvents = [] as const satisfies readonly EventDefinition[];
