import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';

/**
 * The local stand-in for the Cognito user pool: it signs ID tokens with the claims Cognito puts in
 * them (RS256, like Cognito) and verifies them the way API Gateway's JWT authorizer does (signature,
 * issuer, audience, expiry). It also signs the access tokens of the client-credentials grant (API
 * clients, local/oauth-token-endpoint.ts) with Cognito's claims for them: no `aud`, `client_id`.
 */

export type Role = 'admin' | 'manager' | 'standard' | 'restricted';

/** Issuer (`iss`) of local tokens; the deployed API trusts the Cognito user pool instead. */
export const localIssuer = 'http://localhost/cronaca-local-user-pool';
/** Audience (`aud`) of local tokens: the local app client id. */
export const localAudience = 'cronaca-local-client';

const algorithm = 'RS256';

/** The claims of a Cognito ID token as this project uses them. */
export interface IdTokenClaims extends JWTPayload {
  readonly sub: string;
  readonly iss: string;
  readonly aud: string;
  readonly token_use: 'id';
  readonly 'custom:tenant': string;
  readonly 'custom:role': Role;
  readonly 'cognito:groups': readonly string[];
  readonly 'cognito:username': string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly auth_time: number;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/**
 * The claims of a Cognito client-credentials access token: no custom attributes, no `aud`; `sub` and
 * `client_id` are the app client's id, `scope` the granted custom scopes, space-separated.
 */
export interface AccessTokenClaims extends JWTPayload {
  readonly sub: string;
  readonly iss: string;
  readonly client_id: string;
  readonly token_use: 'access';
  readonly scope: string;
  readonly auth_time: number;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  readonly version: 2;
}

/** What the API's authorizer may be handed: a user's ID token or an API client's access token. */
export type BearerClaims = IdTokenClaims | AccessTokenClaims;

export interface IssueAccessTokenInput {
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Lifetime: seconds or a span (`'1h'`); default 1 hour (Cognito's default). */
  readonly ttl?: number | string;
  readonly issuedAt?: Date;
}

export interface IssueTokenInput {
  readonly tenant: string;
  readonly userId: string;
  readonly role: Role;
  readonly groups?: readonly string[];
  readonly email?: string;
  readonly name?: string;
  /** Lifetime: seconds, or a span like `'12h'`, `'30m'`, `'45s'`, `'1d'`. Default 1 hour (Cognito's default). */
  readonly ttl?: number | string;
  /** When the token is issued (default now); a past date makes already-expired tokens for tests. */
  readonly issuedAt?: Date;
}

export type TokenErrorCode = 'missing' | 'malformed' | 'expired' | 'bad_signature' | 'wrong_issuer' | 'wrong_audience' | 'invalid_claims';

/** Why a token was refused. `message` is safe to show to the caller. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly code: TokenErrorCode;
  constructor(code: TokenErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** The PEM-encoded signing key pair and its key id, as persisted. */
export interface StoredKeyPair {
  readonly kid: string;
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** Where the signing keys live: on disk for `npm start` / `npm run token`, in memory for tests. */
export interface KeyStore {
  load(): StoredKeyPair | undefined;
  save(keys: StoredKeyPair): void;
}

/** Keys in `dir` (`private.pem`, `public.pem`, `kid`); the private key file is readable by the owner only. */
export const fileKeyStore = (dir: string): KeyStore => {
  const files = { privateKey: join(dir, 'private.pem'), publicKey: join(dir, 'public.pem'), kid: join(dir, 'kid') };
  const write = (path: string, content: string, mode: number): void => {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, content, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  };
  return {
    load() {
      if (!existsSync(files.privateKey) || !existsSync(files.publicKey) || !existsSync(files.kid)) return undefined;
      return {
        kid: readFileSync(files.kid, 'utf8').trim(),
        privateKeyPem: readFileSync(files.privateKey, 'utf8'),
        publicKeyPem: readFileSync(files.publicKey, 'utf8'),
      };
    },
    save(keys) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      write(files.privateKey, keys.privateKeyPem, 0o600);
      write(files.publicKey, keys.publicKeyPem, 0o644);
      write(files.kid, `${keys.kid}\n`, 0o644);
    },
  };
};

/** Ephemeral keys (tests): generated on first use, gone with the process. */
export const memoryKeyStore = (): KeyStore => {
  let stored: StoredKeyPair | undefined;
  return {
    load: () => stored,
    save: (keys) => {
      stored = keys;
    },
  };
};

export interface Identity {
  readonly issuer: string;
  readonly audience: string;
  /** Signs an ID token with Cognito's claims for the user. */
  issueToken(input: IssueTokenInput): Promise<string>;
  /** Verifies signature, issuer, audience, expiry and `token_use`; throws a `TokenError` otherwise. */
  verifyToken(token: string): Promise<IdTokenClaims>;
  /** Signs a client-credentials access token with Cognito's claims for the app client. */
  issueAccessToken(input: IssueAccessTokenInput): Promise<string>;
  /**
   * What API Gateway's JWT authorizer accepts: signature, issuer and expiry, then `aud` — or, when the
   * token has none (Cognito access tokens), `client_id` — among the authorizer's audiences (this
   * identity's audience plus `clientAudiences`, the API clients' ids). An ID token is checked as by
   * `verifyToken`.
   */
  verifyBearer(token: string, clientAudiences?: readonly string[]): Promise<BearerClaims>;
  /** The public key as a JWKS document (what Cognito serves at `/.well-known/jwks.json`). */
  jwks(): Promise<{ keys: JWK[] }>;
}

export interface CreateIdentityOptions {
  readonly keyStore: KeyStore;
  readonly issuer?: string;
  readonly audience?: string;
}

const units: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `3600`, `'3600'`, `'90s'`, `'30m'`, `'12h'`, `'1d'` -> seconds. */
export const parseTtl = (ttl: number | string): number => {
  if (typeof ttl === 'number') return ttl;
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(ttl);
  if (!match) throw new Error(`invalid token lifetime: ${ttl} (use seconds or e.g. 30m, 12h, 1d)`);
  return Number(match[1]) * units[match[2] || 's']!;
};

const loadOrCreateKeys = async (store: KeyStore): Promise<{ kid: string; privateKey: CryptoKey; publicKey: CryptoKey }> => {
  const stored = store.load();
  if (stored) {
    return {
      kid: stored.kid,
      privateKey: await importPKCS8(stored.privateKeyPem, algorithm),
      publicKey: await importSPKI(stored.publicKeyPem, algorithm),
    };
  }
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const kid = randomUUID();
  store.save({ kid, privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) });
  return { kid, privateKey, publicKey };
};

const refusal = (error: unknown): TokenError => {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) return new TokenError('expired', 'the token has expired');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenError('bad_signature', 'the token signature is invalid');
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError('bad_signature', 'the token is not signed with RS256');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new TokenError('wrong_issuer', 'the token was not issued by this identity provider');
    if (error.claim === 'aud') return new TokenError('wrong_audience', 'the token is not meant for this API');
    return new TokenError('invalid_claims', `the token claim "${error.claim}" is invalid`);
  }
  if (error instanceof errors.JOSEError) return new TokenError('malformed', 'the token is not a valid JWT');
  return new TokenError('malformed', 'the token could not be read');
};

