import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.collaboration';

/**
 * Personal notes (Tustena's "Appunti": "il tuo blocchetto post-it virtuale", linked to nothing).
 * Aggregate `note`, one stream per note, private to `authorId`: nobody else reads it, admins included.
 */
export const NoteBody = z.string().trim().min(1).max(10_000);

export const NoteWritten = defineEvent({
  type: 'NoteWritten',
  version: 1,
  source,
  description: 'A user wrote a personal note (private to `authorId`).',
  schema: z.strictObject({ noteId: z.string(), authorId: z.string().min(1), body: NoteBody }),
});

export const NoteEdited = defineEvent({
  type: 'NoteEdited',
  version: 1,
  source,
  description: "The author changed a personal note's body.",
  schema: z.strictObject({ noteId: z.string(), body: NoteBody }),
});

export const NoteDeleted = defineEvent({
  type: 'NoteDeleted',
  version: 1,
  source,
  description: 'The author deleted a personal note: it leaves their list and answers 404; the log keeps it.',
  schema: z.strictObject({ noteId: z.string() }),
});

export const noteEvents = [NoteWritten, NoteEdited, NoteDeleted] as const;

export type NoteEvent = EventOf<typeof NoteWritten> | EventOf<typeof NoteEdited> | EventOf<typeof NoteDeleted>;
