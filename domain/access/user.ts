import type { UserEvent, UserProfileFields } from '../../events/administration/user-events.ts';
import type { Role } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { assertAdministrator } from './administration.ts';
import type { Locale } from './people.ts';
import { emailOf, localeOf, nameOf, timezoneOf } from './profile-rules.ts';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly timezone: string;
  readonly locale: Locale;
  readonly role: Role;
  readonly active: boolean;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

export type UserState = User | null;

/** Profile fields as a client sends them: validated and normalised by the decider. */
export interface UserProfileInput {
  readonly name: string;
  readonly email: string;
  readonly timezone: string;
  readonly locale: string;
}

export type UserCommand =
  | { type: 'RegisterUser'; data: UserProfileInput & { userId: string; role: Role } }
  | { type: 'UpdateUser'; data: Partial<UserProfileInput> & { role?: Role; active?: boolean } };

const profileFrom = (input: Partial<UserProfileInput>): Partial<UserProfileFields> => ({
  ...(input.name !== undefined ? { name: nameOf('name', input.name) } : {}),
  ...(input.email !== undefined ? { email: emailOf('email', input.email) } : {}),
  ...(input.timezone !== undefined ? { timezone: timezoneOf('timezone', input.timezone) } : {}),
  ...(input.locale !== undefined ? { locale: localeOf('locale', input.locale) } : {}),
});

const profileKeys = ['name', 'email', 'timezone', 'locale'] as const;

/** Users are managed by administrators only; any user of the tenant may read them (assignment pickers). */
export const decide = (command: UserCommand, state: UserState, context: DecisionContext): UserEvent[] => {
  assertAdministrator(context.actor);
  switch (command.type) {
    case 'RegisterUser': {
      if (state !== null) throw conflict('user already exists');
      const { userId, role, ...input } = command.data;
      const profile = profileFrom(input) as UserProfileFields;
      return [{ type: 'UserRegistered', data: { userId, ...profile, role } }];
    }
    case 'UpdateUser': {
      if (state === null) throw notFound('user not found');
      const { role, active, ...input } = command.data;
      const wanted = profileFrom(input);
      const changes = Object.fromEntries(profileKeys.filter((k) => wanted[k] !== undefined && wanted[k] !== state[k]).map((k) => [k, wanted[k]]));
      const events: UserEvent[] = [];
      if (Object.keys(changes).length > 0) events.push({ type: 'UserProfileChanged', data: { userId: state.id, changes } });
      if (role !== undefined && role !== state.role) {
        // An administrator cannot demote or deactivate themselves: a tenant must never lock itself out.
        if (state.id === context.actor.userId) throw conflict('administrators cannot change their own role');
        events.push({ type: 'UserRoleChanged', data: { userId: state.id, from: state.role, to: role } });
      }
      if (active !== undefined && active !== state.active) {
        if (!active && state.id === context.actor.userId) throw conflict('administrators cannot deactivate themselves');
        events.push({ type: active ? 'UserReactivated' : 'UserDeactivated', data: { userId: state.id } });
      }
      return events;
    }
  }
};

export const evolve = (state: UserState, event: Recorded<UserEvent>): UserState => {
  if (event.type === 'UserRegistered') {
    const { userId, role, ...profile } = event.data;
    return { id: userId, ...profile, role, active: true, registeredAt: event.at, updatedAt: event.at };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'UserProfileChanged':
      return { ...state, ...event.data.changes, updatedAt: event.at };
    case 'UserRoleChanged':
      return { ...state, role: event.data.to, updatedAt: event.at };
    case 'UserDeactivated':
      return { ...state, active: false, updatedAt: event.at };
    case 'UserReactivated':
      return { ...state, active: true, updatedAt: event.at };
  }
};

export const userDecider: Decider<UserCommand, UserState, UserEvent> = { initialState: null, decide, evolve };

/** The scope of the claim on a user's e-mail address. */
export const userEmailScope = 'user-email';

/** The e-mail address is unique per tenant: an event-store claim owned by the user. */
export const userUniqueKeys = (user: UserState): { scope: string; value: string }[] =>
  user === null ? [] : [{ scope: userEmailScope, value: user.email }];

/** Every user of the tenant may read every user profile (tenant isolation is in the keys). */
export const canSeeUser = (): boolean => true;
