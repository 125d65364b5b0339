import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Identity } from '../../infra/constructs/identity.ts';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { userDirectoryCognitoActions } from '../../adapters/identity/cognito-user-directory.ts';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { routes } from '../../contract/routes.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { allowedActions, getAtt, logicalId, ref } from './helpers.ts';

/**
 * Users' sign-in identities (adapters/identity/cognito-user-directory.ts): the admin API, and it alone,
 * administers Cognito users, with exactly the calls the adapter makes, on the staff pool only; every
 * function behind the authorizer reads users' streams (functions/http/auth.ts refuses a deactivated user).
 * Bundling is skipped: only the template is read.
 */
let template: Template;
let stack: CronacaStack;
const functionNames = Object.keys(functions) as FunctionName[];
const roleOf = (name: FunctionName) => logicalId(stack.functions[name].function.role!);

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaUsers', { stage: 'test' });
  template = Template.fromStack(stack);
});

describe('user administration in Cognito', () => {
  it('the admin API is allowed exactly the user calls of the adapter, on the user pool only', () => {
    const cognito = [...allowedActions(template, roleOf('adminApi')).entries()].filter(([action]) => action.startsWith('cognito-idp:'));
    expect(cognito.map(([action]) => action).sort()).toEqual(
      [
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminUpdateUserAttributes',
        'cognito-idp:AdminUserGlobalSignOut',
      ].sort(),
    );
    expect([...userDirectoryCognitoActions].sort()).toEqual(cognito.map(([action]) => action).sort());
    for (const [, resources] of cognito) expect(resources).toEqual([getAtt(logicalId(stack.identity.userPool), 'Arn')]);
  });

  it('no other function may administer users', () => {
    for (const name of functionNames.filter((fn) => fn !== 'adminApi')) {
      const admin = [...allowedActions(template, roleOf(name)).keys()].filter((action) => action.startsWith('cognito-idp:Admin') || action === 'cognito-idp:*');
      expect(admin, name).toEqual([]);
    }
  });

  it('the admin API knows the user pool', () => {
    const variables = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.adminApi.function)]!.Properties.Environment.Variables;
    expect(variables.USER_POOL_ID).toEqual(ref(logicalId(stack.identity.userPool)));
  });

  it('every function behind the authorizer may read the events table and admits users of record only', () => {
    const behindAuthorizer = [...new Set(routes.filter((route) => route.auth === 'jwt').map((route) => route.function))] as FunctionName[];
    expect(behindAuthorizer.length).toBeGreaterThan(5);
    const lambdas = template.findResources('AWS::Lambda::Function');
    for (const name of functionNames) {
      const variables = lambdas[logicalId(stack.functions[name].function)]!.Properties.Environment?.Variables ?? {};
      expect(variables.USERS_OF_RECORD_ONLY, name).toBe(behindAuthorizer.includes(name) ? 'true' : undefined);
    }
    const eventsTable = getAtt(logicalId(stack.eventStore.table), 'Arn');
    for (const name of behindAuthorizer) expect(allowedActions(template, roleOf(name)).get('dynamodb:Query'), name).toContainEqual(eventsTable);
  });

  it('admits tokens without a user of record only when the stage is told to (while it adopts users made outside the API)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    const adopting = new CronacaStack(app, 'CronacaAdopting', { stage: 'test', usersOfRecordOnly: false });
    const lambdas = Template.fromStack(adopting).findResources('AWS::Lambda::Function');
    const variables = lambdas[logicalId(adopting.functions.supportApi.function)]!.Properties.Environment.Variables;
    expect(variables.USERS_OF_RECORD_ONLY).toBe('false');
  });

  it('the pool invites with a text that names the product, the user name and the temporary password', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: true,
        InviteMessageTemplate: {
          EmailSubject: 'Your Cronaca account',
          EmailMessage: Match.stringLikeRegexp('\\{username\\}[\\s\\S]*\\{####\\}'),
        },
      },
    });
  });

  it('sends invitations with Cognito’s own e-mail unless an SES sender is given, then from it, in the stack’s region', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: Match.absent() });
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const alone = new Stack(app, 'IdentityWithSes');
    new Identity(alone, 'Identity', {
      stage: 'test',
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      threatProtection: false,
      invitationSender: { fromAddress: 'no-reply@crm.example.com', identity: 'crm.example.com' },
    });
    Template.fromStack(alone).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        From: 'Cronaca <no-reply@crm.example.com>',
        SourceArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':ses:', { Ref: 'AWS::Region' }, ':identity/crm.example.com'])]) }),
      },
    });
  });
});
