import type { BearerClaims, Identity } from '../identity.ts';
import { TokenError } from '../identity.ts';
import { problem } from './response.ts';
import type { HttpResponse } from './response.ts';

/**
 * The JWT authorizer of `auth: 'jwt'` routes: the bearer token verified against the local identity
 * provider, or the 401 API Gateway answers without calling the function. Its audiences are the web
 * client's and the API clients' ids (`clientAudiences`), as the deployed authorizer's are.
 */

export type JwtAuthorization =
  | { readonly claims: BearerClaims }
  | { readonly rejection: HttpResponse; readonly headers: Record<string, string> };

const bearerToken = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  // API Gateway also accepts the bare token in the identity source.
  return match ? match[1] : header.trim() || undefined;
};

export const authorizeJwt = async (
  authorization: string | undefined,
  identity: Pick<Identity, 'verifyBearer'>,
  clientAudiences: readonly string[] = [],
): Promise<JwtAuthorization> => {
  const token = bearerToken(authorization);
  if (!token) {
    return { rejection: problem(401, 'Unauthorized', 'A bearer token is required.'), headers: { 'www-authenticate': 'Bearer' } };
  }
  try {
    return { claims: await identity.verifyBearer(token, clientAudiences) };
  } catch (error) {
    const detail = error instanceof TokenError ? error.message : 'the token could not be verified';
    return {
      rejection: problem(401, 'Unauthorized', `Invalid bearer token: ${detail}.`),
      headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${detail.replaceAll('"', "'")}"` },
    };
  }
};
