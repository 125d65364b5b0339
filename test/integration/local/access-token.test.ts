import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileApiClientStore, LocalApiClientRegistry } from '../../../local/api-client-registry.ts';
import { createIdentity, memoryKeyStore, TokenError } from '../../../local/identity.ts';

const keyStore = memoryKeyStore();
const identity = await createIdentity({ keyStore });
const refusal = async (promise: Promise<unknown>): Promise<TokenError> => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenError);
  return error as TokenError;
};

describe('the local authorizer on access tokens (API Gateway: aud if present, else client_id, among the audiences)', () => {
  it('accepts a listed client’s access token and hands over its claims', async () => {
    const token = await identity.issueAccessToken({ clientId: 'c1', scopes: ['cronaca/role.admin'] });
    await expect(identity.verifyBearer(token, ['c1'])).resolves.toMatchObject({ sub: 'c1', client_id: 'c1', token_use: 'access', scope: 'cronaca/role.admin' });
  });

  it('refuses an unlisted client, an expired token and another issuer’s token', async () => {
    const token = await identity.issueAccessToken({ clientId: 'c2', scopes: [] });
    expect((await refusal(identity.verifyBearer(token, ['c1']))).code).toBe('wrong_audience');
    const old = await identity.issueAccessToken({ clientId: 'c1', scopes: [], ttl: 60, issuedAt: new Date(Date.now() - 3_600_000) });
    expect((await refusal(identity.verifyBearer(old, ['c1']))).code).toBe('expired');
    // Same keys, another issuer: only the issuer check can refuse it.
    const elsewhere = await createIdentity({ keyStore, issuer: 'http://localhost/another-pool' });
    expect((await refusal(identity.verifyBearer(await elsewhere.issueAccessToken({ clientId: 'c1', scopes: [] }), ['c1']))).code).toBe('wrong_issuer');
    const stranger = await createIdentity({ keyStore: memoryKeyStore() });
    expect((await refusal(identity.verifyBearer(await stranger.issueAccessToken({ clientId: 'c1', scopes: [] }), ['c1']))).code).toBe('bad_signature');
  });

  it('checks an ID token as before: the client audiences do not widen its audience', async () => {
    const user = { tenant: 't-1', userId: 'olga', role: 'standard' as const };
    await expect(identity.verifyBearer(await identity.issueToken(user))).resolves.toMatchObject({ token_use: 'id', 'custom:tenant': 't-1' });
    const otherClient = await createIdentity({ keyStore, audience: 'c1' });
    expect((await refusal(identity.verifyBearer(await otherClient.issueToken(user), ['c1']))).code).toBe('wrong_audience');
  });
});

describe('the local API client registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-clients-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps only the secret’s hash, in a file only the owner reads, and authenticates by it', () => {
    const path = join(dir, 'api-clients.json');
    const registry = new LocalApiClientRegistry(fileApiClientStore(path));
    const { clientId, clientSecret } = registry.register({ tenant: 't-1', role: 'restricted', name: 'Reader' });
    expect(clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(readFileSync(path, 'utf8')).not.toContain(clientSecret);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const reopened = new LocalApiClientRegistry(fileApiClientStore(path));
    expect(reopened.authenticate(clientId, clientSecret)).toMatchObject({ clientId, tenant: 't-1', role: 'restricted' });
    expect(reopened.authenticate(clientId, `${clientSecret}x`)).toBeUndefined();
    expect(reopened.allowedScopes(reopened.authenticate(clientId, clientSecret)!)).toEqual(['cronaca/role.restricted']);
  });

  it('revokes: no authentication, the id stays an audience (the API refuses it itself, by its grant)', () => {
    const registry = new LocalApiClientRegistry(fileApiClientStore(join(dir, 'revoke.json')));
    const { clientId, clientSecret } = registry.register({ tenant: 't-1', role: 'admin', name: 'Gone' });
    expect(registry.revoke(clientId)).toBe(true);
    expect(registry.revoke('nobody')).toBe(false);
    expect(registry.authenticate(clientId, clientSecret)).toBeUndefined();
    expect(registry.audiences()).toContain(clientId);
  });
});
