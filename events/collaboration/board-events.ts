import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.collaboration';

/**
 * The tenant's board (Talete's "Bacheca", PRODUCT.md "Collaboration"): internal messages every user of
 * the tenant reads, newest first, one of them pinned on top. Aggregate `board-message` (one stream per
 * message); the author is the `authorId` (also the envelope's actor of `BoardMessagePosted`).
 * At most one message is pinned: the tenant's singleton stream `board-pin` / `board` serialises pins
 * (`BoardPinMoved`), and a pin that replaces another unpins it in the same commit.
 */

/** Message text: what the author typed, `@<userId>` mentions included. */
export const BoardMessageBody = z.string().trim().min(1).max(10_000);

/**
 * Users mentioned by `@<userId>` in the body — active users of the tenant, checked on the log when the
 * message was written, without the author, each once, in order of appearance. The collaboration
 * notifier sends each of them a direct message (idempotent per event).
 */
export const Mentions = z.array(z.string().min(1)).max(50);

export const BoardMessagePosted = defineEvent({
  type: 'BoardMessagePosted',
  version: 1,
  source,
  description: 'A message was posted on the board by `authorId`; `mentions` are the users it mentions (to be notified).',
  schema: z.strictObject({ messageId: z.string(), authorId: z.string().min(1), body: BoardMessageBody, mentions: Mentions }),
});

export const BoardMessageEdited = defineEvent({
  type: 'BoardMessageEdited',
  version: 1,
  source,
  description:
    "The author changed a board message's body. `mentions` are the users the NEW body mentions that no earlier version did (the ones to notify); `allMentions` every user the new body mentions.",
  schema: z.strictObject({ messageId: z.string(), authorId: z.string().min(1), body: BoardMessageBody, mentions: Mentions, allMentions: Mentions }),
});

export const BoardMessageWithdrawn = defineEvent({
  type: 'BoardMessageWithdrawn',
  version: 1,
  source,
  description: 'The author withdrew a board message: it leaves the board (and its pin); its history stays.',
  schema: z.strictObject({ messageId: z.string() }),
});

export const BoardMessagePinned = defineEvent({
  type: 'BoardMessagePinned',
  version: 1,
  source,
  description: 'An administrator or manager pinned a board message on top of the board; `replaces` is the message it unpinned, if any.',
  schema: z.strictObject({ messageId: z.string(), replaces: z.string().nullable() }),
});

export const BoardMessageUnpinned = defineEvent({
  type: 'BoardMessageUnpinned',
  version: 1,
  source,
  description:
    'A board message is no longer pinned: unpinned by an administrator or manager (`replacedBy` null), replaced by another pin (`replacedBy` = it), or withdrawn (`reason` withdrawn).',
  schema: z.strictObject({ messageId: z.string(), replacedBy: z.string().nullable(), reason: z.enum(['unpinned', 'replaced', 'withdrawn']) }),
});

export const BoardPinMoved = defineEvent({
  type: 'BoardPinMoved',
  version: 1,
  source,
  description:
    "The tenant's pinned board message changed (singleton stream `board-pin`/`board`, which serialises pins so that at most one message is pinned): `messageId` null = none pinned.",
  schema: z.strictObject({ messageId: z.string().nullable(), previousId: z.string().nullable() }),
});

export const boardEvents = [
  BoardMessagePosted,
  BoardMessageEdited,
  BoardMessageWithdrawn,
  BoardMessagePinned,
  BoardMessageUnpinned,
  BoardPinMoved,
] as const;

export type BoardMessageEvent =
  | EventOf<typeof BoardMessagePosted>
  | EventOf<typeof BoardMessageEdited>
  | EventOf<typeof BoardMessageWithdrawn>
  | EventOf<typeof BoardMessagePinned>
  | EventOf<typeof BoardMessageUnpinned>;
export type BoardPinEvent = EventOf<typeof BoardPinMoved>;
