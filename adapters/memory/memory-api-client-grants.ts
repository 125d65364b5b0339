import type { ApiClientGrant, ApiClientGrants } from '../../application/ports/api-client-grants.ts';

/** Grants held in memory: tests, and the local issuer's registry until the api-clients store exists. */
export class MemoryApiClientGrants implements ApiClientGrants {
  private readonly grants = new Map<string, ApiClientGrant>();

  constructor(initial: readonly ApiClientGrant[] = []) {
    for (const grant of initial) this.put(grant);
  }

  put(grant: ApiClientGrant): void {
    this.grants.set(grant.clientId, grant);
  }

  revoke(clientId: string): void {
    const grant = this.grants.get(clientId);
    if (grant) this.grants.set(clientId, { ...grant, revoked: true });
  }

  async find(clientId: string): Promise<ApiClientGrant | undefined> {
    return this.grants.get(clientId);
  }
}
