import { z } from 'zod';
import { cardSections } from '../../domain/reports/client-card.ts';
import { historyDocumentVersion } from '../../domain/reports/history-document.ts';
import { ReportFormat, ReportLocale } from '../../events/reports/report-events.ts';
import { Cursor } from './common.ts';
import { CompanyView } from './companies.ts';

export const CardSectionName = z.enum(cardSections);

/** `GET /v1/companies/{id}/card`: every section's first page, or (with `section`) one section's pages. */
export const CompanyCardQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(10).describe('Items per section'),
  section: CardSectionName.optional().describe('Only this section (to page through it with `cursor`)'),
  cursor: Cursor.describe('The `nextCursor` of the section named by `section`'),
});

const CardAmountView = z.object({ amount: z.string().describe('Exact decimal, as text'), currency: z.string() });

export const CardItemView = z
  .object({
    type: z.enum(['contact', 'activity', 'ticket', 'request', 'opportunity', 'quote', 'order', 'interaction', 'note']),
    id: z.string(),
    number: z.string().nullable(),
    title: z.string(),
    status: z.string().nullable(),
    date: z.string().nullable().describe("The section's date: due, done, opened, created, expected close, valid until…"),
    amount: CardAmountView.nullable(),
    responsibleId: z.string().nullable(),
    link: z.string().nullable().describe('Where the record is read (`/v1/tickets/{id}`…)'),
  })
  .meta({ id: 'CardItem' });

export const CardSectionView = z
  .object({
    items: z.array(CardItemView),
    count: z.number().int().nonnegative().describe('Items of the section the reader may see'),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'CardSection' });

export const CompanyCardView = z
  .object({
    company: CompanyView,
    sections: z.object(Object.fromEntries(cardSections.map((name) => [name, CardSectionView.optional()])) as Record<(typeof cardSections)[number], z.ZodOptional<typeof CardSectionView>>)
      .describe('Every section, or only the one asked for with `section`'),
  })
  .meta({ id: 'CompanyCard' });

/** `POST /v1/companies/{id}/reports`. */
export const RequestCompanyReportBody = z
  .strictObject({
    format: ReportFormat,
    locale: ReportLocale.optional().describe("Labels, dates and numbers; default: the requester's profile language"),
    from: z.iso.date().optional().describe('First day of the history (in the requester’s time zone), included'),
    to: z.iso.date().optional().describe('Last day, included'),
  })
  .meta({ id: 'RequestCompanyReport' });

/** `POST /v1/quotes/{id}/pdf`. */
export const RequestQuotePdfBody = z
  .strictObject({ locale: ReportLocale.optional().describe("The document's language; default: the requester's profile language") })
  .optional();

export const ReportStatus = z.enum(['requested', 'running', 'completed', 'failed']);

export const ReportView = z
  .object({
    id: z.string(),
    subject: z.object({ type: z.enum(['company', 'quote']), id: z.string() }),
    format: ReportFormat,
    locale: ReportLocale,
    timeZone: z.string(),
    from: z.iso.date().nullable(),
    to: z.iso.date().nullable(),
    status: ReportStatus,
    attempts: z.number().int().nonnegative(),
    requestedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    bytes: z.number().int().nullable(),
    pages: z.number().int().nullable().describe('PDF pages, once completed'),
    entries: z.number().int().nullable().describe('History entries, once completed'),
    failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
    download: z
      .object({ url: z.url().describe('A presigned GET of the file'), expiresAt: z.iso.datetime(), filename: z.string() })
      .nullable()
      .describe('Once completed: a link valid 5 minutes (a new one on every read)'),
    version: z.number().int(),
  })
  .meta({ id: 'Report' });

/**
 * The JSON report's published schema (`domain/reports/history-document.ts`): in the OpenAPI
 * document's components as `CompanyHistoryReport`.
 */
export const CompanyHistoryReport = z
  .strictObject({
    schemaVersion: z.literal(historyDocumentVersion),
    generatedAt: z.iso.datetime(),
    locale: ReportLocale,
    timeZone: z.string(),
    period: z.strictObject({ from: z.iso.date().nullable(), to: z.iso.date().nullable() }),
    company: z.strictObject({ id: z.string(), code: z.string(), name: z.string(), vatNumber: z.string().nullable(), address: z.string().nullable() }),
    records: z.array(
      z.strictObject({
        type: z.enum(['company', 'contact', 'activity', 'ticket', 'request', 'opportunity', 'quote', 'order', 'interaction', 'note']),
        id: z.string(),
        number: z.string().nullable(),
        title: z.string(),
        status: z.string().nullable(),
      }),
    ),
    entries: z.array(
      z.strictObject({
        at: z.iso.datetime(),
        actor: z.strictObject({ id: z.string(), name: z.string().nullable() }),
        record: z.strictObject({ type: z.string(), id: z.string() }),
        event: z.string(),
        version: z.number().int().positive(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'CompanyHistoryReport', description: 'The JSON report of a client’s history (format `json` of `POST /v1/companies/{id}/reports`)' });
