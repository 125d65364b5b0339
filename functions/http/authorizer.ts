import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { cognitoTokenVerifier } from '../../adapters/identity/cognito-token-verifier.ts';
import type { TokenVerifier } from '../../application/ports/token-verifier.ts';
import { claimStrings, type ClaimStrings } from './authorizer-claims.ts';
import { observed } from '../shared/observability.ts';

/**
 * The HTTP API's Lambda REQUEST authorizer (simple responses; identity source
 * `$request.header.Authorization`), in place of the JWT authorizer, whose audience list (at most 50
 * entries) cannot hold API clients created at run time (docs/api-clients.md "The authorizer"
 * and "The authorizer's contract").
 *
 * It verifies a Cognito token of the pool USER_POOL_ID with a `TokenVerifier` (application/ports; the
 * deployed one: adapters/identity/cognito-token-verifier.ts — signature against the pool's JWKS, cached
 * per container; issuer; expiry) and accepts:
 * - an ID token (`token_use=id`) of the web app client (`aud` = WEB_CLIENT_ID): a user;
 * - an access token (`token_use=access`) of ANY app client of the pool: an API client — whether that
 *   client is known, not revoked, and has its role's scope is the function's check (`actorFrom` reads
 *   the grant on every request), so a revocation holds at once even under the authorizer's cache.
 * API Gateway caches the answer 300 s by the Authorization header, past the token's `exp` too: so
 * `actorFrom` checks `exp` again against the function's clock, for users' and clients' tokens alike.
 * The claims go to the function as the context, every value a string (authorizer-claims.ts).
 * Anything else: `Error('Unauthorized')`, which API Gateway answers with 401.
 */

export const authorizerEnv = { userPoolId: 'USER_POOL_ID', webClientId: 'WEB_CLIENT_ID' } as const;

export type { TokenVerifier };

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<ClaimStrings>;

const bearerToken = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  // API Gateway's JWT authorizer also took the bare token; keep accepting it.
  return match ? match[1] : /^\S+$/.test(header.trim()) ? header.trim() : undefined;
};

const unauthorized = (): Error => new Error('Unauthorized');

/** The authorizer over a verifier (the deployed one: Cognito's; tests: a locally cached JWKS). */
export const createAuthorizer =
  (verifier: TokenVerifier, webClientId: string) =>
  async (event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers' | 'identitySource'>): Promise<AuthorizerResult> => {
    const token = bearerToken(event.headers?.['authorization'] ?? event.identitySource?.[0]);
    if (!token) throw unauthorized();
    let claims: Readonly<Record<string, unknown>>;
    try {
      claims = await verifier.verify(token);
    } catch {
      throw unauthorized();
    }
    const use = claims['token_use'];
    const accepted = (use === 'id' && claims['aud'] === webClientId) || (use === 'access' && typeof claims['client_id'] === 'string');
    if (!accepted) throw unauthorized();
    return { isAuthorized: true, context: claimStrings(claims) };
  };

let deployed: ReturnType<typeof createAuthorizer> | undefined;

export const handler = observed(async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
  if (!deployed) {
    const userPoolId = process.env[authorizerEnv.userPoolId];
    const webClientId = process.env[authorizerEnv.webClientId];
    if (!userPoolId || !webClientId) throw new Error(`${authorizerEnv.userPoolId} and ${authorizerEnv.webClientId} must be set`);
    // Built once per container: the verifier keeps the pool's JWKS between invocations.
    deployed = createAuthorizer(cognitoTokenVerifier(userPoolId), webClientId);
  }
  return deployed(event);
});
