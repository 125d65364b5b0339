import {
  CodeDeliveryFailureException,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  CognitoIdentityProviderClient,
  InternalErrorException,
  InvalidParameterException,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoUserDirectory, cognitoUserDirectoryFromEnv } from '../../../adapters/identity/cognito-user-directory.ts';
import { DirectoryEmailTakenError, DirectoryRefusedError, IdentityProviderUnavailableError } from '../../../application/ports/user-directory.ts';

/** Users as Cognito users, against a mocked Cognito (no local engine for Cognito): the exact calls. */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const directory = () => new CognitoUserDirectory(new CognitoIdentityProviderClient({ region: 'eu-south-1' }), 'eu-south-1_Pool');
const olga = { tenant: 'acme', email: 'olga@acme.pl', name: 'Olga Nowak', role: 'standard' as const };
const meta = { $metadata: {} };
const sub = '7f1c2d3e-0000-4000-8000-000000000001';

describe('the Cognito user directory', () => {
  it('creates the user with its e-mail as user name, tenant and role attributes, and the invitation by e-mail; the sub is the id', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: sub, Attributes: [{ Name: 'sub', Value: sub }] } });
    expect(await directory().create(olga)).toEqual({ userId: sub });
    expect(cognito.commandCalls(AdminCreateUserCommand).map((call) => call.args[0].input)).toEqual([
      {
        UserPoolId: 'eu-south-1_Pool',
        Username: 'olga@acme.pl',
        UserAttributes: [
          { Name: 'email', Value: 'olga@acme.pl' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Olga Nowak' },
          { Name: 'custom:tenant', Value: 'acme' },
          { Name: 'custom:role', Value: 'standard' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      },
    ]);
    expect(cognito.calls()).toHaveLength(1);
  });

  it('finds the user it created before (a retry) when the e-mail exists in the same tenant, and sends nothing again', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', ...meta }));
    cognito.on(AdminGetUserCommand).resolves({ Username: sub, UserAttributes: [{ Name: 'sub', Value: sub }, { Name: 'custom:tenant', Value: 'acme' }] });
    expect(await directory().create(olga)).toEqual({ userId: sub });
    expect(cognito.commandCalls(AdminGetUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-south-1_Pool', Username: 'olga@acme.pl' });
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);
  });

  it('refuses an e-mail that signs in to another tenant', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', ...meta }));
    cognito.on(AdminGetUserCommand).resolves({ Username: sub, UserAttributes: [{ Name: 'sub', Value: sub }, { Name: 'custom:tenant', Value: 'globex' }] });
    await expect(directory().create(olga)).rejects.toBeInstanceOf(DirectoryEmailTakenError);
  });

  it('turns throttling, Cognito faults, an undelivered invitation and the network into IdentityProviderUnavailableError, a refused parameter into DirectoryRefusedError, and leaves a defect an error', async () => {
    const failing = (error: Error) => {
      cognito.reset();
      cognito.on(AdminCreateUserCommand).rejects(error);
      return directory().create(olga);
    };
    await expect(failing(new TooManyRequestsException({ message: 'slow down', ...meta }))).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    await expect(failing(new InternalErrorException({ message: 'boom', ...meta }))).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    await expect(failing(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    await expect(failing(new CodeDeliveryFailureException({ message: 'the invitation could not be sent', ...meta }))).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    await expect(failing(new InvalidParameterException({ message: 'Invalid email address format.', ...meta }))).rejects.toBeInstanceOf(DirectoryRefusedError);
    const defect = failing(new TypeError('cannot read properties of undefined'));
    await expect(defect).rejects.toBeInstanceOf(TypeError);
  });

  it('tells whether an address is free for a user: nobody has it, or that user does', async () => {
    cognito.on(AdminGetUserCommand, { Username: 'free@acme.pl' }).rejects(new UserNotFoundException({ message: 'no such user', ...meta }));
    cognito.on(AdminGetUserCommand, { Username: 'olga@acme.pl' }).resolves({ Username: sub, UserAttributes: [{ Name: 'sub', Value: sub }] });
    await expect(directory().emailAvailableTo(sub, 'free@acme.pl')).resolves.toBe(true);
    await expect(directory().emailAvailableTo(sub, 'olga@acme.pl')).resolves.toBe(true);
    await expect(directory().emailAvailableTo('another-sub', 'olga@acme.pl')).resolves.toBe(false);
    cognito.on(AdminGetUserCommand, { Username: 'slow@acme.pl' }).rejects(new TooManyRequestsException({ message: 'slow down', ...meta }));
    await expect(directory().emailAvailableTo(sub, 'slow@acme.pl')).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });

  it('makes an active user follow the log by its sub: attributes, then enabled', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    cognito.on(AdminEnableUserCommand).resolves({});
    await directory().follow({ userId: sub, email: 'olga@acme.pl', name: 'Olga N.', role: 'manager', active: true });
    const pool = { UserPoolId: 'eu-south-1_Pool', Username: sub };
    expect(cognito.calls().map((call) => [call.args[0].constructor.name, call.args[0].input])).toEqual([
      [
        'AdminUpdateUserAttributesCommand',
        {
          ...pool,
          UserAttributes: [
            { Name: 'email', Value: 'olga@acme.pl' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Olga N.' },
            { Name: 'custom:role', Value: 'manager' },
          ],
        },
      ],
      ['AdminEnableUserCommand', pool],
    ]);
  });

  it('signs a deactivated user out everywhere, then disables them', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    cognito.on(AdminDisableUserCommand).resolves({});
    await directory().follow({ userId: sub, email: 'olga@acme.pl', name: 'Olga', role: 'standard', active: false });
    expect(cognito.calls().map((call) => call.args[0].constructor.name)).toEqual(['AdminUpdateUserAttributesCommand', 'AdminUserGlobalSignOutCommand', 'AdminDisableUserCommand']);
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(0);
  });

  it('leaves a user with no identity alone, refuses an e-mail taken by another identity, and reports throttling', async () => {
    const state = { userId: sub, email: 'olga@acme.pl', name: 'Olga', role: 'standard' as const, active: true };
    const failing = (error: Error) => {
      cognito.reset();
      cognito.on(AdminUpdateUserAttributesCommand).rejects(error);
      return directory().follow(state);
    };
    await expect(failing(new UserNotFoundException({ message: 'no user', ...meta }))).resolves.toBeUndefined();
    expect(cognito.calls()).toHaveLength(1);
    await expect(failing(new AliasExistsException({ message: 'taken', ...meta }))).rejects.toBeInstanceOf(DirectoryEmailTakenError);
    await expect(failing(new TooManyRequestsException({ message: 'slow down', ...meta }))).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });

  it('is configured from USER_POOL_ID only', () => {
    expect(cognitoUserDirectoryFromEnv({})).toEqual({});
    expect(cognitoUserDirectoryFromEnv({ USER_POOL_ID: 'eu-south-1_Pool' }).userDirectory).toBeInstanceOf(CognitoUserDirectory);
  });
});
