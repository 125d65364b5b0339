import { Grant } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { userDirectoryCognitoActions, userDirectoryEnv } from '../../adapters/identity/cognito-user-directory.ts';
import { usersOfRecordOnlyEnv } from '../../adapters/people/event-store-user-access.ts';
import type { CronacaFunction } from './functions.ts';
import type { Identity } from './identity.ts';

export { userDirectoryCognitoActions };

export interface UserDirectoryProps {
  readonly identity: Identity;
  /** The admin API: `POST /v1/users` creates the Cognito user, `PATCH /v1/users/{id}` makes it follow the log. */
  readonly manager: CronacaFunction;
  /**
   * Every function behind the authorizer: a token acts only for a user of record (functions/http/auth.ts),
   * so a Cognito user whose registration never committed cannot act on its claims.
   */
  readonly guarded: readonly CronacaFunction[];
  /** `false` only while a stage adopts users made outside the API (docs/deploy.md "Upgrading"). */
  readonly usersOfRecordOnly: boolean;
}

/**
 * What managing users takes in Cognito (adapters/identity/cognito-user-directory.ts): create a user
 * (the invitation e-mail), find one by e-mail on a retry, update its attributes (role, e-mail, name),
 * disable it with a global sign-out, enable it again — on the staff pool only. Not AdminDeleteUser
 * (deactivated users keep their history and their identity), not AdminSetUserPassword nor
 * AdminResetUserPassword (nobody but the user knows a password), not AdminAddUserToGroup (groups live
 * in the log), no pool settings.
 */
export class UserDirectory extends Construct {
  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    const { identity, manager } = props;
    Grant.addToPrincipal({ grantee: manager.function, actions: [...userDirectoryCognitoActions], resourceArns: [identity.userPool.userPoolArn] });
    manager.function.addEnvironment(userDirectoryEnv.userPoolId, identity.userPool.userPoolId);
    for (const fn of props.guarded) fn.function.addEnvironment(usersOfRecordOnlyEnv, String(props.usersOfRecordOnly));
  }
}
