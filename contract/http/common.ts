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

/**
 * A record id, wherever one is given: path, query or body. Ids are what the system makes — UUIDs
 * (`newId`, Cognito subs), seed ids (`admin`, `sales`), import jobs (`drop-<hex>`) — so anything else
 * (`#`, which separates the parts of a DynamoDB key, `/`, `..`, blanks, other scripts) is refused
 * here, with a 400 naming the field, before it can reach a key.
 */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
export const RecordId = z
  .string()
  .trim()
  .regex(idPattern, { message: 'must be an id: 1 to 100 letters, digits, - or _, starting with a letter or digit' });

export const IdParam = z.strictObject({ id: RecordId });

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
