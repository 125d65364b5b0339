import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { TokenVerifier } from '../../application/ports/token-verifier.ts';

/**
 * Cognito's verifier for the user pool (`aws-jwt-verify`: signature against the pool's JWKS, cached
 * per container; issuer; expiry). Token use and client are left to the authorizer, which accepts two
 * kinds of token (functions/http/authorizer.ts). `cacheJwks` lets a test hand it a key without network.
 */
export const cognitoTokenVerifier = (userPoolId: string) =>
  CognitoJwtVerifier.create({ userPoolId, tokenUse: null, clientId: null }) satisfies TokenVerifier;
