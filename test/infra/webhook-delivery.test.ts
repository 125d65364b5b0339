import { LocalFifoQueue } from '../../adapters/queue/local-fifo-queue.ts';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { integrationEnv } from '../../contract/tables.ts';
import { webhookDeliverySettings } from '../../infra/constructs/webhook-delivery.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { allowedActions, getAtt, logicalId, ref } from './helpers.ts';

/** The webhook queue between the dispatcher (and the integrations API) and the sender (docs/webhooks.md "Infrastructure"). */
let stack: CronacaStack;
let template: Template;
const ids = {} as { queue: string; deadLetterQueue: string; topic: string };
const functionNames = Object.keys(functions) as FunctionName[];

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaWebhooks', { stage: 'hooks' });
  template = Template.fromStack(stack);
  ids.queue = logicalId(stack.webhookDelivery.queue);
  ids.deadLetterQueue = logicalId(stack.webhookDelivery.deadLetterQueue);
  ids.topic = logicalId(stack.alarms.topic);
});

const queueArn = () => getAtt(ids.queue, 'Arn');
const actionsOf = (name: FunctionName) => allowedActions(template, logicalId(stack.functions[name].role));

describe('the webhook queue', () => {
  it('is a high-throughput FIFO queue whose producers deduplicate (no content-based deduplication), encrypted', () => {
    const queue = template.findResources('AWS::SQS::Queue')[ids.queue]!.Properties;
    expect(queue).toMatchObject({
      QueueName: 'cronaca-hooks-webhooks.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: false,
      // Throughput and deduplication per message group (one endpoint, one record): high-throughput FIFO.
      FifoThroughputLimit: 'perMessageGroupId',
      DeduplicationScope: 'messageGroup',
      SqsManagedSseEnabled: true,
    });
  });

  it('hides a batch for six times the sender’s timeout (AWS guidance for SQS event sources) and keeps a message 14 days: past a 5-day outage and a round', () => {
    const queue = template.findResources('AWS::SQS::Queue')[ids.queue]!.Properties;
    expect(queue.VisibilityTimeout).toBe(functions.webhookSender.timeoutSeconds * 6);
    expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('moves a message to a FIFO dead-letter queue only after SQS’s maximum of receives, the local queue’s too, and alarms on the oldest message', () => {
    const queue = template.findResources('AWS::SQS::Queue')[ids.queue]!.Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: getAtt(ids.deadLetterQueue, 'Arn'), maxReceiveCount: 1000 });
    expect(new LocalFifoQueue().maxReceiveCount).toBe(1000);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(ids.queue, 'QueueName') }],
      Threshold: 6 * 24 * 3600,
    });
    const dlq = template.findResources('AWS::SQS::Queue')[ids.deadLetterQueue]!.Properties;
    expect(dlq).toMatchObject({ QueueName: 'cronaca-hooks-webhooks-dlq.fifo', FifoQueue: true, SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it.each([() => ids.queue, () => ids.deadLetterQueue])('%# refuses requests without TLS', (id) => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(id())],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('raises an alarm on the topic as soon as the dead-letter queue holds a message', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: getAtt(ids.deadLetterQueue, 'QueueName') }] },
    });
    expect(Object.values(alarms)).toHaveLength(1);
    expect(Object.values(alarms)[0]!.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [ref(ids.topic)],
    });
  });
});

describe('the sender', () => {
  it('consumes the queue ten at a time, reports partial batch failures, at most 50 at once', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { EventSourceArn: queueArn() } }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: ref(logicalId(stack.functions.webhookSender.function)),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 50 },
    });
    // FIFO sources take no batching window.
    expect(mappings[0]!.Properties.MaximumBatchingWindowInSeconds).toBeUndefined();
  });

  it('may receive, delete and hold back (ChangeMessageVisibility) messages, and not send any', () => {
    const actions = actionsOf('webhookSender');
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) expect(actions.get(action), action).toEqual([queueArn()]);
    expect(actions.has('sqs:SendMessage')).toBe(false);
  });

  it('runs outside a VPC: it reaches receivers directly, the SSRF checks are in code (adapters/http/safe-http-client.ts)', () => {
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.webhookSender.function)]!;
    expect(fn.Properties.VpcConfig).toBeUndefined();
    expect(fn.Properties.Environment.Variables[integrationEnv.webhookLoopbackAllowed]).toBeUndefined();
  });
});

describe('producers', () => {
  it('the dispatcher and the integrations API may send to the queue, and find it in WEBHOOK_QUEUE_URL; no other function may', () => {
    for (const name of functionNames) {
      const sends = actionsOf(name).get('sqs:SendMessage') ?? [];
      const toQueue = sends.some((resource) => JSON.stringify(resource) === JSON.stringify(queueArn()));
      expect(toQueue, name).toBe(name === 'webhookDispatcher' || name === 'integrationsApi');
      const variables = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions[name].function)]!.Properties.Environment.Variables;
      // The sender has the URL too: ChangeMessageVisibility names the queue by URL.
      expect(variables[integrationEnv.webhookQueue] !== undefined, name).toBe(['webhookDispatcher', 'integrationsApi', 'webhookSender'].includes(name));
      if (variables[integrationEnv.webhookQueue] !== undefined) expect(variables[integrationEnv.webhookQueue]).toEqual(ref(ids.queue));
      // Loopback receivers are a local-cloud thing only.
      expect(variables[integrationEnv.webhookLoopbackAllowed], name).toBeUndefined();
    }
  });

  it('consuming the queue is the sender’s alone', () => {
    for (const name of functionNames.filter((n) => n !== 'webhookSender')) {
      const actions = actionsOf(name);
      for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
        expect((actions.get(action) ?? []).some((resource) => JSON.stringify(resource) === JSON.stringify(queueArn())), `${name} ${action}`).toBe(false);
      }
    }
  });
});
