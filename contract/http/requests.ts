import { z } from 'zod';
import { generatedDocumentKinds, requestChannels } from '../../events/requests/request-events.ts';
import { ActivityView } from './activities.ts';
import { Cursor, Limit, RecordId } from './common.ts';
import { QuoteView } from './quotes.ts';
import { AssigneeBody, TicketView } from './tickets.ts';

/**
 * Customer requests on the wire (API.md "Support" `/v1/requests`). Statuses and types are values of
 * the tenant's `request-statuses` and `request-types` catalogues (GET /v1/settings/catalogs/{name}):
 * the shapes are checked here (400), whether a value is an active one of the catalogue by the domain
 * (422 naming the field).
 */
const id = RecordId;
const time = z.iso.datetime();
const date = z.iso.date();
const catalogueValue = (catalogue: string) => z.string().trim().min(1).max(50).describe(`A value of the tenant's ${catalogue} catalogue`);
const note = z.string().max(2_000).nullable().optional();

const detailFields = {
  companyId: id.describe('The client: a company the caller can see (else 422)'),
  contactId: id.nullable().optional().describe("A contact the caller can see; when it belongs to a company, the request's (else 422)"),
  requestType: catalogueValue('request-types').optional().describe('commercial, support, reminder, meeting_request, other… (default `other`)'),
  description: z.string().trim().min(1).max(20_000),
  channel: z.enum(requestChannels).nullable().optional().describe('How the request arrived'),
};

export const RegisterRequestBody = z
  .strictObject({
    ...detailFields,
    status: catalogueValue('request-statuses').optional().describe("Default: the catalogue's first status"),
    responsibleId: id.nullable().optional().describe('An active user of the tenant; until one is set, the request cannot be moved, generate or be closed'),
  })
  .meta({ id: 'RegisterRequest' });

export const EditRequestBody = z
  .strictObject({
    ...detailFields,
    companyId: detailFields.companyId.optional(),
    description: detailFields.description.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .meta({ id: 'EditRequest', description: 'Descriptive fields; `null` clears. Status, responsible and closing have their own commands.' });

export const AssignResponsibleBody = z.strictObject({ userId: id.describe('An active user of the tenant') }).meta({ id: 'AssignRequestResponsible' });

export const MoveRequestBody = z
  .strictObject({
    status: catalogueValue('request-statuses').describe("The column: an active status, or the request's own to reorder within its column"),
    before: id.optional().describe('Drop the card just above this request of that column'),
    after: id.optional().describe('Drop the card just below this request of that column'),
  })
  .meta({ id: 'MoveRequest', description: 'A drag on the board. Without `before`/`after` the card goes last in the column.' });

export const CloseRequestBody = z.strictObject({ outcome: note.describe('How the request ended') }).optional();
export const ReopenRequestBody = z.strictObject({ reason: note }).optional();

/** After generating, the manual asks whether to close the request: `close` says yes, in the same commit. */
const closing = {
  close: z.boolean().default(false).describe('Close the request in the same commit'),
  outcome: note.describe('The closing note when `close`'),
};

const decimal = (description: string) => z.string().trim().min(1).max(40).describe(`${description}, a decimal string such as "12.50"`);

export const GenerateDocumentBody = z
  .discriminatedUnion('document', [
    z.strictObject({
      document: z.literal('ticket'),
      subject: z.string().trim().min(1).max(200).optional().describe("Default: the start of the request's description"),
      description: z.string().max(20_000).optional().describe("Default: the request's description"),
      type: z.string().max(50).optional().describe('Ticket type from the catalogue'),
      priority: z.string().max(50).optional(),
      assignee: AssigneeBody.nullable().optional().describe("Default: the request's responsible"),
      ...closing,
    }),
    z.strictObject({
      document: z.literal('quote'),
      operatorId: id.optional().describe("Default: the request's responsible"),
      validFrom: date.optional().describe("Default: today in the caller's timezone"),
      validUntil: date.optional().describe('Default: 30 days after validFrom'),
      currency: z.string().trim().max(10).optional(),
      lines: z
        .array(
          z.strictObject({
            lineId: z.string().max(100).optional(),
            description: z.string().max(2_000),
            productCode: z.string().max(100).nullable().optional(),
            quantity: decimal('Greater than 0'),
            unitPrice: decimal('At least 0'),
            discountPercent: decimal('0 to 100').optional(),
            vatRate: decimal('Percent').nullable().optional(),
          }),
        )
        .max(500)
        .optional()
        .describe('Priced lines; or give `amount`'),
      amount: decimal('A plain net amount instead of lines').optional(),
      vatRate: decimal("The VAT rate of `amount`; the tenant's default when absent").optional(),
      probability: z.number().int().min(0).max(100).nullable().optional(),
      description: z.string().max(20_000).optional().describe("Default: the request's description"),
      opportunityId: id.nullable().optional(),
      campaign: z.string().max(200).nullable().optional(),
      ...closing,
    }),
    z.strictObject({
      document: z.literal('meeting'),
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }),
      subject: z.string().trim().min(1).max(200).optional().describe("Default: the start of the request's description"),
      type: z.string().trim().min(1).max(50).optional().describe('An activity type; default `meeting`'),
      notes: z.string().max(20_000).nullable().optional().describe("Default: the request's description"),
      assignee: AssigneeBody.optional().describe("Default: the request's responsible"),
      reminderOffsets: z.array(z.number().int().min(0).max(60 * 24 * 31)).max(10).optional(),
      ...closing,
    }),
  ])
  .meta({ id: 'GenerateDocument', description: 'The document to create from the request, pre-filled from it (company, contact, description)' });

