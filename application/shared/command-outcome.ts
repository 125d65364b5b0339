import type { CommandOutcomeLabel } from '../ports/business-metrics.ts';
import { CommitConflictError, UniqueKeyTakenError } from '../ports/event-store-errors.ts';
import { ConcurrentUpdateError, DomainError, IdempotencyKeyReusedError, MalformedInputError, StaleVersionError } from './errors.ts';

const rejectedBy = { invalid: 'rejected-invalid', forbidden: 'rejected-forbidden', not_found: 'rejected-not-found', conflict: 'rejected-conflict' } as const;

/**
 * The metric label of a command that threw (application/ports/business-metrics.ts): a closed set, so
 * the number of metric series stays bounded whatever the error says. A value another record holds
 * is the caller's conflict (rejected); a lost race or a stale `If-Match` is a `conflict`.
 */
export const commandOutcomeOfError = (error: unknown): CommandOutcomeLabel => {
  if (error instanceof DomainError) return rejectedBy[error.kind];
  if (error instanceof MalformedInputError) return 'rejected-invalid';
  if (error instanceof IdempotencyKeyReusedError) return 'rejected-key-reused';
  if (error instanceof UniqueKeyTakenError) return 'rejected-conflict';
  if (error instanceof StaleVersionError || error instanceof ConcurrentUpdateError || error instanceof CommitConflictError) return 'conflict';
  return 'failed';
};
