import { z } from 'zod';
import { importKinds, importLocales } from '../../domain/imports/import-fields.ts';
import { ImportMode, ImportOptionsInput, MatchField } from '../../events/imports/import-events.ts';

export const ImportKind = z.enum(importKinds).describe('companies, leads or contacts');

export const ImportTemplateParams = z.strictObject({ kind: ImportKind });

export const ImportTemplateQuery = z.strictObject({
  locale: z.enum(importLocales).optional().describe("Header language; defaults to the caller's profile locale, else en"),
});


/** The most rows `POST /v1/imports/paste` takes; larger files go through the upload URL. */
export const maxPastedRows = 5000;

const ImportSettings = {
  kind: ImportKind,
  mode: ImportMode.default('create').describe('create (a match is a rejected row), update (no match is rejected) or upsert'),
  matchOn: MatchField.optional().describe('What identifies an existing record; required for update and upsert'),
  options: ImportOptionsInput.optional().describe('Encoding and delimiter are detected when absent'),
};

export const StartImportBody = z.strictObject(ImportSettings).meta({ id: 'StartImport' });

export const PasteImportBody = z
  .strictObject({
    ...ImportSettings,
    text: z
      .string()
      .min(1)
      .refine((text) => text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').length <= maxPastedRows + 1, {
        message: `at most ${maxPastedRows} rows (plus the header); upload larger files`,
      })
      .describe('The CSV text, header first'),
  })
  .meta({ id: 'PasteImport' });

export const ImportStarted = z
  .object({
    id: z.string(),
    uploadUrl: z.url().describe('PUT the CSV file here (Content-Type: text/csv) within 15 minutes; the import starts when it arrives'),
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
    progress: z.number().int().min(0).max(100),
    requestedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
    revertRequested: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Import' });

export const RevertResult = z
  .object({
    id: z.string(),
    records: z.number().int().describe('Records the job created, now being removed'),
    note: z.string(),
  })
  .meta({ id: 'ImportRevert' });
