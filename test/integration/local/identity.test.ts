import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentity, fileKeyStore, localAudience, localIssuer, memoryKeyStore, parseTtl, TokenError } from '../../../local/identity.ts';
import type { Identity } from '../../../local/identity.ts';
import { findSeedUser, seedTenants, seedUsers } from '../../../local/seed.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const identity = await createIdentity({ keyStore: memoryKeyStore() });
const user = { tenant: 't-1a2b3c4d', userId: 'olga', role: 'standard', groups: ['sales', 'support'], email: 'olga@example.com' } as const;

const refusal = async (verify: Promise<unknown>): Promise<TokenError> => {
  const error = await verify.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenError);
  return error as TokenError;
};

describe('local identity provider', () => {
  it("issues RS256 ID tokens with Cognito's claims, and verifies them back", async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await identity.issueToken({ ...user, ttl: '2h' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: expect.any(String), typ: 'JWT' });
    const claims = await identity.verifyToken(token);
    expect(claims).toMatchObject({
      iss: localIssuer,
      aud: localAudience,
      token_use: 'id',
      sub: 'olga',
      'cognito:username': 'olga',
      'custom:tenant': 't-1a2b3c4d',
      'custom:role': 'standard',
      'cognito:groups': ['sales', 'support'],
      email: 'olga@example.com',
      email_verified: true,
      jti: expect.any(String),
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp - claims.iat).toBe(7_200);
    expect(claims.auth_time).toBe(claims.iat);
  });

  it('refuses expired tokens', async () => {
    const token = await identity.issueToken({ ...user, ttl: 60, issuedAt: new Date(Date.now() - 2 * 3_600_000) });
    expect((await refusal(identity.verifyToken(token))).code).toBe('expired');
  });

  it('refuses tampered tokens and tokens signed by another key', async () => {
    const token = await identity.issueToken(user);
    const [header, payload, signature] = token.split('.');
    const claims = decodeJwt(token);
    const forged = Buffer.from(JSON.stringify({ ...claims, 'custom:role': 'admin' })).toString('base64url');
    expect((await refusal(identity.verifyToken(`${header}.${forged}.${signature}`))).code).toBe('bad_signature');
    expect(payload).toBeDefined();

    const stranger = await createIdentity({ keyStore: memoryKeyStore() });
    expect((await refusal(identity.verifyToken(await stranger.issueToken(user)))).code).toBe('bad_signature');
  });

  it('refuses tokens for another audience or from another issuer, and garbage', async () => {
    const keyStore = memoryKeyStore();
    const api = await createIdentity({ keyStore });
    const otherClient = await createIdentity({ keyStore, audience: 'some-other-client' });
    const otherIssuer = await createIdentity({ keyStore, issuer: 'https://cognito-idp.eu-south-1.amazonaws.com/eu-south-1_other' });
    expect((await refusal(api.verifyToken(await otherClient.issueToken(user)))).code).toBe('wrong_audience');
    expect((await refusal(api.verifyToken(await otherIssuer.issueToken(user)))).code).toBe('wrong_issuer');
    expect((await refusal(api.verifyToken('not-a-jwt'))).code).toBe('malformed');
    expect((await refusal(api.verifyToken(''))).code).toBe('missing');
  });

  it('persists its key pair: tokens survive a restart, the private key is private', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cronaca-keys-'));
    dirs.push(dir);
    const first: Identity = await createIdentity({ keyStore: fileKeyStore(join(dir, 'keys')) });
    const token = await first.issueToken(user);
    const second = await createIdentity({ keyStore: fileKeyStore(join(dir, 'keys')) });
    expect((await second.verifyToken(token)).sub).toBe('olga');
    expect(statSync(join(dir, 'keys', 'private.pem')).mode & 0o777).toBe(0o600);
    expect((await second.jwks()).keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: decodeProtectedHeader(token).kid });
  });

  it('parses token lifetimes', () => {
    expect(parseTtl(90)).toBe(90);
    expect(parseTtl('45s')).toBe(45);
    expect(parseTtl('30m')).toBe(1_800);
    expect(parseTtl('12h')).toBe(43_200);
    expect(parseTtl('1d')).toBe(86_400);
    expect(() => parseTtl('soon')).toThrow(/invalid token lifetime/);
  });
});

describe('seeded tenants and users', () => {
  it('has tenant demo with one user per role and tenant other with an admin', () => {
    expect(seedTenants.map((tenant) => tenant.id)).toEqual(['demo', 'other']);
    expect(seedUsers.filter((u) => u.tenant === 'demo').map((u) => [u.userId, u.role])).toEqual([
      ['admin', 'admin'],
      ['manager', 'manager'],
      ['standard', 'standard'],
      ['restricted', 'restricted'],
    ]);
    expect(findSeedUser('demo', 'restricted')?.groups).toEqual(['support']);
    expect(findSeedUser('other', 'admin')).toMatchObject({ role: 'admin', timezone: 'Europe/Rome' });
    expect(findSeedUser('other', 'manager')).toBeUndefined();
    for (const seeded of seedUsers) expect(seeded.email).toMatch(/@/);
  });
});
