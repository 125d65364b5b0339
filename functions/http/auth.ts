import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import type { ApiClientGrants } from '../../application/ports/api-client-grants.ts';
import { noUserAccess, type UserAccess, type UserAccessState } from '../../application/ports/user-access.ts';
import { roleScope } from '../../contract/api-client-scopes.ts';
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

/**
 * A client-credentials access token (Cognito's and the local issuer's): `sub` is the app client's id,
 * repeated in `client_id`; `scope` lists the granted scopes, space-separated. A user's access token
 * has `client_id` = the web app client and `sub` = the user, so `sub === client_id` tells the two apart.
 */
const ClientClaims = z.object({
  token_use: z.literal('access'),
  sub: z.string().min(1),
  client_id: z.string().min(1).max(128),
  scope: z.string().optional(),
});

/**
 * The actor id of an API client: `client:<client id>`. Events record it as their `actor`, so history
 * names the integration, never a person; the prefix cannot collide with a user id (Cognito subs and
 * seed ids are `RecordId`s, which have no `:`), and nothing that takes a user id (an assignee, a
 * participant) accepts it, since those are `RecordId`s too.
 */
export const apiClientActorId = (clientId: string): string => `client:${clientId}`;

const clientActor = async (claims: unknown, grants: ApiClientGrants): Promise<Actor> => {
  const parsed = ClientClaims.safeParse(claims);
  if (!parsed.success || parsed.data.sub !== parsed.data.client_id) {
    throw unauthorized('an access token is accepted only from an API client (client-credentials grant); users sign in with their ID token');
  }
  const { client_id: clientId, scope } = parsed.data;
  const grant = await grants.find(clientId);
  if (!grant) throw unauthorized('the token belongs to no API client of this service');
  if (grant.revoked) throw unauthorized('the API client has been revoked');
  // The token must have been issued for the client's current role: after a role change, older tokens stop.
  const scopes = (scope ?? '').split(/\s+/).filter(Boolean);
  if (!scopes.includes(roleScope(grant.role))) {
    throw unauthorized(`the token lacks the scope ${roleScope(grant.role)} of the client's role; request a new token`);
  }
  return { tenant: grant.tenant, userId: apiClientActorId(clientId), role: grant.role, groups: [] };
};

/**
 * Why a token is not valid at `now` by its `exp` (seconds since the epoch; a string as the authorizers
 * hand it over), or null. The authorizer checked it, but API Gateway caches its answer 300 s by the
 * Authorization header (infra/constructs/api-authorizer.ts `authorizerCacheSeconds`): without this
 * check a token — a user's ID token as much as a client's — would be let through up to 5 minutes after
 * it expired. Cognito's tokens and the local issuer's always carry `exp`.
 */
const expiryProblem = (claims: Readonly<Record<string, unknown>>, now: string): string | null => {
  const exp = Number(claims['exp']);
  if (claims['exp'] === undefined || claims['exp'] === '' || !Number.isFinite(exp)) return 'the token carries no expiry';
  return exp * 1000 <= Date.parse(now) ? 'the token has expired' : null;
};

/**
 * Where only users of record act (AWS), their groups are the people read model's: nothing creates
 * Cognito groups, and one made by hand in the console must not widen what a user sees. Elsewhere the
 * token's groups are added to them (the local cloud's and tests' tokens name groups of their own).
 */
const groupsOf = (claimed: readonly string[], ofRecord: UserAccessState | undefined, access: UserAccess): readonly string[] => {
  if (ofRecord?.groups === undefined) return access.usersOfRecordOnly ? [] : claimed;
  return access.usersOfRecordOnly ? ofRecord.groups : [...new Set([...ofRecord.groups, ...claimed])];
};

/**
 * The actor of a request. Throws 401 when the claims are missing, not ours, or expired at `now`. ID
 * tokens carry tenant and role; a client-credentials access token is looked up in `grants` (tenant,
 * role, revoked). A user of record (`users`: their own stream, strongly consistent) is refused once
 * deactivated and acts with their current role: an ID token outlives Cognito's disabling of its user
 * by up to an hour, and its role claim is the one of when it was issued. A `sub` with no user of
 * record is refused where `usersOfRecordOnly` (AWS: every user is created by the API) and keeps its
 * claims elsewhere (the local cloud's and tests' tokens name ids they never register).
 */
export const actorFrom = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  grants: () => ApiClientGrants,
  now: () => string,
  users: () => UserAccess = () => noUserAccess,
): Promise<Actor> => {
  // The Lambda authorizer's context (functions/http/authorizer.ts, AWS) or the JWT authorizer's claims
  // (the local server, and AWS before the switch): the same claims, every value a string.
  const lambda = (event.requestContext.authorizer as { lambda?: Record<string, unknown> } | undefined)?.lambda;
  const claims = lambda ?? event.requestContext.authorizer?.jwt?.claims;
  const expiry = claims ? expiryProblem(claims, now()) : null;
  if (expiry) throw unauthorized(expiry);
  if (claims?.['token_use'] === 'access') return clientActor(claims, grants());
  const parsed = Claims.safeParse(claims ?? {});
  if (!parsed.success) throw unauthorized('the token does not carry a valid tenant, user and role');
  const data = parsed.data;
  const tenant = data['custom:tenant'];
  const access = users();
  const ofRecord = await access.find(tenant, data.sub);
  if (!ofRecord && access.usersOfRecordOnly) throw unauthorized('the token names no user of this tenant');
  if (ofRecord && !ofRecord.active) throw unauthorized('the user has been deactivated');
  return { tenant, userId: data.sub, role: ofRecord?.role ?? data['custom:role'], groups: groupsOf(data['cognito:groups'], ofRecord, access) };
};
