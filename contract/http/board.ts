import { z } from 'zod';
import { Cursor, Limit } from './common.ts';

/** Wire schemas of the board (API.md "Collaboration and dashboard": `/v1/board/messages`). */

const body = z.string().max(10_000).describe('The message; `@<userId>` mentions an active user of the tenant, who gets a direct message');

export const PostBoardMessageBody = z.strictObject({ body });

export const EditBoardMessageBody = z
  .strictObject({
    body: body.optional(),
    withdrawn: z.literal(true).optional().describe('true: withdraw the message (it leaves the board; its history stays)'),
  })
  .describe('A new body, or `withdrawn: true`');

export const BoardListQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const BoardMessageView = z
  .object({
    id: z.string(),
    authorId: z.string(),
    body: z.string(),
    mentions: z.array(z.string()).describe('The active users of the tenant the body mentions'),
    postedAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
    withdrawn: z.boolean(),
    withdrawnAt: z.iso.datetime().nullable(),
    pinned: z.boolean(),
    pinnedAt: z.iso.datetime().nullable(),
    pinnedBy: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'BoardMessage' });

export const BoardMessagePage = z
  .object({ items: z.array(BoardMessageView).describe('Newest first; the pinned message on top of the first page'), nextCursor: z.string().nullable() })
  .meta({ id: 'BoardMessagePage' });
