import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { UserAccess, UserAccessState } from '../../application/ports/user-access.ts';
import type { PeopleDirectory } from '../../domain/access/people.ts';
import { loadState } from '../../application/shared/load-state.ts';
import { userDecider } from '../../domain/access/user.ts';
import { InvalidKeyPartError } from '../dynamodb/event-keys.ts';

/** Environment: `true` where only users of record may act (set by infra/constructs/user-directory.ts). */
export const usersOfRecordOnlyEnv = 'USERS_OF_RECORD_ONLY';

/**
 * A user's access from their own stream: one strongly consistent Query of a partition of a few small
 * events (registration, a profile or role change, a deactivation) — 1 read unit (≤ 4 KB) per request;
 * with `people`, their groups from the people read model, read at the same time (one Query of the user's read-model partition).
 */
export class EventStoreUserAccess implements UserAccess {
  readonly #store: EventStorePort;
  readonly #people: PeopleDirectory | undefined;
  readonly usersOfRecordOnly: boolean;

  constructor(store: EventStorePort, options: { readonly usersOfRecordOnly?: boolean; readonly people?: PeopleDirectory } = {}) {
    this.#store = store;
    this.#people = options.people;
    this.usersOfRecordOnly = options.usersOfRecordOnly ?? false;
  }

  async find(tenant: string, userId: string): Promise<UserAccessState | undefined> {
    try {
      const [{ state }, profile] = await Promise.all([
        loadState(this.#store, tenant, 'user', userId, userDecider),
        this.#people ? this.#people.user(tenant, userId) : Promise.resolve(undefined),
      ]);
      if (state === null) return undefined;
      return { role: state.role, active: state.active, ...(this.#people ? { groups: profile?.groups ?? [] } : {}) };
    } catch (error) {
      // A `sub` that cannot be a record id names no user of record.
      if (error instanceof InvalidKeyPartError) return undefined;
      throw error;
    }
  }
}
