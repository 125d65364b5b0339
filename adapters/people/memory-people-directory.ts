import type { GroupProfile, PeopleDirectory, UserProfile } from '../../domain/access/people.ts';

/** People held in memory: tests, benches and the local cloud's seed users (until administration's read model). */
export class MemoryPeopleDirectory implements PeopleDirectory {
  readonly #users = new Map<string, UserProfile>();
  readonly #groups = new Map<string, GroupProfile>();

  constructor(people: { users?: readonly UserProfile[]; groups?: readonly GroupProfile[] } = {}) {
    for (const user of people.users ?? []) this.putUser(user);
    for (const group of people.groups ?? []) this.putGroup(group);
  }

  putUser(user: UserProfile): void {
    this.#users.set(`${user.tenant}#${user.userId}`, user);
  }

  putGroup(group: GroupProfile): void {
    this.#groups.set(`${group.tenant}#${group.groupId}`, group);
  }

  async user(tenant: string, userId: string): Promise<UserProfile | undefined> {
    return this.#users.get(`${tenant}#${userId}`);
  }

  async group(tenant: string, groupId: string): Promise<GroupProfile | undefined> {
    return this.#groups.get(`${tenant}#${groupId}`);
  }

  async users(tenant: string): Promise<UserProfile[]> {
    return [...this.#users.values()].filter((user) => user.tenant === tenant);
  }

  async tenants(): Promise<string[]> {
    return [...new Set([...this.#users.values()].map((user) => user.tenant))];
  }
}
