import type { NoteEvent } from '../../events/collaboration/note-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid } from '../shared/errors.ts';

/**
 * A personal note (Tustena's "Appunti"): a post-it private to its author, linked to nothing. Deleted
 * notes stay in the log (`NoteDeleted`) but answer 404 like notes that never existed.
 */
export interface Note {
  readonly id: string;
  readonly authorId: string;
  readonly body: string;
  readonly writtenAt: string;
  readonly editedAt: string | null;
  readonly deleted: boolean;
  readonly deletedAt: string | null;
}

export type NoteState = Note | null;

export type NoteCommand =
  | { type: 'WriteNote'; data: { noteId: string; body: string } }
  | { type: 'EditNote'; data: { body: string } }
  | { type: 'DeleteNote'; data: Record<string, never> };

export const noteBodyMax = 10_000;

/** Only its author ever sees a note — administrators included — and only while it is not deleted. */
export const canSeeNote = (actor: Actor, note: Note): boolean => note.authorId === actor.userId && !note.deleted;

const bodyOf = (value: string): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid('body', 'must not be blank');
  if (trimmed.length > noteBodyMax) throw invalid('body', `must be at most ${noteBodyMax} characters`);
  return trimmed;
};

// Visibility (author only, not deleted) is checked before the decider runs: what reaches it is the author's live note.
const live = (state: NoteState): Note => {
  if (state === null || state.deleted) throw conflict('the note does not exist');
  return state;
};

const decide = (command: NoteCommand, state: NoteState, context: DecisionContext): NoteEvent[] => {
  switch (command.type) {
    case 'WriteNote':
      if (state !== null) throw conflict('the note exists already');
      return [{ type: 'NoteWritten', data: { noteId: command.data.noteId, authorId: context.actor.userId, body: bodyOf(command.data.body) } }];
    case 'EditNote': {
      const note = live(state);
      const body = bodyOf(command.data.body);
      return body === note.body ? [] : [{ type: 'NoteEdited', data: { noteId: note.id, body } }];
    }
    case 'DeleteNote':
      return [{ type: 'NoteDeleted', data: { noteId: live(state).id } }];
  }
};

const evolve = (state: NoteState, event: Recorded<NoteEvent>): NoteState => {
  if (event.type === 'NoteWritten') {
    const { noteId, authorId, body } = event.data;
    return { id: noteId, authorId, body, writtenAt: event.at, editedAt: null, deleted: false, deletedAt: null };
  }
  if (state === null) return state;
  return event.type === 'NoteEdited' ? { ...state, body: event.data.body, editedAt: event.at } : { ...state, deleted: true, deletedAt: event.at };
};

export const noteDecider: Decider<NoteCommand, NoteState, NoteEvent> = { initialState: null, decide, evolve };
