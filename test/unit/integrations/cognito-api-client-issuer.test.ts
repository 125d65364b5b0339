import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  InternalErrorException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoApiClientIssuer, cognitoApiClientIssuerFromEnv, cognitoClientName } from '../../../adapters/identity/cognito-api-client-issuer.ts';

/** The Cognito issuer of API clients, against a mocked Cognito (no local engine for Cognito). */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const issuer = () => new CognitoApiClientIssuer(new CognitoIdentityProviderClient({ region: 'eu-south-1' }), 'eu-south-1_Pool', 'https://auth.example.com/oauth2/token');

describe('the Cognito API client issuer', () => {
  it('creates a confidential client-credentials app client allowed only the given scope, and returns id and secret', async () => {
    cognito.on(CreateUserPoolClientCommand).resolves({ UserPoolClient: { ClientId: 'abc123', ClientSecret: 's3cr3t' } });
    expect(await issuer().create({ name: 'ERP sync', scopes: ['cronaca/role.manager'] })).toEqual({ clientId: 'abc123', clientSecret: 's3cr3t' });
    const [call] = cognito.commandCalls(CreateUserPoolClientCommand);
    expect(call!.args[0].input).toMatchObject({
      UserPoolId: 'eu-south-1_Pool',
      ClientName: 'cronaca-api-ERP sync',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['cronaca/role.manager'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('fails when Cognito answers without a secret (nothing half-made is returned)', async () => {
    cognito.on(CreateUserPoolClientCommand).resolves({ UserPoolClient: { ClientId: 'abc123' } });
    await expect(issuer().create({ name: 'x', scopes: ['cronaca/role.admin'] })).rejects.toThrow(/secret/);
  });

  it('deletes the app client; one already gone is no error, another failure is', async () => {
    cognito.on(DeleteUserPoolClientCommand).resolvesOnce({}).rejectsOnce(new ResourceNotFoundException({ message: 'gone', $metadata: {} })).rejectsOnce(new InternalErrorException({ message: 'boom', $metadata: {} }));
    await issuer().delete('abc123');
    await issuer().delete('abc123');
    await expect(issuer().delete('abc123')).rejects.toThrow(/boom/);
    expect(cognito.commandCalls(DeleteUserPoolClientCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-south-1_Pool', ClientId: 'abc123' });
  });

  it('names the app client within Cognito’s alphabet and length', () => {
    expect(cognitoClientName('Sync → ERP/“main”')).toBe('cronaca-api-Sync - ERP--main-');
    expect(cognitoClientName('x'.repeat(200))).toHaveLength(128);
  });

  it('is configured from USER_POOL_ID (and the token URL), absent without it', () => {
    expect(cognitoApiClientIssuerFromEnv({})).toEqual({});
    const { apiClientIssuer } = cognitoApiClientIssuerFromEnv({ USER_POOL_ID: 'eu-south-1_Pool', API_CLIENT_TOKEN_URL: 'https://auth.example.com/oauth2/token' });
    expect(apiClientIssuer?.tokenUrl).toBe('https://auth.example.com/oauth2/token');
  });
});
