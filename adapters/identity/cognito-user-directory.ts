import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  CognitoIdentityProviderClient,
  CodeDeliveryFailureException,
  CognitoIdentityProviderServiceException,
  InvalidParameterException,
  LimitExceededException,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { awsClient } from '../aws/instrument-client.ts';
import {
  DirectoryEmailTakenError,
  DirectoryRefusedError,
  IdentityProviderUnavailableError,
  type DirectoryUserState,
  type NewDirectoryUser,
  type UserDirectory,
} from '../../application/ports/user-directory.ts';

/** Environment of the function that manages users (set by infra/constructs/user-directory.ts). */
export const userDirectoryEnv = {
  /** The user pool staff sign in to (the same variable the API clients' issuer reads). */
  userPoolId: 'USER_POOL_ID',
} as const;

/**
 * The Cognito calls this adapter makes, and so the exact IAM actions of its caller (on the pool only):
 * infra/constructs/user-directory.ts grants these and nothing else.
 */
export const userDirectoryCognitoActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
] as const;

/** The custom attributes of infra/constructs/identity.ts (`customAttributes`), as Cognito names them. */
const tenantAttribute = 'custom:tenant';
const roleAttribute = 'custom:role';

const attribute = (attributes: readonly AttributeType[] | undefined, name: string): string | undefined =>
  attributes?.find((candidate) => candidate.Name === name)?.Value;

/** Errors of the network under the SDK (no answer from Cognito at all). */
const networkErrorNames = new Set(['TimeoutError', 'RequestTimeout', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Throttling, Cognito's own faults, the invitation mail not going out and the network are the provider
 * being unavailable (the admin may retry); an address or name Cognito will not take is the input's
 * fault (422 on the field); anything else — a defect of this code or of the pool's configuration —
 * stays an error (500, logged with its stack).
 */
const unavailable = (error: unknown, doing: string): unknown => {
  if (error instanceof InvalidParameterException) return new DirectoryRefusedError(error.message, { cause: error });
  const throttled = error instanceof TooManyRequestsException || error instanceof LimitExceededException || error instanceof CodeDeliveryFailureException;
  const fault =
    error instanceof CognitoIdentityProviderServiceException
      ? error.$fault === 'server'
      : error instanceof Error && (networkErrorNames.has(error.name) || networkErrorNames.has((error as { code?: string }).code ?? ''));
  if (throttled || fault) return new IdentityProviderUnavailableError(`the identity provider could not ${doing}; retry`, { cause: error });
  return error;
};

/**
 * Users as Cognito users of the staff pool (infra/constructs/identity.ts: e-mail is the sign-in name,
 * `custom:tenant` immutable, `custom:role`; MFA required). `AdminCreateUser` with
 * `DesiredDeliveryMediums: ['EMAIL']` sends Cognito's invitation (the pool's `userInvitation` text) with
 * a temporary password; the user sets a password and an authenticator app at first sign-in. Every later
 * call names the user by its `sub` (the pool's user name for an e-mail-username pool), so an e-mail
 * change does not lose track of it.
 */
export class CognitoUserDirectory implements UserDirectory {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string) {
    this.client = client;
    this.userPoolId = userPoolId;
  }

  async create(user: NewDirectoryUser): Promise<{ readonly userId: string }> {
    try {
      const created = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            // The administrator vouches for the address: the invitation goes to it, and it signs in with it.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
            { Name: tenantAttribute, Value: user.tenant },
            { Name: roleAttribute, Value: user.role },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      const userId = attribute(created.User?.Attributes, 'sub') ?? created.User?.Username;
      if (!userId) throw new Error('Cognito created a user without a sub');
      return { userId };
    } catch (error) {
      if (error instanceof UsernameExistsException) return this.existing(user);
      throw unavailable(error, 'create the user');
    }
  }

  async emailAvailableTo(userId: string, email: string): Promise<boolean> {
    try {
      const found = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email }));
      return (attribute(found.UserAttributes, 'sub') ?? found.Username) === userId;
    } catch (error) {
      if (error instanceof UserNotFoundException) return true;
      throw unavailable(error, 'look the address up');
    }
  }

  /** A retry after a failure between this call and the commit finds the user it created: same tenant, same sub. */
  private async existing(user: NewDirectoryUser): Promise<{ readonly userId: string }> {
    let found;
    try {
      found = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: user.email }));
    } catch (error) {
      throw unavailable(error, 'look the user up');
    }
    const userId = attribute(found.UserAttributes, 'sub') ?? found.Username;
    if (attribute(found.UserAttributes, tenantAttribute) !== user.tenant || !userId) throw new DirectoryEmailTakenError();
    return { userId };
  }

  async follow(user: DirectoryUserState): Promise<void> {
    const pool = { UserPoolId: this.userPoolId, Username: user.userId };
    try {
      await this.client.send(
        new AdminUpdateUserAttributesCommand({
          ...pool,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
            { Name: roleAttribute, Value: user.role },
          ],
        }),
      );
      if (user.active) {
        await this.client.send(new AdminEnableUserCommand(pool));
      } else {
        // Refresh tokens revoked first, then no new sign-in; the ID tokens already out are refused by the API itself.
        await this.client.send(new AdminUserGlobalSignOutCommand(pool));
        await this.client.send(new AdminDisableUserCommand(pool));
      }
    } catch (error) {
      // A user of the log with no identity (registered before users were created in Cognito): nothing to follow.
      if (error instanceof UserNotFoundException) return;
      if (error instanceof AliasExistsException) throw new DirectoryEmailTakenError();
      throw unavailable(error, 'update the user');
    }
  }
}

/**
 * A directory for a deployed function without USER_POOL_ID: every call fails loudly (500, logged).
 * The local stand-in there would record users under ids nobody can sign in as.
 */
export const unconfiguredUserDirectory: UserDirectory = {
  create: () => Promise.reject(new Error(`${userDirectoryEnv.userPoolId} is not set: this function cannot manage users`)),
  follow: () => Promise.reject(new Error(`${userDirectoryEnv.userPoolId} is not set: this function cannot manage users`)),
  emailAvailableTo: () => Promise.reject(new Error(`${userDirectoryEnv.userPoolId} is not set: this function cannot manage users`)),
};

/** `{ userDirectory }` when USER_POOL_ID is set (the deployed admin API), else nothing. */
export const cognitoUserDirectoryFromEnv = (env: NodeJS.ProcessEnv = process.env): { userDirectory?: UserDirectory } => {
  const userPoolId = env[userDirectoryEnv.userPoolId];
  return userPoolId ? { userDirectory: new CognitoUserDirectory(awsClient(new CognitoIdentityProviderClient({})), userPoolId) } : {};
};
