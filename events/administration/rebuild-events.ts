import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

/** Rebuilds are maintenance of the administration context. */
const source = 'cronaca.administration';

/** Where a parallel scan segment stands: the key to continue after (null: from the start) or done. */
export const ScanCursor = z.strictObject({
  key: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  done: z.boolean(),
});

/** The two passes of a rebuild: fold the events table, then sweep the read models for orphans. */
export const RebuildPhase = z.enum(['events', 'read-models']);

/** Totals since the job started (not per run). */
export const RebuildProgress = z.strictObject({
  aggregates: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  itemsWritten: z.number().int().nonnegative(),
  itemsChecked: z.number().int().nonnegative(),
  itemsDeleted: z.number().int().nonnegative(),
});

export const ProjectionRebuildRequested = defineEvent({
  type: 'ProjectionRebuildRequested',
  version: 1,
  source,
  description: "An administrator asked for the tenant's read models to be rebuilt from the events table; the rebuild worker runs it.",
  schema: z.strictObject({ jobId: z.string() }),
});

export const ProjectionRebuildStarted = defineEvent({
  type: 'ProjectionRebuildStarted',
  version: 1,
  source,
  description: 'The worker began the rebuild: it scans the events table in `segments` parallel segments.',
  schema: z.strictObject({ jobId: z.string(), segments: z.number().int().positive() }),
});

export const ProjectionRebuildProgressed = defineEvent({
  type: 'ProjectionRebuildProgressed',
  version: 1,
  source,
  description:
    'A checkpoint: every segment of `phase` stands at its cursor (everything before it is rebuilt), with the totals so far. A run that stops continues from the latest one.',
  schema: z.strictObject({ jobId: z.string(), phase: RebuildPhase, cursors: z.array(ScanCursor).min(1), progress: RebuildProgress }),
});

export const ProjectionRebuildCompleted = defineEvent({
  type: 'ProjectionRebuildCompleted',
  version: 1,
  source,
  description: 'Every read item of the tenant was rebuilt from its events and the orphans deleted; the final totals.',
  schema: z.strictObject({ jobId: z.string(), progress: RebuildProgress }),
});

export const ProjectionRebuildFailed = defineEvent({
  type: 'ProjectionRebuildFailed',
  version: 1,
  source,
  description: 'The rebuild stopped before the end (code and reason say why); what it wrote stays (every write is idempotent), a new rebuild starts over.',
  schema: z.strictObject({ jobId: z.string(), code: z.string(), reason: z.string() }),
});

export const rebuildEvents = [
  ProjectionRebuildRequested,
  ProjectionRebuildStarted,
  ProjectionRebuildProgressed,
  ProjectionRebuildCompleted,
  ProjectionRebuildFailed,
] as const;

export type RebuildEvent = EventOf<(typeof rebuildEvents)[number]>;
export type ScanCursor = z.infer<typeof ScanCursor>;
export type RebuildPhase = z.infer<typeof RebuildPhase>;
export type RebuildProgress = z.infer<typeof RebuildProgress>;
