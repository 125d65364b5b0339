import { z } from 'zod';
import { Cursor, Limit } from './common.ts';

/** Wire schemas of personal notes (API.md "Collaboration and dashboard": `/v1/notes`). */

export const WriteNoteBody = z.strictObject({ body: z.string().max(10_000) });
export const EditNoteBody = z.strictObject({ body: z.string().max(10_000) });
export const NoteListQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const NoteView = z
  .object({ id: z.string(), body: z.string(), writtenAt: z.iso.datetime(), editedAt: z.iso.datetime().nullable(), version: z.number().int() })
  .meta({ id: 'Note' });

export const NotePage = z.object({ items: z.array(NoteView).describe('Newest first'), nextCursor: z.string().nullable() }).meta({ id: 'NotePage' });
