import { DomainError, type FieldIssue } from '../../domain/shared/errors.ts';

/**
 * The typed errors of the application layer. A service throws these (or a `DomainError`, or a port's
 * `UniqueKeyTakenError`) and never an HTTP status: functions/http/problem-details.ts maps each to one
 * status, in one place; the import turns them into row errors.
 *
 * Issue paths name fields of the service's input (`accountManagers`, `assignee.userId`), never where
 * an entry point took them from (`body.`, a CSV column): each entry point locates them itself.
 */
export { DomainError, conflict, forbidden, invalid, notFound, type DomainErrorKind, type FieldIssue } from '../../domain/shared/errors.ts';

/** `expectedVersion` (HTTP `If-Match`) is not the record's version, or it changed while the command ran. */
export class StaleVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleVersionError';
  }
}

/** A concurrent writer won every attempt: the command may be retried. */
export class ConcurrentUpdateError extends Error {
  constructor(message = 'the record is being changed concurrently; retry') {
    super(message);
    this.name = 'ConcurrentUpdateError';
  }
}

/** The idempotency key was already used with a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('this Idempotency-Key was already used with a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Several fields refused at once (`invalid` names one): the detail lists them as `path: message; …`. */
export const invalidFields = (issues: readonly FieldIssue[]): DomainError =>
  new DomainError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);

/**
 * Input that is not even well formed for the service (an edited list cursor): refused before anything
 * is read. An entry point locates the issue paths, as for `invalid`; over HTTP it is a 400.
 */
export class MalformedInputError extends Error {
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[]) {
    super(message);
    this.name = 'MalformedInputError';
    this.issues = issues;
  }
}