/** Creates the local identity provider; keys come from (or are generated into) `keyStore`. */
export const createIdentity = async (options: CreateIdentityOptions): Promise<Identity> => {
  const issuer = options.issuer ?? localIssuer;
  const audience = options.audience ?? localAudience;
  const { kid, privateKey, publicKey } = await loadOrCreateKeys(options.keyStore);

  const identity: Identity = {
    issuer,
    audience,
    async issueToken(input) {
      const issuedAt = Math.floor((input.issuedAt?.getTime() ?? Date.now()) / 1000);
      const ttl = parseTtl(input.ttl ?? 3_600);
      const claims = {
        'custom:tenant': input.tenant,
        'custom:role': input.role,
        'cognito:groups': [...(input.groups ?? [])],
        'cognito:username': input.userId,
        token_use: 'id',
        auth_time: issuedAt,
        ...(input.email ? { email: input.email, email_verified: true } : {}),
        ...(input.name ? { name: input.name } : {}),
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: algorithm, kid, typ: 'JWT' })
        .setSubject(input.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttl)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    async issueAccessToken(input) {
      const issuedAt = Math.floor((input.issuedAt?.getTime() ?? Date.now()) / 1000);
      const ttl = parseTtl(input.ttl ?? 3_600);
      return new SignJWT({ client_id: input.clientId, token_use: 'access', scope: input.scopes.join(' '), auth_time: issuedAt, version: 2 })
        .setProtectedHeader({ alg: algorithm, kid })
        .setSubject(input.clientId)
        .setIssuer(issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttl)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    async verifyBearer(token, clientAudiences = []) {
      if (!token) throw new TokenError('missing', 'no bearer token');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, { algorithms: [algorithm], issuer, requiredClaims: ['sub', 'exp', 'iat', 'token_use'] }));
      } catch (error) {
        throw refusal(error);
      }
      if (payload['token_use'] !== 'access') return identity.verifyToken(token);
      // API Gateway: `aud` when present, else `client_id`, must be one of the authorizer's audiences.
      const audiences = new Set([audience, ...clientAudiences]);
      const presented = payload.aud ?? payload['client_id'];
      const matches = Array.isArray(presented) ? presented.some((value) => audiences.has(value)) : typeof presented === 'string' && audiences.has(presented);
      if (!matches) throw new TokenError('wrong_audience', 'the token is not meant for this API');
      if (typeof payload['client_id'] !== 'string') throw new TokenError('invalid_claims', 'the access token has no client_id');
      return payload as AccessTokenClaims;
    },
    async verifyToken(token) {
      if (!token) throw new TokenError('missing', 'no bearer token');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, {
          algorithms: [algorithm],
          issuer,
          audience,
          requiredClaims: ['sub', 'exp', 'iat', 'token_use', 'custom:tenant', 'custom:role'],
        }));
      } catch (error) {
        throw refusal(error);
      }
      if (payload['token_use'] !== 'id') throw new TokenError('invalid_claims', 'the token is not an ID token');
      return payload as IdTokenClaims;
    },
    async jwks() {
      return { keys: [{ ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' }] };
    },
  };
  return identity;
};
