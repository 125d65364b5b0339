import { z } from 'zod';
import { importKinds, importLocales } from '../../domain/imports/import-fields.ts';
import { ImportMode, ImportOptionsInput, MatchField } from '../../events/imports/import-events.ts';
import { Cursor, Limit } from './common.ts';

export const ImportKind = z.enum(importKinds).describe('companies, leads or contacts');

export const ImportTemplateParams = z.strictObject({ kind: ImportKind });

export const ImportTemplateQuery = z.strictObject({
  locale: z.enum(importLocales).optional().describe("Header language; defaults to the caller's profile locale, else en"),
});


/** The most rows `POST /v1/imports/paste` takes; larger files go through the upload URL. */
export const maxPastedRows = 5000;

/**
 * The body `POST /v1/imports/paste` takes: 5,000 rows of 800 bytes, more than a spreadsheet's rows of
 * a few hundred bytes need, while the Lambda event that carries it (the body escaped once more, plus
 * headers) stays under the 6 MB of a synchronous invocation.
 */
export const maxPasteBodyBytes = 4 * 1024 * 1024;

const ImportSettings = {
  kind: ImportKind,
  mode: ImportMode.default('create').describe('create (a match is a rejected row), update (no match is rejected) or upsert'),
  matchOn: MatchField.optional().describe('What identifies an existing record; required for update and upsert'),
  options: ImportOptionsInput.optional().describe(
    'How the file is read. `encoding` absent: UTF-8 when the bytes are UTF-8 (with or without BOM); a file that is not is read in ' +
      "the encoding of the requester's profile language (it, en: windows-1252; pl: windows-1250; hu: iso-8859-2), else of the tenant's users' " +
      'language, and the job says so (`file.encodingNote`); a UTF-8 BOM wins over a declared encoding. A pasted `text` is Unicode already: ' +
      '`encoding` does not apply to it. `delimiter` absent: detected on the header line (`;`, `,` or tab).',
  ),
};

export const StartImportBody = z.strictObject(ImportSettings).meta({ id: 'StartImport' });

export const PasteImportBody = z
  .strictObject({
    ...ImportSettings,
    // The row count is the domain's rule (422 naming `text`), counted as the job counts records.
    text: z.string().min(1).describe(`The CSV text, header first; at most ${maxPastedRows} rows and ${maxPasteBodyBytes / 1024 / 1024} MiB of request body`),
  })
  .meta({ id: 'PasteImport' });

export const ImportStarted = z
  .object({
    id: z.string(),
    uploadUrl: z
      .url()
      .describe('PUT the CSV file here within 15 minutes with exactly `Content-Type: text/csv` (the header is signed); the import starts when it arrives'),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'ImportUpload' });

export const ImportStatus = z.enum(['uploaded', 'validating', 'running', 'completed', 'failed', 'cancelled', 'reverted']);

export const ImportView = z
  .object({
    id: z.string(),
    kind: ImportKind,
    mode: ImportMode,
    matchOn: MatchField.nullable(),
    origin: z.enum(['upload', 'paste', 'drop']),
    status: ImportStatus,
    rows: z.object({
      total: z.number().int().nullable().describe('Counted when the file was validated'),
      processed: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int().describe('Matched rows whose values the record already had: nothing was changed'),
      rejected: z.number().int(),
    }),
    file: z
      .object({
        encoding: z.string(),
        delimiter: z.string(),
        encodingNote: z.string().describe('Why the file is read in that encoding (a BOM, options.encoding, valid UTF-8, pasted text, or the language fallback)'),
      })
      .nullable()
      .describe('How the file is read, once it was validated'),
    progress: z.number().int().min(0).max(100),
    requestedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
    revertRequested: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Import' });

/** `GET /v1/imports`: the caller's jobs (managers and admins: the tenant's), newest first. */
export const ImportListQuery = z.strictObject({
  status: ImportStatus.optional(),
  kind: ImportKind.optional(),
  origin: z.enum(['upload', 'paste', 'drop']).optional().describe('drop: files put in the drop folder (run as the drop-folder user)'),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only the jobs I requested (managers and admins see every job of the tenant otherwise; others only their own)'),
  limit: Limit,
  cursor: Cursor,
});

export const RevertResult = z
  .object({
    id: z.string(),
    records: z.number().int().describe('Records the job created, now being removed'),
    note: z.string(),
  })
  .meta({ id: 'ImportRevert' });
