import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryApiClientGrants } from '../../../adapters/memory/memory-api-client-grants.ts';
import { noApiClientGrants } from '../../../application/ports/api-client-grants.ts';
import { roleOfScope, roleScope, roleScopes } from '../../../contract/api-client-scopes.ts';
import { actorFrom, apiClientActorId } from '../../../functions/http/auth.ts';
import { HttpProblem } from '../../../functions/shared/problem.ts';

/** An event with the claims as API Gateway's JWT authorizer delivers them (all strings). */
const withClaims = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims, scopes: null } } } }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

/** What Cognito puts in a client-credentials access token (docs/api-clients.md). */
const clientToken = (clientId: string, scope: string) =>
  withClaims({ sub: clientId, client_id: clientId, token_use: 'access', scope, iss: 'https://cognito-idp.eu-south-1.amazonaws.com/pool', version: '2', jti: 'j', iat: '1893452400', exp: '1893456000', auth_time: '1893452400' });

/** The function's clock: a minute before the tokens' `exp` (2030-01-01T00:00:00Z). */
const clock = () => '2029-12-31T23:59:00.000Z';

const grants = new MemoryApiClientGrants([
  { clientId: 'crm2erp', tenant: 't-acme', role: 'manager', revoked: false },
  { clientId: 'gone', tenant: 't-acme', role: 'admin', revoked: true },
]);

const refusal = async (promise: Promise<unknown>): Promise<HttpProblem> => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(HttpProblem);
  expect((error as HttpProblem).status).toBe(401);
  return error as HttpProblem;
};

describe('the actor of a client-credentials access token', () => {
  it('is the client (client:<id>) acting in its grant’s tenant with its role and no groups', async () => {
    await expect(actorFrom(clientToken('crm2erp', 'cronaca/role.manager'), () => grants, clock)).resolves.toEqual({
      tenant: 't-acme',
      userId: 'client:crm2erp',
      role: 'manager',
      groups: [],
    });
    expect(apiClientActorId('crm2erp')).toBe('client:crm2erp');
  });

  it('is refused (401) once the client is revoked, even with a token issued before', async () => {
    expect((await refusal(actorFrom(clientToken('gone', 'cronaca/role.admin'), () => grants, clock))).message).toMatch(/revoked/);
  });

  it('is refused for a client the grants do not know (and with no grants store at all)', async () => {
    await refusal(actorFrom(clientToken('stranger', 'cronaca/role.admin'), () => grants, clock));
    await refusal(actorFrom(clientToken('crm2erp', 'cronaca/role.manager'), () => noApiClientGrants, clock));
  });

  it('is refused when the token was issued for another role than the client has now', async () => {
    const problem = await refusal(actorFrom(clientToken('crm2erp', 'cronaca/role.admin'), () => grants, clock));
    expect(problem.message).toContain('cronaca/role.manager');
    await refusal(actorFrom(clientToken('crm2erp', ''), () => grants, clock));
  });

  it('refuses a user’s access token (sub is the user, client_id the web app client): users send their ID token', async () => {
    const userAccess = withClaims({ exp: '1893456000', sub: 'olga-sub', client_id: 'crm2erp', token_use: 'access', scope: 'cronaca/role.manager', username: 'olga' });
    await refusal(actorFrom(userAccess, () => grants, clock));
  });

  it('never asks the grants for an ID token, which still carries tenant and role', async () => {
    const failing = () => {
      throw new Error('grants read for an ID token');
    };
    const id = withClaims({ sub: 'olga', exp: '1893456000', token_use: 'id', 'custom:tenant': 't-acme', 'custom:role': 'standard', 'cognito:groups': '[sales support]' });
    await expect(actorFrom(id, failing, clock)).resolves.toEqual({ tenant: 't-acme', userId: 'olga', role: 'standard', groups: ['sales', 'support'] });
  });
});

describe('a token past its exp (the authorizer’s answer is cached 300 s, past it)', () => {
  const later = () => '2030-01-01T00:00:00.000Z';
  it('is refused (401) at its exp and after, a user’s ID token as much as a client’s access token', async () => {
    expect((await refusal(actorFrom(clientToken('crm2erp', 'cronaca/role.manager'), () => grants, later))).message).toMatch(/expired/);
    const id = withClaims({ sub: 'olga', exp: '1893456000', token_use: 'id', 'custom:tenant': 't-acme', 'custom:role': 'standard' });
    await expect(actorFrom(id, () => grants, clock)).resolves.toMatchObject({ userId: 'olga' });
    expect((await refusal(actorFrom(id, () => grants, later))).message).toMatch(/expired/);
  });

  it('a token without exp is refused (no authorizer lets one through)', async () => {
    await refusal(actorFrom(withClaims({ sub: 'olga', token_use: 'id', 'custom:tenant': 't-acme', 'custom:role': 'standard' }), () => grants, clock));
  });
});

describe('role scopes', () => {
  it('name one scope per role on the cronaca resource server, and read back', () => {
    expect(roleScopes).toEqual(['cronaca/role.admin', 'cronaca/role.manager', 'cronaca/role.standard', 'cronaca/role.restricted']);
    expect(roleOfScope(roleScope('restricted'))).toBe('restricted');
    expect(roleOfScope('cronaca/role.root')).toBeUndefined();
  });
});
