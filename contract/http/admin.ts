import { z } from 'zod';

export const RebuildResult = z
  .object({
    tenant: z.string().nullable(),
    aggregates: z.number().int(),
    events: z.number().int(),
    itemsWritten: z.number().int(),
    itemsDeleted: z.number().int(),
  })
  .meta({ id: 'RebuildResult' });
