import type { Role } from '../shared/actor.ts';

/**
 * The tenant's people as other contexts see them: who a user is (to e-mail them, in their language,
 * at their time of day) and who belongs to a group (a group's calendar shows its members' work).
 * Administration (`/v1/users`, `/v1/groups`) is the source; readers get it through `PeopleDirectory`.
 */

import { locales } from '../../events/administration/value-lists.ts';

export { locales };
export type Locale = (typeof locales)[number];

export interface UserProfile {
  readonly tenant: string;
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  /** IANA zone, e.g. `Europe/Rome`. */
  readonly timezone: string;
  readonly locale: Locale;
  readonly role: Role;
  readonly groups: readonly string[];
  /** Deactivated users keep their history but get no new work and no e-mail. */
  readonly active: boolean;
}

export interface GroupProfile {
  readonly tenant: string;
  readonly groupId: string;
  readonly name: string;
  readonly members: readonly string[];
}

/** Read port over the people read model (implemented in `functions/shared/people-directory.ts`). */
export interface PeopleDirectory {
  user(tenant: string, userId: string): Promise<UserProfile | undefined>;
  group(tenant: string, groupId: string): Promise<GroupProfile | undefined>;
  /** Every user of the tenant (the daily digest walks them); active and inactive. */
  users(tenant: string): Promise<UserProfile[]>;
  /** Tenants that have at least one user (the reminder and digest jobs iterate them). */
  tenants(): Promise<string[]>;
}

/**
 * What a command checks before it names a user or a group (an assignee, a responsible user, an
 * account manager): strongly consistent, so a user registered a moment ago is known at once
 * (`functions/shared/people-of-record.ts` reads the users' and groups' own streams). Another tenant's
 * id is unknown.
 */
export interface PeopleOfRecord {
  /** A user of the tenant who is not deactivated. */
  activeUser(tenant: string, userId: string): Promise<boolean>;
  group(tenant: string, groupId: string): Promise<boolean>;
}
