import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionDefinition, type FunctionName } from '../../contract/functions.ts';
import { projectActions, queryActions } from '../../infra/constructs/read-models.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { getAtt, logicalId, statementsOfRole } from './helpers.ts';

/**
 * Least privilege, the whole inventory (issue 18): every action each function's role is allowed,
 * outside the events table (test/infra/events-table-iam.test.ts lists that one key pattern by key
 * pattern) and its own log group and X-Ray. Read-model actions are derived from the contract's
 * `access.readModels`; the rest — queues, buckets, the bus, SES, Cognito — is listed here, so a grant
 * that widens any function's role fails this test until the list (and its reason) is updated.
 */
let stack: CronacaStack;
let template: Template;
const names = Object.keys(functions) as FunctionName[];

beforeAll(() => {
  stack = new CronacaStack(new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false }), 'CronacaLeastPrivilege', { stage: 'lp' });
  template = Template.fromStack(stack);
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The role's allowed actions by what they apply to: `readModels`, `eventsTable`, `eventsStream`, `*`, or the action's service. */
const inventory = (name: FunctionName) => {
  const readModelsArn = getAtt(logicalId(stack.readModels.table), 'Arn');
  const eventsArn = getAtt(logicalId(stack.eventStore.table), 'Arn');
  const onReadModels = (resource: unknown) => same(resource, readModelsArn) || JSON.stringify(resource).includes(JSON.stringify(readModelsArn));
  const byTarget = new Map<string, Set<string>>();
  const add = (target: string, action: string) => byTarget.set(target, (byTarget.get(target) ?? new Set()).add(action));
  for (const statement of statementsOfRole(template, logicalId(stack.functions[name].role))) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of statement.Action) {
      if (action.startsWith('logs:') || action.startsWith('xray:')) continue;
      for (const resource of statement.Resource) {
        if (action.startsWith('dynamodb:')) {
          if (same(resource, eventsArn)) add('eventsTable', action);
          else if (onReadModels(resource)) add('readModels', action);
          else if (resource === '*') add('*', action);
          else add('eventsStream', action);
        } else add(action.split(':')[0]!, action);
      }
    }
  }
  const targets = [...byTarget.keys()].filter((target) => target !== 'eventsTable').sort();
  return Object.fromEntries(targets.map((target) => [target, [...byTarget.get(target)!].sort()]));
};

const sorted = (actions: readonly string[]) => [...actions].sort();
/** Read-model actions as the contract declares them. */
const readModelsOf = (definition: FunctionDefinition): string[] =>
  definition.access?.readModels === 'project' ? sorted(projectActions) : definition.access?.readModels === 'query' ? sorted(queryActions) : [];

const sendToQueue = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const consumeQueue = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
const streamConsumer = { '*': ['dynamodb:ListStreams'], eventsStream: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'] };

/** Beyond the contract's `access.readModels`: each capability construct's grants, and why. */
const capabilities: Record<FunctionName, Record<string, string[]>> = {
  supportApi: {},
  directoryApi: { s3: ['s3:GetObject', 's3:PutObject'] }, // contact avatars (access.avatars), `*/avatars/*` only
  salesApi: {},
  requestsApi: {},
  reportsApi: { s3: ['s3:GetObject'], sqs: sendToQueue }, // presigned report downloads; queues report jobs
  reportRenderer: { s3: ['s3:PutObject', 's3:PutObjectTagging'], sqs: sorted([...consumeQueue, 'sqs:SendMessage']) }, // writes report files; its queue, and its own retries
  adminApi: {
    // Users' sign-in identities (docs/users.md): create and find on registration, follow role and deactivation.
    'cognito-idp': sorted(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminUpdateUserAttributes', 'cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminUserGlobalSignOut']),
    sqs: sendToQueue, // queues projection rebuilds
  },
  projectionRebuilder: { readModels: sorted([...projectActions, 'dynamodb:Scan']), sqs: sorted([...consumeQueue, 'sqs:SendMessage']) }, // folds and sweeps (Scan); its continuations
  metaApi: {},
  projector: { ...streamConsumer, s3: ['s3:ListBucket', 's3:PutObject'] }, // the table's stream; failed batches to the failure bucket
  publisher: { ...streamConsumer, events: ['events:PutEvents'], s3: ['s3:ListBucket', 's3:PutObject'] }, // the stream to the bus; failed batches
  activitiesApi: {},
  activityRelinker: { sqs: sendToQueue }, // its bus subscription's dead-letter queue
  // The due index and agenda (read, mark sent) instead of a contract grant; SES for the mail.
  sendReminders: { readModels: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], ses: ['ses:SendEmail'], sqs: sendToQueue }, // its schedule's dead-letter queue is also its asynchronous on-failure destination
  importsApi: { s3: ['s3:GetObject', 's3:PutObject'], sqs: sendToQueue }, // presigned uploads and downloads; queues jobs
  importWorker: { s3: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject', 's3:PutObjectTagging'], sqs: sorted([...consumeQueue, 'sqs:SendMessage']) }, // files, errors, exports; continuations
  collaborationApi: {},
  collaborationNotifier: { sqs: sendToQueue }, // its bus subscription's dead-letter queue
  integrationsApi: { 'cognito-idp': ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'], sqs: sendToQueue }, // API clients' app clients; test events, redeliveries
  webhookDispatcher: { sqs: sendToQueue }, // the webhook queue, and its subscription's dead-letter queue
  webhookSender: { sqs: consumeQueue }, // receives, and holds back (ChangeMessageVisibility) on a failing endpoint; sends nothing
};

describe('every function may do exactly this, beyond the events table', () => {
  it.each(names)('%s', (name) => {
    const definition = functions[name] as FunctionDefinition;
    const readModels = readModelsOf(definition);
    const expected: Record<string, string[]> = { ...(readModels.length > 0 ? { readModels } : {}), ...capabilities[name] };
    expect(inventory(name)).toEqual(Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))));
  });

  it('lists every function', () => {
    expect(Object.keys(capabilities).sort()).toEqual([...names].sort());
  });
});
