import { describe, expect, it } from 'vitest';
import { canSeeNote, noteDecider, type Note } from '../../../domain/collaboration/note.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { NoteEvent } from '../../../events/collaboration/note-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2030-05-14T09:00:00.000Z';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
const spec = deciderSpec(noteDecider, { actor: olga, now });

const written: GivenEvent<NoteEvent> = { type: 'NoteWritten', data: { noteId: 'n1', authorId: 'olga', body: 'Chiamare Rossi' } };
const deleted: GivenEvent<NoteEvent> = { type: 'NoteDeleted', data: { noteId: 'n1' } };

describe('personal note decider', () => {
  it('writes a note for its author, trimmed', () => {
    spec
      .given([])
      .when({ type: 'WriteNote', data: { noteId: 'n1', body: ' Chiamare Rossi ' } })
      .then([{ type: 'NoteWritten', data: { noteId: 'n1', authorId: 'olga', body: 'Chiamare Rossi' } }])
      .andState({ authorId: 'olga', writtenAt: now, deleted: false });
  });

  it('refuses a blank body naming it', () => {
    spec.given([]).when({ type: 'WriteNote', data: { noteId: 'n1', body: ' ' } }).thenThrows('invalid', { path: 'body' });
    spec.given([written]).when({ type: 'EditNote', data: { body: '' } }).thenThrows('invalid', { path: 'body' });
  });

  it('edits; an edit that changes nothing records nothing', () => {
    spec
      .given([written])
      .when({ type: 'EditNote', data: { body: 'Chiamare Bianchi' } })
      .then([{ type: 'NoteEdited', data: { noteId: 'n1', body: 'Chiamare Bianchi' } }])
      .andState({ body: 'Chiamare Bianchi', editedAt: now });
    spec.given([written]).when({ type: 'EditNote', data: { body: 'Chiamare Rossi' } }).thenNothing();
  });

  it('deletes as an event; a deleted note refuses further changes', () => {
    spec.given([written]).when({ type: 'DeleteNote', data: {} }).then([{ type: 'NoteDeleted', data: { noteId: 'n1' } }]).andState({ deleted: true, deletedAt: now });
    spec.given([written, deleted]).when({ type: 'DeleteNote', data: {} }).thenThrows('conflict');
    spec.given([written, deleted]).when({ type: 'EditNote', data: { body: 'x' } }).thenThrows('conflict');
  });

  it('only the author sees a note, administrators included, and nobody once deleted', () => {
    const note: Note = { id: 'n1', authorId: 'olga', body: 'x', writtenAt: now, editedAt: null, deleted: false, deletedAt: null };
    expect(canSeeNote(olga, note)).toBe(true);
    expect(canSeeNote(actor('ada', 'admin'), note)).toBe(false);
    expect(canSeeNote(olga, { ...note, deleted: true })).toBe(false);
  });
});
