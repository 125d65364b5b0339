import { z } from 'zod';
import { locales, roles } from './value-lists.ts';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.administration';

/**
 * A tenant's users as administration records them. The user id is the token's `sub`: authorisation
 * still comes from the token's claims (role, groups); these events give other contexts a profile
 * (name, e-mail, timezone, locale) and the assignment pickers a list.
 */

export const Locale = z.enum(locales);
export const Role = z.enum(roles);

export const UserProfileFields = z.strictObject({
  name: z.string(),
  /** Lower-cased; unique per tenant (an event-store claim). */
  email: z.string(),
  /** IANA zone in its canonical spelling, e.g. `Europe/Rome`. */
  timezone: z.string(),
  locale: Locale,
});
export type UserProfileFields = z.infer<typeof UserProfileFields>;

export const UserRegistered = defineEvent({
  type: 'UserRegistered',
  version: 1,
  source,
  description: 'An administrator registered a user of the tenant (active from now on).',
  schema: z.strictObject({ userId: z.string(), ...UserProfileFields.shape, role: Role }),
});

export const UserProfileChanged = defineEvent({
  type: 'UserProfileChanged',
  version: 1,
  source,
  description: "Some of a user's name, e-mail, timezone and locale changed; only the changed fields are present.",
  schema: z.strictObject({ userId: z.string(), changes: UserProfileFields.partial() }),
});

export const UserRoleChanged = defineEvent({
  type: 'UserRoleChanged',
  version: 1,
  source,
  description: "A user's role changed (admin, manager, standard, restricted).",
  schema: z.strictObject({ userId: z.string(), from: Role, to: Role }),
});

export const UserDeactivated = defineEvent({
  type: 'UserDeactivated',
  version: 1,
  source,
  description: 'A user was deactivated: the history keeps them, they get no new work and no e-mail.',
  schema: z.strictObject({ userId: z.string() }),
});

export const UserReactivated = defineEvent({
  type: 'UserReactivated',
  version: 1,
  source,
  description: 'A deactivated user was made active again.',
  schema: z.strictObject({ userId: z.string() }),
});

export const userEvents = [UserRegistered, UserProfileChanged, UserRoleChanged, UserDeactivated, UserReactivated] as const;

export type UserEvent = EventOf<(typeof userEvents)[number]>;
