import { z } from 'zod';

/**
 * Where a record came from when another record generated it: a customer request generates tickets,
 * quotes and meetings (`POST /v1/requests/{id}/generate`). The generated record names its origin in
 * its creation event; the request names the record in `RequestDocumentGenerated` — linked both ways,
 * in the same commit.
 */
export const Origin = z.strictObject({ kind: z.literal('request'), id: z.string().min(1) });
export type Origin = z.infer<typeof Origin>;
