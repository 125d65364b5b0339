/** Why a commit was refused (any `EventStorePort`). Each names the item that conflicted. */
export class CommitConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another writer took the version slot: the stream moved on since it was loaded. */
export class StreamConflictError extends CommitConflictError {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly expectedVersion: number;

  constructor(aggregateType: string, aggregateId: string, expectedVersion: number) {
    super(`${aggregateType} ${aggregateId} changed after version ${expectedVersion}`);
    this.aggregateType = aggregateType;
    this.aggregateId = aggregateId;
    this.expectedVersion = expectedVersion;
  }
}

/** The per-tenant counter moved on: another commit took the number; decide again with the next one. */
export class SequenceConflictError extends CommitConflictError {
  readonly sequence: string;

  constructor(sequence: string) {
    super(`sequence ${sequence} advanced concurrently`);
    this.sequence = sequence;
  }
}

/** A unique key (e.g. a VAT number) already belongs to another record. */
export class UniqueKeyTakenError extends CommitConflictError {
  readonly scope: string;
  readonly value: string;
  readonly owner: string | undefined;

  constructor(scope: string, value: string, owner: string | undefined) {
    super(`${scope} ${value} is already taken${owner ? ` by ${owner}` : ''}`);
    this.scope = scope;
    this.value = value;
    this.owner = owner;
  }
}

/** The idempotency key was recorded by a concurrent request with the same key. */
export class IdempotencyKeyTakenError extends CommitConflictError {
  readonly key: string;

  constructor(key: string) {
    super(`idempotency key ${key} was used concurrently`);
    this.key = key;
  }
}

/** A private item put with `mode: 'create'` exists already (an id drawn twice, or a commit replayed). */
export class PrivateItemExistsError extends CommitConflictError {
  readonly scope: string;
  readonly id: string;

  constructor(scope: string, id: string) {
    super(`private item ${scope} ${id} exists already`);
    this.name = 'PrivateItemExistsError';
    this.scope = scope;
    this.id = id;
  }
}

/** A private item put with `mode: 'swap'` was written by someone else since its writer read it. */
export class PrivateItemChangedError extends CommitConflictError {
  readonly scope: string;
  readonly id: string;

  constructor(scope: string, id: string) {
    super(`private item ${scope} ${id} changed since it was read`);
    this.name = 'PrivateItemChangedError';
    this.scope = scope;
    this.id = id;
  }
}
