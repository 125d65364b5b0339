import type { IndexQuery, ReadModelStore } from '../dynamodb/read-model-store.ts';
import type { Group } from '../../domain/access/group.ts';
import type { GroupProfile, PeopleDirectory, UserProfile } from '../../domain/access/people.ts';
import type { User } from '../../domain/access/user.ts';
import { groupProfileProjection, peopleKeys, userProfileProjection } from '../../projections/administration/people.ts';

/** Every item of one key or index partition, page after page (people partitions are small). */
const queryAll = async (store: ReadModelStore, query: Omit<IndexQuery, 'limit' | 'newestFirst' | 'startKey'>) => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.query({ ...query, newestFirst: false, limit: 1000, ...(startKey ? { startKey } : {}) });
    items.push(...page.items);
    startKey = page.lastKey;
  } while (startKey);
  return items;
};

const profileOf = (tenant: string, user: User, groups: readonly string[]): UserProfile => ({
  tenant,
  userId: user.id,
  name: user.name,
  email: user.email,
  timezone: user.timezone,
  locale: user.locale,
  role: user.role,
  groups,
  active: user.active,
});

const groupProfileOf = (tenant: string, group: Group): GroupProfile => ({
  tenant,
  groupId: group.id,
  name: group.name,
  members: group.members,
});

/**
 * `PeopleDirectory` over the people read model (projections/administration/people.ts): every read
 * is a key lookup or an index query, never a scan. Eventually consistent like every read model: a
 * user registered a moment ago may take the projection's lag to appear.
 */
export class ReadModelPeopleDirectory implements PeopleDirectory {
  readonly #store: ReadModelStore;

  constructor(store: ReadModelStore) {
    this.#store = store;
  }

  /** One Query on the user's partition: the profile and its group memberships together. */
  async user(tenant: string, userId: string): Promise<UserProfile | undefined> {
    const items = await queryAll(this.#store, {
      index: undefined,
      partitionKey: { name: 'pk', value: peopleKeys.user(tenant, userId).pk },
    });
    const profile = items.find((item) => item.sk === 'profile');
    if (!profile) return undefined;
    const groups = items.filter((item) => String(item.sk).startsWith(peopleKeys.membershipPrefix)).map((item) => String(item.groupId));
    return profileOf(tenant, userProfileProjection.fromItem(profile), groups);
  }

  async group(tenant: string, groupId: string): Promise<GroupProfile | undefined> {
    const item = await this.#store.get(peopleKeys.group(tenant, groupId));
    return item ? groupProfileOf(tenant, groupProfileProjection.fromItem(item)) : undefined;
  }

  /** Two index queries (the tenant's users, its groups), joined here; sorted by name. */
  async users(tenant: string): Promise<UserProfile[]> {
    const [users, groups] = await Promise.all([
      queryAll(this.#store, { index: 'gsi1', partitionKey: { name: 'gsi1pk', value: peopleKeys.users(tenant) } }),
      queryAll(this.#store, { index: 'gsi1', partitionKey: { name: 'gsi1pk', value: peopleKeys.groups(tenant) } }),
    ]);
    const groupsOf = new Map<string, string[]>();
    for (const group of groups.map((item) => groupProfileProjection.fromItem(item))) {
      for (const member of group.members) groupsOf.set(member, [...(groupsOf.get(member) ?? []), group.id]);
    }
    return users.map((item) => {
      const user = userProfileProjection.fromItem(item);
      return profileOf(tenant, user, groupsOf.get(user.id) ?? []);
    });
  }

  /** The small dedicated partition with one item per tenant that has users. */
  async tenants(): Promise<string[]> {
    const items = await queryAll(this.#store, { index: undefined, partitionKey: { name: 'pk', value: peopleKeys.tenants } });
    return items.map((item) => String(item.sk));
  }
}
