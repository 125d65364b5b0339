import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryApiClientGrants } from '../../../adapters/memory/memory-api-client-grants.ts';
import { actorFrom } from '../../../functions/http/auth.ts';
import { cognitoTokenVerifier } from '../../../adapters/identity/cognito-token-verifier.ts';
import { createAuthorizer } from '../../../functions/http/authorizer.ts';

/**
 * The Lambda authorizer over the real `aws-jwt-verify` Cognito verifier (adapters/identity/cognito-token-verifier.ts), with no network: the pool's
 * JWKS is a locally generated RSA key handed to the verifier's cache (`cacheJwks`), and the tokens
 * are signed here with Cognito's claims. Then the context it returns, read by `actorFrom`, gives the
 * same actor as the JWT authorizer's claims did.
 */

const userPoolId = 'eu-south-1_TestPool1';
const issuer = `https://cognito-idp.eu-south-1.amazonaws.com/${userPoolId}`;
const webClientId = 'webclient123';
const kid = 'test-key';
const now = () => Math.floor(Date.now() / 1000);
/** The function's clock, the authorizer's instant. */
const clock = () => new Date(now() * 1000).toISOString();

let privateKey: CryptoKey;
let otherKey: CryptoKey;
let authorize: ReturnType<typeof createAuthorizer>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const verifier = cognitoTokenVerifier(userPoolId);
  verifier.cacheJwks({ keys: [jwk as never] });
  authorize = createAuthorizer(verifier, webClientId);
});

const sign = (claims: Record<string, unknown>, options: { key?: CryptoKey; iss?: string; expiresIn?: number } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(options.iss ?? issuer)
    .setIssuedAt(now() - 10)
    .setExpirationTime(now() + (options.expiresIn ?? 3600))
    .sign(options.key ?? privateKey);

const idToken = (over: Record<string, unknown> = {}, options = {}) =>
  sign({ sub: 'olga', aud: webClientId, token_use: 'id', 'custom:tenant': 'acme', 'custom:role': 'manager', 'cognito:groups': ['sales', 'north'], auth_time: now(), ...over }, options);
const accessToken = (clientId: string, scope: string, over: Record<string, unknown> = {}) =>
  sign({ sub: clientId, client_id: clientId, token_use: 'access', scope, version: 2, jti: 'j1', auth_time: now(), ...over });

const request = (authorization: string | undefined) => ({ headers: authorization === undefined ? {} : { authorization }, identitySource: authorization ? [authorization] : [] });
const refused = async (authorization: string | undefined) => expect(authorize(request(authorization))).rejects.toThrow(/^Unauthorized$/);

/** The function's event with the authorizer's context, as HTTP API hands it over (`authorizer.lambda`). */
const withContext = (context: Record<string, string>) =>
  ({ requestContext: { authorizer: { lambda: context } } }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('the Lambda authorizer', () => {
  it("accepts a web client's ID token and passes its claims as strings (groups as API Gateway renders them)", async () => {
    const result = await authorize(request(`Bearer ${await idToken()}`));
    expect(result.isAuthorized).toBe(true);
    expect(result.context).toMatchObject({ sub: 'olga', token_use: 'id', 'custom:tenant': 'acme', 'custom:role': 'manager', 'cognito:groups': '[sales north]', aud: webClientId });
    for (const value of Object.values(result.context)) expect(typeof value).toBe('string');
  });

  it('gives actorFrom the same user as the JWT authorizer did', async () => {
    const { context } = await authorize(request(`Bearer ${await idToken()}`));
    const actor = await actorFrom(withContext(context), () => new MemoryApiClientGrants([]), clock);
    expect(actor).toEqual({ tenant: 'acme', userId: 'olga', role: 'manager', groups: ['sales', 'north'] });
  });

  it('accepts an access token of any app client of the pool; the function then checks the grant (client:<id>, or 401 when unknown or revoked)', async () => {
    const { context } = await authorize(request(`Bearer ${await accessToken('newclient26', 'cronaca/role.standard')}`));
    expect(context).toMatchObject({ sub: 'newclient26', client_id: 'newclient26', token_use: 'access', scope: 'cronaca/role.standard' });
    const grants = new MemoryApiClientGrants([{ clientId: 'newclient26', tenant: 'acme', role: 'standard', revoked: false }]);
    expect(await actorFrom(withContext(context), () => grants, clock)).toEqual({ tenant: 'acme', userId: 'client:newclient26', role: 'standard', groups: [] });
    const revoked = new MemoryApiClientGrants([{ clientId: 'newclient26', tenant: 'acme', role: 'standard', revoked: true }]);
    await expect(actorFrom(withContext(context), () => revoked, clock)).rejects.toMatchObject({ status: 401 });
    await expect(actorFrom(withContext(context), () => new MemoryApiClientGrants([]), clock)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses an ID token of another app client, a token of another pool, a forged or expired one', async () => {
    await refused(`Bearer ${await idToken({ aud: 'someotherclient' })}`);
    await refused(`Bearer ${await idToken({}, { iss: 'https://cognito-idp.eu-south-1.amazonaws.com/eu-south-1_Other' })}`);
    await refused(`Bearer ${await idToken({}, { key: otherKey })}`);
    await refused(`Bearer ${await idToken({}, { expiresIn: -60 })}`);
    await refused(`Bearer ${await accessToken('c1', 'cronaca/role.admin', { token_use: 'refresh' })}`);
  });

  it('refuses no token, an empty one, garbage and another scheme', async () => {
    await refused(undefined);
    await refused('');
    await refused('Bearer ');
    await refused('Bearer not.a.jwt');
    await refused(`Basic ${Buffer.from('a:b').toString('base64')} extra`);
  });

  it('takes the bare token too, as the JWT authorizer did', async () => {
    expect((await authorize(request(await idToken()))).isAuthorized).toBe(true);
  });
});
