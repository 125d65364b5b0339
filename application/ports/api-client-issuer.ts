/**
 * The identity provider's side of API clients (docs/api-clients.md): an OAuth 2.0 client-credentials
 * app client with a secret, allowed to request the given scopes. Cognito in AWS
 * (adapters/identity/cognito-api-client-issuer.ts), the local registry behind the local token endpoint
 * (local/api-client-issuer.ts). The provider keeps the secret; the API shows it once and never stores it.
 */
export interface IssuedApiClient {
  readonly clientId: string;
  /** Shown once, in the creation answer. */
  readonly clientSecret: string;
}

export interface ApiClientIssuer {
  /** Creates the app client (its name is for the provider's console only). */
  create(input: { readonly name: string; readonly scopes: readonly string[] }): Promise<IssuedApiClient>;
  /** Deletes the app client: no new tokens. A client already gone is not an error (retries, compensation). */
  delete(clientId: string): Promise<void>;
  /** Where the client gets tokens (`POST`, client credentials): shown in the creation answer. */
  readonly tokenUrl: string;
}

/** No provider configured: creating a client fails (the deployment wires Cognito, `npm start` the local one). */
export const noApiClientIssuer: ApiClientIssuer = {
  create: async () => {
    throw new Error('no identity provider for API clients is configured (USER_POOL_ID)');
  },
  delete: async () => undefined,
  tokenUrl: '',
};
