/**
 * The business metrics the application reports (docs/observability.md lists them with their units and
 * dimensions). A port, so that application/ and the import engine stay free of any metrics library:
 * the deployed functions record them as CloudWatch EMF through Powertools (functions/shared/
 * business-metrics.ts), tests and the local cloud through the no-op below or a recording double.
 *
 * Every label is from a closed set (a command type is a type name of the code, never data): each
 * distinct combination is a billed custom metric, so no tenant, record or user id is ever one.
 */

/**
 * How a command ended. `conflict`: a concurrent writer or a stale `If-Match` (StaleVersionError,
 * ConcurrentUpdateError); `replayed`: an idempotent replay of an earlier result; `rejected-<kind>`: the
 * domain or the application refused it; `failed`: anything unexpected (a store error, a bug).
 */
export type CommandOutcomeLabel =
  | 'accepted'
  | 'replayed'
  | 'conflict'
  | 'rejected-invalid'
  | 'rejected-forbidden'
  | 'rejected-not-found'
  | 'rejected-conflict'
  | 'rejected-key-reused'
  | 'failed';

/** A webhook attempt as recorded (domain/integrations/retry-policy.ts), or `deferred` by the open circuit. */
export type WebhookDeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'deferred';

/** What an import chunk did with its rows, as its checkpoint records them. */
export interface ImportRowCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

export interface BusinessMetrics {
  /** One command run by the command runner: its type (`command.type`, or the decision's name) and outcome. */
  command(type: string, outcome: CommandOutcomeLabel): void;
  /** One import chunk checkpointed: its rows by outcome, and how long the chunk took (rows per second). */
  importChunk(rows: ImportRowCounts, durationMs: number): void;
  /** E-mails the reminder job sent in a run, by kind. */
  mailsSent(kind: 'reminder' | 'digest', count: number): void;
  /** One webhook attempt (or deferral) by outcome. */
  webhookDelivery(outcome: WebhookDeliveryOutcome): void;
  /** Age of one stream record when it was projected (from its ApproximateCreationDateTime), in ms. */
  projectionLag(milliseconds: number): void;
}

export const noBusinessMetrics: BusinessMetrics = {
  command: () => undefined,
  importChunk: () => undefined,
  mailsSent: () => undefined,
  webhookDelivery: () => undefined,
  projectionLag: () => undefined,
};
