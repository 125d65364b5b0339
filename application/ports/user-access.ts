import type { Role } from '../../domain/shared/actor.ts';

/**
 * What the HTTP edge checks of a signed-in user on every request (functions/http/auth.ts): whether
 * administration deactivated them, and their current role. A token is valid up to an hour after
 * Cognito disables its user and carries the role of when it was issued, so the log decides, read
 * strongly consistent (adapters/people/event-store-user-access.ts). `undefined`: no such user of
 * record (the token's own claims stand).
 */
export interface UserAccessState {
  readonly role: Role;
  readonly active: boolean;
  /**
   * The groups the user belongs to, as the people read model has them (a membership lives in the
   * group's stream, so there is no per-user stream to read; it follows a change within the projection
   * lag). Cognito groups are never created: in AWS this, not `cognito:groups`, is where a user's
   * groups come from. `undefined`: not known here (the token's claim stands).
   */
  readonly groups?: readonly string[];
}

export interface UserAccess {
  find(tenant: string, userId: string): Promise<UserAccessState | undefined>;
  /**
   * Whether a token whose `sub` is no user of record is refused. True where every user comes from the
   * API (AWS: a Cognito user whose registration never committed — a failed request nobody retried —
   * must not act on its claims); false locally and in tests, whose tokens name ids never registered.
   */
  readonly usersOfRecordOnly?: boolean;
}

/** Nobody is on record: every token's claims stand (a function wired without the event store). */
export const noUserAccess: UserAccess = { find: async () => undefined };
