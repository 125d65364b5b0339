import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import { roles, type Actor } from '../../domain/shared/actor.ts';
import { unauthorized } from '../shared/problem.ts';

/**
 * API Gateway's JWT authorizer hands over the token's claims as strings; arrays such as
 * `cognito:groups` arrive as "[sales support]". The local server delivers them the same way.
 */
const groupsClaim = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((value) => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
    return inner === '' ? [] : inner.split(/[\s,]+/);
  });

const Claims = z.object({
  sub: z.string().min(1),
  'custom:tenant': z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  'custom:role': z.enum(roles),
  'cognito:groups': groupsClaim,
});

/** The actor of a request. Throws 401 when the claims are missing or not ours. */
export const actorFrom = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const parsed = Claims.safeParse(claims ?? {});
  if (!parsed.success) throw unauthorized('the token does not carry a valid tenant, user and role');
  const data = parsed.data;
  return { tenant: data['custom:tenant'], userId: data.sub, role: data['custom:role'], groups: data['cognito:groups'] };
};
