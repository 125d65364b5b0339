import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ApiClientIssuer, IssuedApiClient } from '../../application/ports/api-client-issuer.ts';
import { awsClient } from '../aws/instrument-client.ts';

/** Environment of the function that manages API clients (set by infra/). */
export const apiClientIssuerEnv = {
  /** The user pool holding the `cronaca` resource server and the API clients' app clients. */
  userPoolId: 'USER_POOL_ID',
  /** The pool domain's token endpoint (`https://<domain>/oauth2/token`), shown in the creation answer. */
  tokenUrl: 'API_CLIENT_TOKEN_URL',
} as const;

/** Cognito's ClientName allows `[\w\s+=,.@-]`, 1 to 128 characters: anything else becomes `-`. */
export const cognitoClientName = (name: string): string => `cronaca-api-${name}`.replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128);

/** Access tokens live one hour (Cognito's default); a revoked client is refused earlier anyway (the grant). */
const accessTokenMinutes = 60;

/**
 * API clients as Cognito app clients (docs/api-clients.md): a confidential client (a secret), the
 * client-credentials flow only, allowed the role's scope only (`cronaca/role.<role>`, the resource
 * server in infra/constructs/identity.ts). Cognito keeps the secret; it is returned once here.
 * IAM: `cognito-idp:CreateUserPoolClient` and `cognito-idp:DeleteUserPoolClient` on this pool.
 */
export class CognitoApiClientIssuer implements ApiClientIssuer {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;
  readonly tokenUrl: string;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string, tokenUrl: string) {
    this.client = client;
    this.userPoolId = userPoolId;
    this.tokenUrl = tokenUrl;
  }

  async create(input: { readonly name: string; readonly scopes: readonly string[] }): Promise<IssuedApiClient> {
    const created = await this.client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: this.userPoolId,
        ClientName: cognitoClientName(input.name),
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: [...input.scopes],
        // No user sign-in of any kind: only the token endpoint's client-credentials grant.
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: accessTokenMinutes,
        TokenValidityUnits: { AccessToken: 'minutes' },
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      }),
    );
    const clientId = created.UserPoolClient?.ClientId;
    const clientSecret = created.UserPoolClient?.ClientSecret;
    if (!clientId || !clientSecret) throw new Error('Cognito created an app client without an id or a secret');
    return { clientId, clientSecret };
  }

  async delete(clientId: string): Promise<void> {
    try {
      await this.client.send(new DeleteUserPoolClientCommand({ UserPoolId: this.userPoolId, ClientId: clientId }));
    } catch (error) {
      // Already gone (a retried revocation, a compensation after a failed commit): nothing left to do.
      if (error instanceof ResourceNotFoundException) return;
      throw error;
    }
  }
}

/** `{ apiClientIssuer }` when USER_POOL_ID is set (the deployed function), else nothing. */
export const cognitoApiClientIssuerFromEnv = (env: NodeJS.ProcessEnv = process.env): { apiClientIssuer?: ApiClientIssuer } => {
  const userPoolId = env[apiClientIssuerEnv.userPoolId];
  if (!userPoolId) return {};
  return { apiClientIssuer: new CognitoApiClientIssuer(awsClient(new CognitoIdentityProviderClient({})), userPoolId, env[apiClientIssuerEnv.tokenUrl] ?? '') };
};
