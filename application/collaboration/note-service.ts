import { canSeeNote, noteDecider, type Note } from '../../domain/collaboration/note.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { noteIndexKey, noteListProjection } from '../../projections/collaboration/note-list.ts';
import { readModelsTable } from '../../contract/tables.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { historyOf, loadAsOf, type RecordReader } from '../shared/record-reads.ts';

export const noteType = 'personal-note';

/** A note as its author sees it (contract/http/notes.ts `NoteView`). */
export const noteView = (note: Note, version: number) => ({
  id: note.id,
  body: note.body,
  writtenAt: note.writtenAt,
  editedAt: note.editedAt,
  version,
});
export type NoteView = ReturnType<typeof noteView>;

/** Private to its author: anybody else — administrators included — and a deleted note get 404. */
export const noteReader: RecordReader<Note> = {
  aggregateType: noteType,
  decider: noteDecider as RecordReader<Note>['decider'],
  canSee: canSeeNote,
  label: 'note',
};

type Outcome = Promise<CommandOutcome<RecordResult<NoteView>>>;

const [gsi1] = readModelsTable.globalSecondaryIndexes;

/** Personal notes (Tustena's "Appunti"): write, edit, delete (as an event), list newest first. */
export const noteService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, { aggregateType: noteType, label: 'note', decider: noteDecider, canSee: canSeeNote, view: noteView });
  return {
    writeNote: (context: CommandContext, input: { readonly body: string }, options: Omit<CommandOptions, 'expectedVersion'> = {}): Outcome => {
      const noteId = dependencies().newId();
      return run(context, noteId, { type: 'WriteNote', data: { noteId, body: input.body } }, { ...options, create: true });
    },
    editNote: (context: CommandContext, noteId: string, input: { readonly body: string }, options: CommandOptions = {}): Outcome =>
      run(context, noteId, { type: 'EditNote', data: { body: input.body } }, options),
    /** The result's record is the note as it was deleted (the HTTP answer is 204). */
    deleteNote: (context: CommandContext, noteId: string, options: CommandOptions = {}) => run(context, noteId, { type: 'DeleteNote', data: {} }, options),
    getNote: async (actor: Actor, noteId: string, asOf?: string): Promise<{ record: NoteView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, noteReader, noteId, asOf);
      return { record: noteView(state, version), version };
    },
    noteHistory: (actor: Actor, noteId: string) => historyOf(dependencies().eventStore, actor, noteReader, noteId),
    /** The caller's own notes, newest first: their own index partition, so no one else's note can be in it. */
    listNotes: async (actor: Actor, query: { readonly limit: number; readonly cursor?: string | undefined }) => {
      const partitionKey = { name: gsi1!.partitionKey.name, value: noteIndexKey(actor.tenant, actor.userId) };
      const startKey = decodeCursor(query.cursor, partitionKey);
      const page = await dependencies().readModels.query({ index: gsi1!.indexName, partitionKey, newestFirst: true, limit: query.limit, ...(startKey ? { startKey } : {}) });
      return { items: page.items.map((item) => noteView(noteListProjection.fromItem(item), Number(item.version))), nextCursor: encodeCursor(page.lastKey) };
    },
  };
};

export type NoteService = ReturnType<typeof noteService>;
