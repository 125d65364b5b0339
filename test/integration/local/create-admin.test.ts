import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { localTableNames } from '../../../adapters/dynamodb/client.ts';
import { loadState } from '../../../application/shared/load-state.ts';
import { userDecider } from '../../../domain/access/user.ts';
import { runCreateAdmin } from '../../../local/create-admin.ts';
import { testDependencies, uniqueTenant } from '../../support/dynamo.ts';

/**
 * The first administrator of a tenant on a deployed stage, against DynamoDB Local (the run's tables,
 * named as the stack outputs would name them) and a mocked Cognito (no local engine for it).
 */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const dir = mkdtempSync(join(tmpdir(), 'cronaca-create-admin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const outputsFile = (stacks: Record<string, Record<string, string>>) => {
  const path = join(dir, `outputs-${Object.keys(stacks).join('-')}.json`);
  writeFileSync(path, JSON.stringify(stacks));
  return path;
};
const stageOutputs = { UserPoolId: 'eu-south-1_Pool', EventsTableName: localTableNames.events, ReadModelsTableName: localTableNames.readModels, JwtIssuer: 'x' };
const outputs = outputsFile({ 'Cronaca-prod': stageOutputs });

const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCreateAdmin(args, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  return { code, out: out.join(''), err: err.join('') };
};

const sub = (n: number) => `7f1c2d3e-0000-4000-8000-00000000000${n}`;

describe('npm run create-admin', () => {
  it('creates the Cognito user (invitation by e-mail) and registers an admin under its sub; a second run does nothing', async () => {
    const tenant = uniqueTenant('first');
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: sub(1), Attributes: [{ Name: 'sub', Value: sub(1) }] } });
    const args = ['--outputs', outputs, '--tenant', tenant, '--email', 'Ada@Acme.com', '--name', 'Ada Lovelace', '--timezone', 'Europe/Rome'];
    const first = await run(args);
    expect(first, first.err).toMatchObject({ code: 0 });
    expect(first.out).toContain(`user id ${sub(1)}`);
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input).toMatchObject({
      UserPoolId: 'eu-south-1_Pool',
      Username: 'ada@acme.com',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: expect.arrayContaining([{ Name: 'custom:tenant', Value: tenant }, { Name: 'custom:role', Value: 'admin' }]),
    });
    const { state } = await loadState(testDependencies().eventStore, tenant, 'user', sub(1), userDecider);
    expect(state).toMatchObject({ id: sub(1), email: 'ada@acme.com', name: 'Ada Lovelace', role: 'admin', active: true, timezone: 'Europe/Rome', locale: 'en' });

    const again = await run(args);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`already a user of tenant ${tenant}: user id ${sub(1)}`);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);
  });

  it('finishes a run interrupted after Cognito: the user found by e-mail in the same tenant is registered under its sub', async () => {
    const tenant = uniqueTenant('resume');
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    cognito.on(AdminGetUserCommand).resolves({ Username: sub(2), UserAttributes: [{ Name: 'sub', Value: sub(2) }, { Name: 'custom:tenant', Value: tenant }] });
    const result = await run(['--outputs', outputs, '--tenant', tenant, '--email', 'bob@acme.com', '--name', 'Bob']);
    expect(result, result.err).toMatchObject({ code: 0 });
    expect((await loadState(testDependencies().eventStore, tenant, 'user', sub(2), userDecider)).state).toMatchObject({ role: 'admin' });
  });

  it('fails with 1 and records nothing when Cognito fails or the address signs in to another tenant', async () => {
    const tenant = uniqueTenant('fails');
    cognito.on(AdminCreateUserCommand).rejects(new InternalErrorException({ message: 'boom', $metadata: {} }));
    const down = await run(['--outputs', outputs, '--tenant', tenant, '--email', 'eve@acme.com', '--name', 'Eve']);
    expect(down.code).toBe(1);
    expect(down.err).toContain('identity provider');

    cognito.reset();
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    cognito.on(AdminGetUserCommand).resolves({ Username: sub(3), UserAttributes: [{ Name: 'sub', Value: sub(3) }, { Name: 'custom:tenant', Value: 'elsewhere' }] });
    const taken = await run(['--outputs', outputs, '--tenant', tenant, '--email', 'eve@acme.com', '--name', 'Eve']);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('another workspace');
    expect(await testDependencies().eventStore.readClaim(tenant, 'user-email', 'eve@acme.com')).toBeUndefined();
  });

  it('refuses bad arguments and outputs with 2 before calling anything', async () => {
    expect((await run(['--outputs', outputs, '--tenant', 'Acme!', '--email', 'a@b.c', '--name', 'A'])).code).toBe(2);
    expect((await run(['--outputs', outputs, '--tenant', 'acme'])).code).toBe(2);
    const two = outputsFile({ 'Cronaca-dev': stageOutputs, 'Cronaca-prod': stageOutputs });
    const ambiguous = await run(['--outputs', two, '--tenant', 'acme', '--email', 'a@b.c', '--name', 'A']);
    expect(ambiguous).toMatchObject({ code: 2 });
    expect(ambiguous.err).toContain('--stack');
    const invalidEmail = await run(['--outputs', two, '--stack', 'Cronaca-dev', '--tenant', uniqueTenant('bad'), '--email', 'not-an-address', '--name', 'A']);
    expect(invalidEmail.code).toBe(1);
    expect(cognito.calls()).toHaveLength(0);
  });
});
