import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { roleScope } from '../contract/api-client-scopes.ts';
import type { Role } from '../domain/shared/actor.ts';

/**
 * The local stand-in for the Cognito app clients of API clients: what the local token endpoint
 * (local/oauth-token-endpoint.ts) authenticates against — the client id, the secret's SHA-256 (the
 * secret itself is shown once, at registration, never stored), the scopes it may request, and the
 * audiences the local authorizer accepts. `POST /v1/api-clients` registers here through the local
 * issuer (local/api-client-issuer.ts), as the deployed one creates a Cognito app client. The grant
 * the API checks on every request (tenant, role, revoked) is NOT this: it is the event store's
 * private item, as deployed (EventStoreApiClientGrants, docs/api-clients.md).
 */

export interface LocalApiClient {
  readonly clientId: string;
  readonly tenant: string;
  readonly role: Role;
  readonly name: string;
  /** SHA-256 (base64url) of the secret: 256 random bits need no slow hash. */
  readonly secretHash: string;
  readonly revoked: boolean;
}

export interface ApiClientStore {
  load(): LocalApiClient[];
  save(clients: readonly LocalApiClient[]): void;
}

/** The clients in one JSON file, readable by the owner only (the local data directory). */
export const fileApiClientStore = (path: string): ApiClientStore => ({
  load: () => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LocalApiClient[]) : []),
  save(clients) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  },
});

export const memoryApiClientStore = (): ApiClientStore => {
  let clients: LocalApiClient[] = [];
  return { load: () => clients, save: (next) => void (clients = [...next]) };
};

const hashOf = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('base64url');

const sameHash = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Like a Cognito app client id: 26 characters of `[a-z0-9]`. */
const newClientId = (): string => Array.from({ length: 26 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)]).join('');

export interface RegisteredClient {
  readonly clientId: string;
  /** Shown once. */
  readonly clientSecret: string;
}

export class LocalApiClientRegistry {
  private readonly store: ApiClientStore;

  constructor(store: ApiClientStore) {
    this.store = store;
  }

  register(input: { readonly tenant: string; readonly role: Role; readonly name: string }): RegisteredClient {
    const clientId = newClientId();
    const clientSecret = randomBytes(32).toString('base64url');
    this.store.save([...this.store.load(), { clientId, ...input, secretHash: hashOf(clientSecret), revoked: false }]);
    return { clientId, clientSecret };
  }

  /** Marks the client revoked: no new token, and the API refuses the tokens it already has. */
  revoke(clientId: string): boolean {
    const clients = this.store.load();
    if (!clients.some((client) => client.clientId === clientId)) return false;
    this.store.save(clients.map((client) => (client.clientId === clientId ? { ...client, revoked: true } : client)));
    return true;
  }

  /** The client if the id and secret match and it is not revoked (one answer for all three failures). */
  authenticate(clientId: string, clientSecret: string): LocalApiClient | undefined {
    const client = this.store.load().find((candidate) => candidate.clientId === clientId);
    // Hash even for an unknown id, so the answer takes the same time.
    const matches = sameHash(hashOf(clientSecret), client?.secretHash ?? hashOf(`${clientSecret}\u0000`));
    return client && matches && !client.revoked ? client : undefined;
  }

  /** The scopes the client may request (Cognito: the app client's allowed OAuth scopes). */
  allowedScopes(client: LocalApiClient): readonly string[] {
    return [roleScope(client.role)];
  }

  /**
   * The ids the local authorizer accepts as `client_id` (the deployed authorizer's audience list).
   * Revoked clients stay in it: the API's own check of the grant is what refuses them at once.
   */
  audiences(): readonly string[] {
    return this.store.load().map((client) => client.clientId);
  }
}
