import type { Role } from '../../domain/shared/actor.ts';

/**
 * What the API knows of an API client (an integration's OAuth 2.0 client-credentials identity): the
 * tenant it acts in, the role it acts with, and whether it was revoked. A client-credentials access
 * token carries none of this (Cognito puts no custom attributes into it: `sub` = `client_id`, `scope`,
 * `token_use: access`), so the HTTP edge looks the grant up by `client_id` on every request —
 * strongly consistent, so a revocation or a role change holds from the next request on, not when the
 * token expires. docs/api-clients.md.
 */
export interface ApiClientGrant {
  readonly clientId: string;
  readonly tenant: string;
  readonly role: Role;
  readonly revoked: boolean;
}

export interface ApiClientGrants {
  /** The grant of a client id (unique across tenants), or undefined when no client has that id. */
  find(clientId: string): Promise<ApiClientGrant | undefined>;
}

/** No client is known: every client-credentials token is refused (a store not plugged in yet). */
export const noApiClientGrants: ApiClientGrants = { find: async () => undefined };
