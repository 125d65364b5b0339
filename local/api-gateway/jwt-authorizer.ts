import type { Identity, IdTokenClaims } from '../identity.ts';
import { TokenError } from '../identity.ts';
import { problem } from './response.ts';
import type { HttpResponse } from './response.ts';

/**
 * The JWT authorizer of `auth: 'jwt'` routes: the bearer token verified against the local identity
 * provider, or the 401 API Gateway answers without calling the function.
 */

export type JwtAuthorization =
  | { readonly claims: IdTokenClaims }
  | { readonly rejection: HttpResponse; readonly headers: Record<string, string> };

const bearerToken = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  // API Gateway also accepts the bare token in the identity source.
  return match ? match[1] : header.trim() || undefined;
};

export const authorizeJwt = async (
  authorization: string | undefined,
  identity: Pick<Identity, 'verifyToken'>,
): Promise<JwtAuthorization> => {
  const token = bearerToken(authorization);
  if (!token) {
    return { rejection: problem(401, 'Unauthorized', 'A bearer token is required.'), headers: { 'www-authenticate': 'Bearer' } };
  }
  try {
    return { claims: await identity.verifyToken(token) };
  } catch (error) {
    const detail = error instanceof TokenError ? error.message : 'the token could not be verified';
    return {
      rejection: problem(401, 'Unauthorized', `Invalid bearer token: ${detail}.`),
      headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${detail.replaceAll('"', "'")}"` },
    };
  }
};
