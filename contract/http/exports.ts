import { z } from 'zod';
import { ExportFilter, ExportKind, ExportLocale } from '../../events/exports/export-events.ts';
import { companyListFilters } from './companies.ts';
import { contactListFilters } from './contacts.ts';
import { withCustomFieldFilters } from './custom-field-filters.ts';
import { leadListFilters } from './leads.ts';
import { OpportunityListQuery } from './opportunities.ts';
import { OrderListQuery } from './orders.ts';
import { QuoteListQuery } from './quotes.ts';

/**
 * An export's `filter` is the list's query — the same parameters with the same text values
 * (`{ "tag": "vip", "mine": "true", "cf.sector": "edilizia" }`) — without search and paging: an
 * export is the whole filtered list, and search answers only its best matches.
 */
const filterOf = <Shape extends z.ZodRawShape>(shape: Shape, list: string) =>
  withCustomFieldFilters(shape)
    // No filter: the whole list (every parameter is optional; `sort` takes its default).
    .prefault({} as never)
    .describe(`The filters of \`GET /v1/${list}\` (its query parameters as text, \`cf.<key>\` included), without \`q\`, \`limit\` and \`cursor\``);

/**
 * A sales list's filter: its query without paging (the sales lists have no search and no custom
 * fields). A parameter the list does not take is refused at its own path (`body.filter.colour`), as
 * the directory's filters do, not as one issue on the whole filter.
 */
const salesFilterOf = (query: z.ZodObject, list: string) => {
  const { limit: _limit, cursor: _cursor, ...shape } = query.shape;
  return z
    .object(shape)
    .catchall(z.unknown())
    .superRefine((filter, context) => {
      for (const name of Object.keys(filter)) {
        if (!(name in shape)) context.addIssue({ code: 'custom', path: [name], message: `unknown filter of GET /v1/${list}` });
      }
    })
    .prefault({} as never)
    .describe(`The filters of \`GET /v1/${list}\` (its query parameters as text), without \`limit\` and \`cursor\``);
};

export const StartExportBody = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('companies'), filter: filterOf(companyListFilters, 'companies') }),
    z.strictObject({ kind: z.literal('contacts'), filter: filterOf(contactListFilters, 'contacts') }),
    z.strictObject({ kind: z.literal('leads'), filter: filterOf(leadListFilters, 'leads') }),
    z.strictObject({ kind: z.literal('opportunities'), filter: salesFilterOf(OpportunityListQuery, 'opportunities') }),
    z.strictObject({ kind: z.literal('quotes'), filter: salesFilterOf(QuoteListQuery, 'quotes') }),
    z.strictObject({ kind: z.literal('orders'), filter: salesFilterOf(OrderListQuery, 'orders') }),
  ])
  .meta({ id: 'StartExport', description: 'What to export: companies, contacts, leads, opportunities, quotes or orders, filtered as their list' });

export const ExportStatus = z.enum(['requested', 'running', 'completed', 'failed']);

export const ExportView = z
  .object({
    id: z.string(),
    kind: ExportKind,
    filter: ExportFilter.describe('The filter as applied (defaults included)'),
    locale: ExportLocale.describe("The header's language: the requester's"),
    status: ExportStatus,
    rows: z.number().int().nullable().describe('Records in the file, once completed'),
    bytes: z.number().int().nullable(),
    requestedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
    download: z
      .object({
        url: z.url().describe('A presigned GET of the CSV (UTF-8 with BOM); a new one is given on every read'),
        expiresAt: z.iso.datetime(),
        filename: z.string(),
      })
      .nullable()
      .describe('Once completed: a link valid 5 minutes'),
    version: z.number().int(),
  })
  .meta({ id: 'Export' });
