import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../contract/functions.ts';
import { readModelsTable } from '../../contract/tables.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { allowedActions, getAtt, logicalId } from './helpers.ts';

let stack: CronacaStack;
let template: Template;
let role: string;
let fn: string;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaReminders', {
    stage: 'test',
    mailSender: { fromAddress: 'reminders@crm.example.it', fromName: 'Cronaca' },
  });
  template = Template.fromStack(stack);
  role = logicalId(stack.functions.sendReminders.role);
  fn = logicalId(stack.functions.sendReminders.function);
});

const indexArn = (index: string) => ({ 'Fn::Join': ['', [getAtt(logicalId(stack.readModels.table), 'Arn'), `/index/${index}`]] });

describe('reminders in AWS', () => {
  it('the read models table has the sparse due-reminders index of the contract', () => {
    const due = readModelsTable.globalSecondaryIndexes.find((index) => index.indexName === 'remindersDue')!;
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'cronaca-test-read-models',
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'remindersDue',
          KeySchema: [
            { AttributeName: due.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: due.sortKey.name, KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });

  it('an EventBridge rule invokes the job at the contract rate, with few retries and no stale events', () => {
    expect(functions.sendReminders.schedule.rateMinutes).toBe(5);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: getAtt(fn, 'Arn'), RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(fn, 'Arn'),
      Principal: 'events.amazonaws.com',
    });
  });

  it('a run EventBridge could not invoke, or that failed every attempt, lands in one dead-letter queue (alarmed: failure-destinations.test.ts)', () => {
    const dlq = getAtt(logicalId(stack.reminderDelivery.deadLetterQueue), 'Arn');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: getAtt(fn, 'Arn'), DeadLetterConfig: { Arn: dlq } })],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnFailure: { Destination: dlq } },
    });
    // EventBridge may send to it (the target's DLQ); the function's role too (the on-failure destination).
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } })]) },
    });
    expect(allowedActions(template, role).get('sqs:SendMessage')).toContainEqual(dlq);
  });

  it('the job may send e-mail only from the verified identity and sender address', () => {
    const identityArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/crm.example.it']],
    };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'ses:SendEmail', Resource: identityArn, Condition: { StringEquals: { 'ses:FromAddress': 'reminders@crm.example.it' } } },
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_FROM_ADDRESS: 'reminders@crm.example.it', MAIL_IDENTITY_ARN: identityArn }) },
    });
    for (const other of Object.keys(functions).filter((name) => name !== 'sendReminders') as (keyof typeof functions)[]) {
      expect([...allowedActions(template, logicalId(stack.functions[other].role)).keys()]).not.toContain('ses:SendEmail');
    }
  });

  it('reads the due index and the calendar, updates read items, claims and records in the log; no scan, no bus', () => {
    const actions = allowedActions(template, role);
    expect(actions.get('dynamodb:Query')).toEqual(
      expect.arrayContaining([getAtt(logicalId(stack.readModels.table), 'Arn'), indexArn('remindersDue'), indexArn('gsi1')]),
    );
    for (const unused of ['gsi2', 'gsi3', 'gsi4']) expect(actions.get('dynamodb:Query')).not.toContainEqual(indexArn(unused));
    expect(actions.get('dynamodb:UpdateItem')).toContainEqual(getAtt(logicalId(stack.readModels.table), 'Arn'));
    expect(actions.get('dynamodb:PutItem')).toEqual([getAtt(logicalId(stack.eventStore.table), 'Arn')]);
    expect(actions.has('dynamodb:Scan')).toBe(false);
    expect(actions.has('events:PutEvents')).toBe(false);
  });
});