export const RequestListQuery = z.strictObject({
  view: z.enum(['board', 'list']).default('board').describe('board = open requests in one column per status; list = every request, closed ones included'),
  type: catalogueValue('request-types').optional(),
  responsible: id.optional().describe('`me`, `none` or a user id'),
  company: id.optional(),
  createdFrom: date.optional().describe("Registered on or after this day (the caller's timezone)"),
  createdTo: date.optional().describe("Registered on or before this day (the caller's timezone)"),
  status: catalogueValue('request-statuses').optional().describe('board: only this column (to page it with `cursor`); list: only this status'),
  closed: z.enum(['true', 'false']).optional().describe('list: only closed (true) or open (false) requests'),
  limit: Limit.describe('list: the page size; board: the cards per column'),
  cursor: Cursor,
});

const GeneratedDocumentView = z.object({
  kind: z.enum(generatedDocumentKinds),
  id: z.string(),
  reference: z.string(),
  at: time,
  by: z.string(),
});

const requestFields = {
  id: z.string(),
  number: z.number().int(),
  companyId: z.string(),
  contactId: z.string().nullable(),
  requestType: z.string(),
  description: z.string(),
  channel: z.enum(requestChannels).nullable(),
  status: z.string(),
  rank: z.string().describe("The card's place in its board column (compare as strings)"),
  responsibleId: z.string().nullable(),
  registeredBy: z.string(),
  registeredAt: time,
  updatedAt: time,
  closed: z.boolean().describe('Only POST …/close closes a request; a "completed" status does not'),
  closedAt: time.nullable(),
  closedBy: z.string().nullable(),
  outcome: z.string().nullable(),
  version: z.number().int(),
};

export const RequestView = z.object({ ...requestFields, documents: z.array(GeneratedDocumentView) }).meta({ id: 'CustomerRequest' });
export const RequestListItem = z.object({ ...requestFields, documentCount: z.number().int() }).meta({ id: 'CustomerRequestListItem' });

export const RequestBoardView = z
  .object({
    columns: z.array(
      z.object({
        status: z.string(),
        active: z.boolean().describe('false: a status no longer in the catalogue that open requests still have (shown last)'),
        count: z.number().int().describe('Open requests in the column that match the filters and the caller may see'),
        items: z.array(RequestListItem).describe('By rank, top first'),
        nextCursor: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'CustomerRequestBoard' });

export const RequestListPage = z.object({ items: z.array(RequestListItem), nextCursor: z.string().nullable() }).meta({ id: 'CustomerRequestPage' });

export const GenerateDocumentResult = z
  .object({
    request: RequestView,
    document: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('ticket'), id: z.string(), reference: z.string(), record: TicketView }),
      z.object({ kind: z.literal('quote'), id: z.string(), reference: z.string(), record: QuoteView }),
      z.object({ kind: z.literal('meeting'), id: z.string(), reference: z.string(), record: ActivityView }),
    ]),
  })
  .meta({ id: 'GeneratedDocument' });
