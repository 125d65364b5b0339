import { z } from 'zod';

/** Who did it and in answer to what: stored with every event, and published with it. */
export const EventMeta = z.strictObject({
  tenant: z.string(),
  actor: z.string(),
  commandId: z.string(),
  correlationId: z.string(),
  causationId: z.string().optional(),
  requestId: z.string().optional(),
});
export type EventMeta = z.infer<typeof EventMeta>;

/** An event as read back from the log: current schema version, with its position and metadata. */
export interface StoredEvent<TType extends string = string, TData = unknown> {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly type: TType;
  readonly data: TData;
  readonly at: string;
  readonly meta: EventMeta;
}
