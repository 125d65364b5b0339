import type { StoredEvent } from '../../events/envelope.ts';
import type { GroupEvent } from '../../events/administration/group-events.ts';
import type { UserEvent } from '../../events/administration/user-events.ts';
import { groupDecider, type Group } from '../../domain/access/group.ts';
import { userDecider, type User } from '../../domain/access/user.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * The people read model (what `PeopleDirectory` and the user/group lists read). Keys:
 * - a user: pk `<tenant>#user#<id>`, sk `profile`; gsi1 `<tenant>#users` sorted by folded name;
 * - a group: pk `<tenant>#group#<id>`, sk `profile`; gsi1 `<tenant>#groups` sorted by folded name;
 * - a membership (satellite of the group): pk `<tenant>#user#<member>`, sk `group#<groupId>`, so one
 *   Query on a user's partition returns the profile and the groups it belongs to;
 * - the tenant index (satellite of every user): pk `$people#tenants`, sk `<tenant>` — one small
 *   partition with one item per tenant that has users, for jobs that walk every tenant. `$` cannot
 *   start a tenant id (functions/http/auth.ts), so no tenant's keys, nor a one-tenant rebuild's
 *   sweep (which matches `<tenant>#`), ever reach it. Users are never deleted (only deactivated), so
 *   the shared item never disappears under another user.
 * Rows are the domain state, folded by the domain's own `evolve`.
 */
export const peopleKeys = {
  user: (tenant: string, userId: string) => ({ pk: `${tenant}#user#${userId}`, sk: 'profile' }),
  group: (tenant: string, groupId: string) => ({ pk: `${tenant}#group#${groupId}`, sk: 'profile' }),
  users: (tenant: string) => `${tenant}#users`,
  groups: (tenant: string) => `${tenant}#groups`,
  membershipPrefix: 'group#',
  tenants: '$people#tenants',
};

/** Sort key: accents and case folded, the id appended so that namesakes keep a stable order. */
const byName = (name: string, id: string): string => `${name.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und')}#${id}`;

const pick = <R>(item: Record<string, unknown>, fields: readonly string[]): R =>
  Object.fromEntries(fields.map((field) => [field, item[field]])) as R;

const userFields = ['id', 'name', 'email', 'timezone', 'locale', 'role', 'active', 'registeredAt', 'updatedAt'] as const satisfies readonly (keyof User)[];
const groupFields = ['id', 'name', 'members', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof Group)[];

export const userProfileProjection: Projection<User> = {
  name: 'user-profile',
  aggregateType: 'user',
  evolve: (row, event: StoredEvent) => userDecider.evolve(row, { ...(event as StoredEvent & UserEvent), actor: event.meta.actor }),
  key: peopleKeys.user,
  toItem(tenant, id, row, version): ReadItem {
    return {
      ...peopleKeys.user(tenant, id),
      version,
      aggregateType: 'user',
      aggregateId: id,
      tenant,
      ...row,
      gsi1pk: peopleKeys.users(tenant),
      gsi1sk: byName(row.name, id),
    };
  },
  fromItem: (item) => pick<User>(item, userFields),
  // The same item from every user of the tenant (no user id in it), so live and rebuilt agree
  // whichever user wrote it last; a rebuild's sweep deletes it only when no user produces it.
  satellites: (tenant) => [{ pk: peopleKeys.tenants, sk: tenant, version: 0, aggregateType: 'user', aggregateId: '$any', tenant }],
};

export const groupProfileProjection: Projection<Group> = {
  name: 'group-profile',
  aggregateType: 'group',
  evolve: (row, event: StoredEvent) => groupDecider.evolve(row, { ...(event as StoredEvent & GroupEvent), actor: event.meta.actor }),
  key: peopleKeys.group,
  toItem(tenant, id, row, version): ReadItem {
    return {
      ...peopleKeys.group(tenant, id),
      version,
      aggregateType: 'group',
      aggregateId: id,
      tenant,
      ...row,
      gsi1pk: peopleKeys.groups(tenant),
      gsi1sk: byName(row.name, id),
    };
  },
  fromItem: (item) => pick<Group>(item, groupFields),
  satellites: (tenant, id, row) =>
    row.members.map((member) => ({
      ...peopleKeys.user(tenant, member),
      sk: `${peopleKeys.membershipPrefix}${id}`,
      version: 0,
      aggregateType: 'group',
      aggregateId: id,
      tenant,
      groupId: id,
    })),
};
