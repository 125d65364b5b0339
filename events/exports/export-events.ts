import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';
import { ImportActor, ImportKind } from '../imports/import-events.ts';

/** Exports belong to the import/export context: the same source as imports. */
const source = 'cronaca.imports';

/** The languages an export's header can be written in (the import templates' languages). */
export const ExportLocale = z.enum(['en', 'it', 'pl', 'hu']);
export type ExportLocale = z.infer<typeof ExportLocale>;

/** What can be exported: the directory's lists (the import kinds) and, since ExportRequested v2, the sales lists. */
export const exportKinds = [...ImportKind.options, 'opportunities', 'quotes', 'orders'] as const;
export const ExportKind = z.enum(exportKinds);
export type ExportKind = z.infer<typeof ExportKind>;

/**
 * The list filter as the request's validation gave it (`?tag=vip&mine=true&cf.sector=edilizia` of the
 * kind's list, with its defaults): flags as booleans, everything else as text.
 */
export const ExportFilter = z.record(z.string(), z.union([z.string(), z.boolean()]));
export type ExportFilter = z.infer<typeof ExportFilter>;

const ExportRequestedV1 = z.strictObject({
  jobId: z.string(),
  kind: ImportKind,
  filter: ExportFilter,
  /** The header's language (the requester's), as the import template writes it. */
  locale: ExportLocale,
  key: z.string(),
  runAs: ImportActor,
});

/**
 * v2: `kind` may also be a sales list (`opportunities`, `quotes`, `orders`). Every v1 event (a
 * directory list) is a v2 event with the same meaning, lifted unchanged; a v1 reader would refuse the
 * new kinds, hence a new version rather than a widened v1.
 */
export const ExportRequested = defineEvent({
  type: 'ExportRequested',
  version: 2,
  source,
  description:
    'An export of a list (directory or sales) to CSV was requested; the worker writes it to `key` in the drop bucket, as the requester (`runAs`) sees the list.',
  schema: ExportRequestedV1.extend({ kind: ExportKind }),
  previous: [{ version: 1, schema: ExportRequestedV1, upcast: (data) => data }],
});

export const ExportStarted = defineEvent({
  type: 'ExportStarted',
  version: 1,
  source,
  description: 'The worker began writing the file.',
  schema: z.strictObject({ jobId: z.string() }),
});

export const ExportCompleted = defineEvent({
  type: 'ExportCompleted',
  version: 1,
  source,
  description: 'The file is written: `rows` records (the header not counted), `bytes` long.',
  schema: z.strictObject({ jobId: z.string(), rows: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
});

export const ExportFailed = defineEvent({
  type: 'ExportFailed',
  version: 1,
  source,
  description: 'The export stopped without a file (code and reason say why).',
  schema: z.strictObject({ jobId: z.string(), code: z.string(), reason: z.string() }),
});

export const exportEvents = [ExportRequested, ExportStarted, ExportCompleted, ExportFailed] as const;

export type ExportEvent = EventOf<(typeof exportEvents)[number]>;
