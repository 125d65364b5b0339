import { z } from 'zod';

const Cursor = z.object({
  key: z.record(z.string(), z.union([z.string(), z.number()])).nullable().describe('The scan continues after this key (null: from the start)'),
  done: z.boolean(),
});

export const RebuildJobView = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    phase: z
      .enum(['events', 'read-models'])
      .nullable()
      .describe('While running: folding the events table into read items, or sweeping the read models for items nothing produces'),
    progress: z
      .object({
        aggregates: z.number().int().describe('Aggregates with read models, folded'),
        events: z.number().int().describe('Their events'),
        itemsWritten: z.number().int().describe('Read items written'),
        itemsChecked: z.number().int().describe('Read items the sweep checked'),
        itemsDeleted: z.number().int().describe('Orphan read items deleted'),
      })
      .describe('Totals up to the latest checkpoint'),
    segments: z.array(Cursor).nullable().describe('While running: where each parallel scan segment of the phase stands'),
    checkpoints: z.number().int().describe('Checkpoints recorded so far'),
    requestedBy: z.string(),
    requestedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime().describe('When the job last moved'),
    endedAt: z.iso.datetime().nullable(),
    failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'RebuildJob' });
