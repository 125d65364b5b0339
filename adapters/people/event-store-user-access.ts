import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { UserAccess, UserAccessState } from '../../application/ports/user-access.ts';
import { loadState } from '../../application/shared/load-state.ts';
import { userDecider } from '../../domain/access/user.ts';
import { InvalidKeyPartError } from '../dynamodb/event-keys.ts';

/** Environment: `true` where only users of record may act (set by infra/constructs/user-directory.ts). */
export const usersOfRecordOnlyEnv = 'USERS_OF_RECORD_ONLY';

/**
 * A user's access from their own stream: one strongly consistent Query of a partition of a few small
 * events (registration, a profile or role change, a deactivation) — 1 read unit (≤ 4 KB) per request.
 */
export class EventStoreUserAccess implements UserAccess {
  readonly #store: EventStorePort;
  readonly usersOfRecordOnly: boolean;

  constructor(store: EventStorePort, options: { readonly usersOfRecordOnly?: boolean } = {}) {
    this.#store = store;
    this.usersOfRecordOnly = options.usersOfRecordOnly ?? false;
  }

  async find(tenant: string, userId: string): Promise<UserAccessState | undefined> {
    try {
      const { state } = await loadState(this.#store, tenant, 'user', userId, userDecider);
      return state === null ? undefined : { role: state.role, active: state.active };
    } catch (error) {
      // A `sub` that cannot be a record id names no user of record.
      if (error instanceof InvalidKeyPartError) return undefined;
      throw error;
    }
  }
}
