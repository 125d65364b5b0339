import { z } from 'zod';

/**
 * Where a record came from when another record generated it (events/shared/origin.ts): a ticket, a
 * quote or a meeting generated from a customer request names it; `null` for a record created directly.
 */
export const OriginView = z
  .object({ kind: z.literal('request'), id: z.string() })
  .nullable()
  .meta({ id: 'Origin', description: 'The customer request that generated this record (POST /v1/requests/{id}/generate); null when created directly' });
