import { noteDecider, type Note } from '../../domain/collaboration/note.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { NoteEvent } from '../../events/collaboration/note-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * A user's personal notes (`GET /v1/notes`): one row per note, folded with the decider's `evolve`;
 * gsi1 `<tenant>#notes#<authorId>` — the author's own partition, so nobody else's query can reach a
 * note — by `<writtenAt>#<id>` (newest first read descending), present until the note is deleted.
 */
export type NoteRow = Note;

export const noteIndexKey = (tenant: string, authorId: string) => `${tenant}#notes#${authorId}`;

const evolve = (row: NoteRow | null, stored: StoredEvent): NoteRow | null =>
  noteDecider.evolve(row, { ...(stored as StoredEvent & NoteEvent), actor: stored.meta.actor });

const rowFields = ['id', 'authorId', 'body', 'writtenAt', 'editedAt', 'deleted', 'deletedAt'] as const satisfies readonly (keyof NoteRow)[];

const key = (tenant: string, id: string) => ({ pk: `${tenant}#personal-note#${id}`, sk: 'list' });

export const noteListProjection: Projection<NoteRow> = {
  name: 'note-list',
  aggregateType: 'personal-note',
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    return {
      ...key(tenant, id),
      version,
      aggregateType: 'personal-note',
      aggregateId: id,
      tenant,
      ...row,
      ...(row.deleted ? {} : { gsi1pk: noteIndexKey(tenant, row.authorId), gsi1sk: `${row.writtenAt}#${row.id}` }),
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as NoteRow;
  },
};
