import type { Dependencies } from '../functions/shared/dependencies.ts';
import { provisionGroup, provisionUser, type Provisioned } from '../application/administration/provision-people.ts';
import { seedTenants } from './seed.ts';

/**
 * Registers the seed's users and groups (local/seed.ts) through the administration commands, so the
 * demo tenants have profiles with timezone and locale. Idempotent: `npm start` runs it every time and
 * leaves existing users and groups as they are (changes made through the API survive a restart).
 */
export const provisionSeedPeople = async (dependencies: Dependencies): Promise<{ created: number; existed: number }> => {
  // In parallel (each its own stream): start-up waits for one round of commits, not nine.
  const outcomes: Provisioned[] = await Promise.all(
    seedTenants.flatMap((tenant) =>
      tenant.users.map(({ userId, name, email, timezone, locale, role }) =>
        provisionUser(dependencies, tenant.id, { userId, name, email, timezone, locale, role }),
      ),
    ),
  );
  // Groups after their members, as an administrator would.
  outcomes.push(
    ...(await Promise.all(
      seedTenants.flatMap((tenant) =>
        tenant.groups.map((group) => {
          const members = tenant.users.filter((user) => user.groups.includes(group.id)).map((user) => user.userId);
          return provisionGroup(dependencies, tenant.id, { groupId: group.id, name: group.name, members });
        }),
      ),
    )),
  );
  return {
    created: outcomes.filter((o) => o === 'created').length,
    existed: outcomes.filter((o) => o === 'existed').length,
  };
};
