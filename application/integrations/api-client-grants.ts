import type { ApiClientGrant, ApiClientGrants } from '../ports/api-client-grants.ts';
import type { EventStorePort, PrivateValue } from '../ports/event-store.ts';
import { roles, type Role } from '../../domain/shared/actor.ts';

/** The private item scope of API client grants (global: the token names no tenant). */
export const apiClientGrantScope = 'api-client';

/** The grant item's value: the tenant is the commit's own (PrivateItem.tenant), not repeated here. */
export const grantValue = (role: Role, revoked: boolean): PrivateValue => ({ role, revoked });

const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);

/**
 * The grants the HTTP edge reads for client-credentials tokens: the `api-client` private item written
 * with ApiClientCreated (mode create) and re-put revoked with ApiClientRevoked (mode replace), read
 * strongly consistent on every request, so a revocation holds from the next request on.
 */
export class EventStoreApiClientGrants implements ApiClientGrants {
  private readonly eventStore: EventStorePort;
  private readonly now: () => string;

  constructor(eventStore: EventStorePort, now: () => string) {
    this.eventStore = eventStore;
    this.now = now;
  }

  async find(clientId: string): Promise<ApiClientGrant | undefined> {
    // Private ids may not contain '#'; such an id names no client (and must not reach the key).
    if (clientId.includes('#')) return undefined;
    const item = await this.eventStore.readPrivateItem({ scope: apiClientGrantScope, id: clientId }, this.now());
    if (!item || !isRole(item.value['role'])) return undefined;
    return { clientId, tenant: item.tenant, role: item.value['role'], revoked: item.value['revoked'] === true };
  }
}
