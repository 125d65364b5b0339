import type { Role } from '../../domain/shared/actor.ts';

/**
 * The identity provider's side of a tenant's users: the sign-in identity (Cognito user in AWS,
 * adapters/identity/cognito-user-directory.ts; the local directory of `npm start` and tests,
 * adapters/identity/local-user-directory.ts). Administration's log stays the source of truth: the
 * directory is created from it and made to follow it, and the HTTP edge refuses a deactivated user and
 * takes the role from the log (functions/http/auth.ts), whatever the provider still says.
 */
export interface NewDirectoryUser {
  readonly tenant: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

/** What the identity should say about a user: the user of record after a command. */
export interface DirectoryUserState {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly active: boolean;
}

export interface UserDirectory {
  /**
   * Creates the sign-in identity of a new user of `tenant` and sends the invitation (a temporary
   * password by e-mail); resolves to its id, which becomes the user's id (the tokens' `sub`). When the
   * e-mail already has an identity of the SAME tenant (a retry after a failure before the user was
   * recorded), resolves to that identity and sends nothing. Throws `DirectoryEmailTakenError` when the
   * e-mail signs in to another tenant, `IdentityProviderUnavailableError` when the provider fails.
   */
  create(user: NewDirectoryUser): Promise<{ readonly userId: string }>;
  /**
   * Makes the identity say what the log says: e-mail, name and role; enabled, or disabled with every
   * session signed out. Idempotent (a retried PATCH converges). Throws as `create`.
   */
  follow(user: DirectoryUserState): Promise<void>;
  /**
   * Whether `email` may become the sign-in name of `userId`: nobody signs in with it, or that user
   * does. Asked before an e-mail change is recorded, so that an address of another tenant is refused
   * (409) before the log says it, not after. Throws `IdentityProviderUnavailableError` when it cannot tell.
   */
  emailAvailableTo(userId: string, email: string): Promise<boolean>;
}

/** The e-mail address already signs in to another tenant of this deployment (one user pool for all). */
export class DirectoryEmailTakenError extends Error {
  constructor(message = 'the e-mail address already signs in to another workspace of this service') {
    super(message);
    this.name = 'DirectoryEmailTakenError';
  }
}

/** The identity provider will not take the address or name as given (Cognito's own rules): the input's fault. */
export class DirectoryRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryRefusedError';
  }
}

/** The identity provider failed or throttled: nothing was decided about the request; retry. */
export class IdentityProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityProviderUnavailableError';
  }
}
