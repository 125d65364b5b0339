import {
  ConditionalCheckFailedException,
  TransactionConflictException,
  type AttributeValue,
  type CancellationReason,
} from '@aws-sdk/client-dynamodb';
import {
  CommitConflictError,
  IdempotencyKeyTakenError,
  PrivateItemChangedError,
  PrivateItemExistsError,
  SequenceConflictError,
  StreamConflictError,
  UniqueKeyTakenError,
} from './event-store-errors.ts';

/**
 * What each item of a commit stands for, so that a failed condition can be turned into a precise
 * error. Only the fields the errors name, so this module needs nothing from the store's own types.
 */
export type ItemRole =
  | { role: 'event'; stream: { readonly aggregateType: string; readonly aggregateId: string; readonly expectedVersion: number } }
  | { role: 'sequence'; name: string }
  | { role: 'claim'; claim: { readonly scope: string; readonly value: string } }
  | { role: 'release'; claim: { readonly scope: string; readonly value: string } }
  | { role: 'lookup'; entry: { readonly scope: string; readonly owner: string } }
  | { role: 'idempotency'; key: string }
  | { role: 'private'; scope: string; id: string; mode?: string };

/**
 * `ConditionalCheckFailed`: the item's condition was false (`item` is the item as stored, when the
 * request asked for it). `TransactionConflict`: another transaction on the same item was in flight —
 * counted as a conflict of that item, since the caller re-decides exactly as for a failed condition.
 */
type Failure = { code: 'ConditionalCheckFailed'; item?: Record<string, AttributeValue> | undefined } | { code: 'TransactionConflict' };

const conflictOf = (role: ItemRole, failure: Failure): Error => {
  switch (role.role) {
    case 'event':
      return new StreamConflictError(role.stream.aggregateType, role.stream.aggregateId, role.stream.expectedVersion);
    case 'sequence':
      return new SequenceConflictError(role.name);
    case 'claim': {
      const owner = failure.code === 'ConditionalCheckFailed' ? failure.item?.owner : undefined;
      return new UniqueKeyTakenError(role.claim.scope, role.claim.value, owner && 'S' in owner ? owner.S : undefined);
    }
    case 'release':
      return new UniqueKeyTakenError(role.claim.scope, role.claim.value, undefined);
    case 'idempotency':
      return new IdempotencyKeyTakenError(role.key);
    case 'private':
      if (failure.code !== 'ConditionalCheckFailed') return new CommitConflictError(`private item ${role.scope} ${role.id} changed concurrently`);
      return role.mode === 'swap' ? new PrivateItemChangedError(role.scope, role.id) : new PrivateItemExistsError(role.scope, role.id);
    case 'lookup':
      // Another holder of the value in the same slot: a hash collision (lookup-items.ts), not a race.
      if (failure.code === 'ConditionalCheckFailed') return new Error(`lookup ${role.entry.scope} slot of ${role.entry.owner} is held by another record`);
      return new CommitConflictError(`lookup ${role.entry.scope} of ${role.entry.owner} changed concurrently`);
  }
};

/** Maps DynamoDB's cancellation reasons of a transaction (one per item, in order) to the first precise error. */
export const conflictFromCancellation = (reasons: readonly CancellationReason[], roles: readonly ItemRole[]): Error => {
  // A request already committed under its Idempotency-Key explains every other failed condition (its
  // own claims, its sequence step): that one is reported, and the caller replays the stored response.
  const replay = reasons.findIndex((r, i) => r.Code === 'ConditionalCheckFailed' && roles[i]?.role === 'idempotency');
  const failed = replay >= 0 ? replay : reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
  const role = roles[failed];
  const reason = reasons[failed];
  if (!role || !reason) {
    const codes = reasons.map((r) => r.Code).join(', ');
    return new Error(`transaction cancelled without a conflicting item (${codes})`);
  }
  return conflictOf(role, reason.Code === 'ConditionalCheckFailed' ? { code: reason.Code, item: reason.Item } : { code: 'TransactionConflict' });
};

/**
 * The precise error for a commit of one item sent as a single conditioned write (not a transaction),
 * or undefined when `error` is no conflict (a throttle, a network error: rethrown as it is). A single
 * write that meets an item in a transaction in flight fails with TransactionConflictException.
 */
export const conflictFromSingleWrite = (error: unknown, role: ItemRole): Error | undefined => {
  if (error instanceof ConditionalCheckFailedException) return conflictOf(role, { code: 'ConditionalCheckFailed', item: error.Item });
  if (error instanceof TransactionConflictException) return conflictOf(role, { code: 'TransactionConflict' });
  return undefined;
};
