import { z } from 'zod';
import { importKinds, importLocales } from '../../domain/imports/import-fields.ts';

export const ImportKind = z.enum(importKinds).describe('companies, leads or contacts');

export const ImportTemplateParams = z.strictObject({ kind: ImportKind });

export const ImportTemplateQuery = z.strictObject({
  locale: z.enum(importLocales).optional().describe("Header language; defaults to the caller's profile locale, else en"),
});
