import { idempotencyTtlSeconds, type PrivateItemKey, type PrivateItemPut } from '../ports/event-store.ts';

/**
 * An API client's secret, kept for the day its creation's answer can be replayed (same
 * Idempotency-Key, same body) and no longer: private item `api-client-secret`
 * (`<tenant>#$api-client-secret#<clientId>`), readable by the integrations API only (IAM,
 * infra/constructs/event-store.ts). The idempotency record names it instead of holding the secret
 * (docs/api-clients.md "Secrets"). In AWS Cognito holds the secret; locally the registry keeps only
 * its hash: this item is the one copy the API keeps, and only for the replay.
 */
export const apiClientSecretScope = 'api-client-secret';

/**
 * The item outlives the idempotency record by a minute: the record's expiry is counted in whole
 * seconds from the commit, so a replay in the record's last second still finds the secret.
 */
const keptSeconds = idempotencyTtlSeconds + 60;

export const apiClientSecretItem = (tenant: string, clientId: string): PrivateItemKey => ({ scope: apiClientSecretScope, tenant, id: clientId });

/** Written in the creation's commit (`at`): a second creation of the same client id fails the commit. */
export const keptClientSecret = (clientId: string, clientSecret: string, at: string): PrivateItemPut => ({
  scope: apiClientSecretScope,
  id: clientId,
  value: { clientSecret },
  mode: 'create',
  expiresAt: new Date(Date.parse(at) + keptSeconds * 1000).toISOString(),
});

/** Written in the revocation's commit: the value erased and the item gone from `at` on (TTL removes it later). */
export const erasedClientSecret = (clientId: string, at: string): PrivateItemPut => ({
  scope: apiClientSecretScope,
  id: clientId,
  value: { clientSecret: null },
  mode: 'replace',
  expiresAt: at,
});
