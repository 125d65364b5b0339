import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { noApiClientGrants } from '../../../application/ports/api-client-grants.ts';
import type { UserAccess } from '../../../application/ports/user-access.ts';
import { actorFrom } from '../../../functions/http/auth.ts';
import { HttpProblem } from '../../../functions/shared/problem.ts';

/** An ID token's claims as the authorizer hands them over (all strings). */
const idToken = (sub: string, role: string) =>
  ({
    requestContext: { authorizer: { jwt: { claims: { sub, 'custom:tenant': 't-acme', 'custom:role': role, 'cognito:groups': '[sales]', token_use: 'id', exp: '1893456000' }, scopes: null } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

const clock = () => '2029-12-31T23:59:00.000Z';
const asked: string[] = [];
const users: UserAccess = {
  find: async (tenant, userId) => {
    asked.push(`${tenant}/${userId}`);
    return { olga: { role: 'standard' as const, active: true }, gone: { role: 'admin' as const, active: false } }[userId];
  },
};

describe('the actor of an ID token, against the user of record', () => {
  it('acts with the role of record, not the token’s (which may be an hour old)', async () => {
    await expect(actorFrom(idToken('olga', 'admin'), () => noApiClientGrants, clock, () => users)).resolves.toEqual({
      tenant: 't-acme',
      userId: 'olga',
      role: 'standard',
      groups: ['sales'],
    });
    expect(asked).toContain('t-acme/olga');
  });

  it('refuses a deactivated user with 401, whatever the token says', async () => {
    const error = await actorFrom(idToken('gone', 'admin'), () => noApiClientGrants, clock, () => users).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({ status: 401, message: 'the user has been deactivated' });
  });

  it('keeps the token’s claims for a sub with no user of record', async () => {
    await expect(actorFrom(idToken('minted', 'manager'), () => noApiClientGrants, clock, () => users)).resolves.toMatchObject({ userId: 'minted', role: 'manager' });
  });

  it('refuses a sub with no user of record where only users of record may act (AWS)', async () => {
    const strict: UserAccess = { find: users.find, usersOfRecordOnly: true };
    const error = await actorFrom(idToken('orphan', 'admin'), () => noApiClientGrants, clock, () => strict).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, message: 'the token names no user of this tenant' });
    await expect(actorFrom(idToken('olga', 'admin'), () => noApiClientGrants, clock, () => strict)).resolves.toMatchObject({ role: 'standard' });
  });
});

describe('the groups of a user of record', () => {
  const withGroups = (usersOfRecordOnly: boolean): UserAccess => ({
    usersOfRecordOnly,
    find: async (_tenant, userId) => (userId === 'olga' ? { role: 'standard', active: true, groups: ['support'] } : undefined),
  });

  it('are the people read model’s where only users of record act (AWS): a Cognito group claim adds nothing', async () => {
    await expect(actorFrom(idToken('olga', 'standard'), () => noApiClientGrants, clock, () => withGroups(true))).resolves.toMatchObject({ groups: ['support'] });
  });

  it('are the read model’s and the token’s together elsewhere (the local cloud’s tokens name groups of their own)', async () => {
    await expect(actorFrom(idToken('olga', 'standard'), () => noApiClientGrants, clock, () => withGroups(false))).resolves.toMatchObject({ groups: ['support', 'sales'] });
  });

  it('stay the token’s when the access source does not know them, except where only users of record act', async () => {
    await expect(actorFrom(idToken('olga', 'standard'), () => noApiClientGrants, clock, () => users)).resolves.toMatchObject({ groups: ['sales'] });
    const strict: UserAccess = { find: users.find, usersOfRecordOnly: true };
    await expect(actorFrom(idToken('olga', 'standard'), () => noApiClientGrants, clock, () => strict)).resolves.toMatchObject({ groups: [] });
  });
});
