/**
 * Why the domain refused. The HTTP layer maps each kind to one status:
 * invalid -> 422, forbidden -> 403, not_found -> 404, conflict -> 409.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly issues: readonly FieldIssue[];

  constructor(kind: DomainErrorKind, message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.issues = issues;
  }
}

export const invalid = (path: string, message: string): DomainError =>
  new DomainError('invalid', `${path}: ${message}`, [{ path, message }]);
export const forbidden = (message: string): DomainError => new DomainError('forbidden', message);
export const notFound = (message: string): DomainError => new DomainError('not_found', message);
export const conflict = (message: string): DomainError => new DomainError('conflict', message);
