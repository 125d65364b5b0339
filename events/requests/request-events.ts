import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.requests';

/**
 * The customer-requests context's events (ERP manual "Gestione richieste clienti", PRODUCT.md
 * "Customer request"). A request is a first contact to be processed: it carries a status from the
 * tenant's `request-statuses` catalogue (the board's columns, in catalogue order), and a rank that
 * keeps its place in its column. A status — even one named "completed" — never closes a request:
 * only `RequestClosed` does.
 */

/** How the request reached the company. */
export const requestChannels = ['phone', 'email', 'web', 'in_person', 'chat', 'letter', 'other'] as const;
export const RequestChannel = z.enum(requestChannels);
export type RequestChannel = z.infer<typeof RequestChannel>;

/** The documents a request can generate (the manual: open a ticket, make a quote, fix a meeting). */
export const generatedDocumentKinds = ['ticket', 'quote', 'meeting'] as const;
export const GeneratedDocumentKind = z.enum(generatedDocumentKinds);
export type GeneratedDocumentKind = z.infer<typeof GeneratedDocumentKind>;

/**
 * A card's place in its board column: a string compared by code unit (`0-9`, `A-Z`, `a-z` only),
 * so that a card dropped between two others gets a rank between theirs without renumbering the column
 * (domain/requests/board-rank.ts).
 */
export const BoardRank = z.string().regex(/^[0-9A-Za-z]{1,200}$/);

/** The descriptive fields `RequestEdited` may change (status, responsible and closing have their own events). */
export const RequestDetails = z.strictObject({
  companyId: z.string().min(1),
  contactId: z.string().min(1).nullable(),
  requestType: z.string().min(1).describe('From the tenant catalogue `request-types`'),
  description: z.string().min(1),
  channel: RequestChannel.nullable(),
});
export type RequestDetails = z.infer<typeof RequestDetails>;

export const RequestRegistered = defineEvent({
  type: 'RequestRegistered',
  version: 1,
  source,
  description:
    "A customer request was registered, with the per-tenant request number taken in the same commit, its first status (from `request-statuses`) and its rank in that status's board column.",
  schema: RequestDetails.extend({
    requestId: z.string(),
    number: z.number().int().positive(),
    status: z.string().min(1),
    rank: BoardRank,
    responsibleId: z.string().min(1).nullable(),
  }),
});

export const RequestEdited = defineEvent({
  type: 'RequestEdited',
  version: 1,
  source,
  description: "A request's details changed; `details` is the whole set after the change.",
  schema: z.strictObject({ requestId: z.string(), details: RequestDetails }),
});

export const RequestResponsibleAssigned = defineEvent({
  type: 'RequestResponsibleAssigned',
  version: 1,
  source,
  description: 'The user responsible for a request was set or changed; until one is, the request cannot be moved, generate documents or be closed.',
  schema: z.strictObject({ requestId: z.string(), from: z.string().nullable(), to: z.string().min(1) }),
});

export const RequestStatusChanged = defineEvent({
  type: 'RequestStatusChanged',
  version: 1,
  source,
  description: 'A request moved to another status (another board column), at `rank` in that column.',
  schema: z.strictObject({ requestId: z.string(), from: z.string(), to: z.string().min(1), rank: BoardRank }),
});

export const RequestReordered = defineEvent({
  type: 'RequestReordered',
  version: 1,
  source,
  description: 'A request moved within its board column: its status is unchanged, its rank is new.',
  schema: z.strictObject({ requestId: z.string(), status: z.string(), rank: BoardRank }),
});

export const RequestDocumentGenerated = defineEvent({
  type: 'RequestDocumentGenerated',
  version: 1,
  source,
  description:
    'A ticket, quote or meeting was generated from the request, in the same commit that created it (the document names the request as its `origin`). Irreversible.',
  schema: z.strictObject({
    requestId: z.string(),
    document: z.strictObject({
      kind: GeneratedDocumentKind,
      id: z.string().min(1),
      /** What people call it: the ticket number, the quote reference (`Q-2026-00042`), the meeting subject. */
      reference: z.string().min(1),
    }),
  }),
});

export const RequestClosed = defineEvent({
  type: 'RequestClosed',
  version: 1,
  source,
  description: 'A request was closed (explicitly, or in the commit that generated a document); it leaves the board and refuses changes until reopened.',
  schema: z.strictObject({ requestId: z.string(), status: z.string(), outcome: z.string().min(1).nullable() }),
});

export const RequestReopened = defineEvent({
  type: 'RequestReopened',
  version: 1,
  source,
  description: 'A manager or an administrator reopened a closed request: it is back on the board in its status, at `rank`.',
  schema: z.strictObject({ requestId: z.string(), reason: z.string().min(1).nullable(), rank: BoardRank }),
});

export const requestEvents = [
  RequestRegistered,
  RequestEdited,
  RequestResponsibleAssigned,
  RequestStatusChanged,
  RequestReordered,
  RequestDocumentGenerated,
  RequestClosed,
  RequestReopened,
] as const;

export type RequestEvent = EventOf<(typeof requestEvents)[number]>;
