import type { GroupProfile, PeopleDirectory, UserProfile } from '../../domain/access/people.ts';
import type { Role } from '../../domain/shared/actor.ts';

export interface PersonSpec {
  readonly timezone?: string;
  readonly role?: Role;
  readonly groups?: readonly string[];
  readonly active?: boolean;
}

/**
 * An in-memory `PeopleDirectory` for tests (administration's DynamoDB one reads the people read
 * model): users of a tenant with their timezone, and groups with their members.
 */
export const memoryPeople = (tenant: string, users: Record<string, PersonSpec>, groups: Record<string, readonly string[]> = {}): PeopleDirectory => {
  const profiles = new Map<string, UserProfile>(
    Object.entries(users).map(([userId, spec]) => [
      userId,
      {
        tenant,
        userId,
        name: userId,
        email: `${userId}@example.test`,
        timezone: spec.timezone ?? 'Europe/Rome',
        locale: 'it',
        role: spec.role ?? 'standard',
        groups: spec.groups ?? [],
        active: spec.active ?? true,
      },
    ]),
  );
  const groupProfiles = new Map<string, GroupProfile>(Object.entries(groups).map(([groupId, members]) => [groupId, { tenant, groupId, name: groupId, members }]));
  return {
    user: async (t, userId) => (t === tenant ? profiles.get(userId) : undefined),
    group: async (t, groupId) => (t === tenant ? groupProfiles.get(groupId) : undefined),
    users: async (t) => (t === tenant ? [...profiles.values()] : []),
    tenants: async () => [tenant],
  };
};

/** Several tenants' directories behind one port (each test adds its own tenant). */
export const peopleOfTenants = () => {
  const byTenant = new Map<string, PeopleDirectory>();
  const of = (tenant: string) => byTenant.get(tenant);
  const directory: PeopleDirectory = {
    user: async (tenant, userId) => of(tenant)?.user(tenant, userId),
    group: async (tenant, groupId) => of(tenant)?.group(tenant, groupId),
    users: async (tenant) => (await of(tenant)?.users(tenant)) ?? [],
    tenants: async () => [...byTenant.keys()],
  };
  return {
    directory,
    add: (tenant: string, users: Record<string, PersonSpec>, groups: Record<string, readonly string[]> = {}) =>
      byTenant.set(tenant, memoryPeople(tenant, users, groups)),
  };
};
