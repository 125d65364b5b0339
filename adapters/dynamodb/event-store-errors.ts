/** The errors belong to the event-store port; kept here so existing importers keep compiling. */
export {
  CommitConflictError,
  IdempotencyKeyTakenError,
  PrivateItemChangedError,
  PrivateItemExistsError,
  SequenceConflictError,
  StreamConflictError,
  UniqueKeyTakenError,
} from '../../application/ports/event-store-errors.ts';
