import type { Locale } from '../../domain/access/people.ts';
import type { Role } from '../../domain/shared/actor.ts';
import { provisionGroup, provisionUser } from '../../application/administration/provision-people.ts';
import { testDependencies } from './dynamo.ts';

/**
 * Registers a user (or a group) of a test tenant under the id its token uses (`stack.token(userId,
 * …)`), through the administration commands — for tests that need profiles (timezone, locale) or
 * registered members. Idempotent. The people read model follows through the projector (wait with
 * `eventually` when reading it through `PeopleDirectory` or the lists).
 */
export const registerUser = (
  tenant: string,
  userId: string,
  profile: { name?: string; email?: string; timezone?: string; locale?: Locale; role?: Role } = {},
) =>
  provisionUser(testDependencies(), tenant, {
    userId,
    name: profile.name ?? userId,
    email: profile.email ?? `${userId}@${tenant}.example.com`,
    timezone: profile.timezone ?? 'Europe/Rome',
    locale: profile.locale ?? 'en',
    role: profile.role ?? 'standard',
  });

export const registerGroup = (tenant: string, groupId: string, members: readonly string[] = [], name = groupId) =>
  provisionGroup(testDependencies(), tenant, { groupId, name, members });
