import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

/** Reports belong to the client-card-and-reports context. */
const source = 'cronaca.reports';

/** What a report is of: a company's whole history, or one quote as the document sent to the customer. */
export const ReportSubject = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('company'), id: z.string() }),
  z.strictObject({ type: z.literal('quote'), id: z.string() }),
]);
export type ReportSubject = z.infer<typeof ReportSubject>;

export const ReportFormat = z.enum(['pdf', 'json', 'csv']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** The languages of labels, dates and numbers (the manuals' languages). */
export const ReportLocale = z.enum(['it', 'en', 'pl', 'hu']);
export type ReportLocale = z.infer<typeof ReportLocale>;

/** Whose view of the data the report shows: the requester's identity at request time (the worker has no token). */
export const ReportRunAs = z.strictObject({
  userId: z.string(),
  role: z.enum(['admin', 'manager', 'standard', 'restricted']),
  groups: z.array(z.string()),
});

export const ReportRequested = defineEvent({
  type: 'ReportRequested',
  version: 1,
  source,
  description:
    'A report was asked for: a company history (pdf, json or csv, optionally limited to the days `from`…`to` in `timeZone`) or a quote as a PDF. The renderer writes it to `key` in the drop bucket, as `runAs` sees the data.',
  schema: z.strictObject({
    jobId: z.string(),
    subject: ReportSubject,
    format: ReportFormat,
    locale: ReportLocale,
    /** The requester's IANA time zone: dates in the report, and the days `from`/`to`, are read in it. */
    timeZone: z.string(),
    /** First and last calendar day (YYYY-MM-DD) of the history, both included; null: from the beginning / until now. */
    from: z.iso.date().nullable(),
    to: z.iso.date().nullable(),
    key: z.string(),
    runAs: ReportRunAs,
  }),
});

export const ReportAttemptStarted = defineEvent({
  type: 'ReportAttemptStarted',
  version: 1,
  source,
  description:
    'A render attempt began (1, 2, …). `deadline` is when the attempt is over at the latest (the end of its invocation): a job whose last attempt passed its deadline without an outcome failed.',
  schema: z.strictObject({ jobId: z.string(), attempt: z.number().int().positive(), deadline: z.iso.datetime() }),
});

export const ReportAttemptFailed = defineEvent({
  type: 'ReportAttemptFailed',
  version: 1,
  source,
  description: 'A render attempt failed and will be retried (code and reason say why).',
  schema: z.strictObject({ jobId: z.string(), attempt: z.number().int().positive(), code: z.string(), reason: z.string() }),
});

export const ReportCompleted = defineEvent({
  type: 'ReportCompleted',
  version: 1,
  source,
  description: 'The file is written: `bytes` long, `pages` pages (PDF only), `entries` history entries (0 for a quote).',
  schema: z.strictObject({
    jobId: z.string(),
    bytes: z.number().int().nonnegative(),
    pages: z.number().int().positive().nullable(),
    entries: z.number().int().nonnegative(),
  }),
});

export const ReportFailed = defineEvent({
  type: 'ReportFailed',
  version: 1,
  source,
  description: 'The report stopped without a file, for good (code and reason say why): its attempts ran out, or what it is of no longer exists or is no longer visible to the requester.',
  schema: z.strictObject({ jobId: z.string(), code: z.string(), reason: z.string() }),
});

export const reportEvents = [ReportRequested, ReportAttemptStarted, ReportAttemptFailed, ReportCompleted, ReportFailed] as const;

export type ReportEvent = EventOf<(typeof reportEvents)[number]>;
