import { noteService } from '../../../application/collaboration/note-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type NoteOperations = Pick<Operations<'collaborationApi'>, 'writeNote' | 'listNotes' | 'getNote' | 'editNote' | 'deleteNote' | 'getNoteHistory'>;

const noteAnswer = recordAnswer((id) => `/v1/notes/${id}`);

/** Personal notes over HTTP; a note that is not the caller's answers 404 on every route. */
export const noteOperations = (dependencies: DependencySource): NoteOperations => {
  const notes = noteService(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;
  return {
    writeNote: async ({ actor, body, ...request }) => noteAnswer(await notes.writeNote(context(actor, request), body, options(actor, request, false))),
    listNotes: async ({ actor, query }) => json(200, await inQuery(() => notes.listNotes(actor, query))),
    getNote: async ({ actor, params, query }) => {
      const { record, version } = await notes.getNote(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    editNote: async ({ actor, params, body, ...request }) => noteAnswer(await notes.editNote(context(actor, request), params.id, body, options(actor, request))),
    // 204 without a body; the ETag is the version of the NoteDeleted event.
    deleteNote: async ({ actor, params, ...request }) =>
      answer(await notes.deleteNote(context(actor, request), params.id, options(actor, request)), ({ version }) => ({ statusCode: 204, headers: { etag: etag(version) } })),
    getNoteHistory: async ({ actor, params }) => json(200, await notes.noteHistory(actor, params.id)),
  };
};
