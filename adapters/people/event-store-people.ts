import type { EventStorePort } from '../../application/ports/event-store.ts';
import { groupDecider } from '../../domain/access/group.ts';
import type { PeopleDirectory, PeopleOfRecord } from '../../domain/access/people.ts';
import { userDecider } from '../../domain/access/user.ts';
import { loadState } from '../../application/shared/load-state.ts';

/**
 * `PeopleOfRecord` over the users' and groups' own streams (strongly consistent queries): the
 * command-side check of a user or group id. The people read model (`ReadModelPeopleDirectory`) stays
 * for reads such as calendars, where a moment's lag is harmless.
 */
export class EventStorePeople implements PeopleOfRecord {
  readonly #store: EventStorePort;

  constructor(store: EventStorePort) {
    this.#store = store;
  }

  async activeUser(tenant: string, userId: string): Promise<boolean> {
    const { state } = await loadState(this.#store, tenant, 'user', userId, userDecider);
    return state !== null && state.active;
  }

  async group(tenant: string, groupId: string): Promise<boolean> {
    const { state } = await loadState(this.#store, tenant, 'group', groupId, groupDecider);
    return state !== null;
  }
}

/** A `PeopleDirectory` answering as `PeopleOfRecord` (tests that keep their people in memory). */
export const peopleOfRecordFrom = (directory: PeopleDirectory): PeopleOfRecord => ({
  activeUser: async (tenant, userId) => (await directory.user(tenant, userId))?.active ?? false,
  group: async (tenant, groupId) => (await directory.group(tenant, groupId)) !== undefined,
});
