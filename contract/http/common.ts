import { z } from 'zod';

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const Limit = z.coerce.number().int().min(1).max(200).default(50);
export const Cursor = z.string().max(2048).optional();

export const IdParam = z.strictObject({ id: z.string().min(1).max(100) });

/** `asOf` reads a record as it was at a past time. */
export const AsOfQuery = z.strictObject({ asOf: z.iso.datetime({ offset: true }).optional() });

export const HistoryEntry = z
  .object({
    type: z.string(),
    version: z.number().int(),
    at: z.iso.datetime(),
    actor: z.string(),
    data: z.unknown(),
  })
  .meta({ id: 'HistoryEntry' });

export const History = z.object({ items: z.array(HistoryEntry) }).meta({ id: 'History' });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** Empty bodies are accepted where a command takes no input. */
export const NoBody = z.strictObject({}).optional();
