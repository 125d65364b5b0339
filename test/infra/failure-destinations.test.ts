import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { busRules } from '../../contract/bus-rules.ts';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { logicalId, ref } from './helpers.ts';

/**
 * Every way work can be lost or delayed ends somewhere an alarm of the one topic watches. Derived from
 * the contract (every `stream`, `queue`, `bus` and `scheduled` function) and from the template as a
 * whole (every queue, event-source mapping and rule target), so a function, queue or rule added
 * without a failure destination and its alarm fails here.
 */
let template: Template;
let topic: string;
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
let resources: Record<string, Resource>;
const fnIds = {} as Record<FunctionName, string>;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const stack = new CronacaStack(app, 'CronacaFailures', { stage: 'test' });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
  topic = logicalId(stack.alarms.topic);
  for (const name of Object.keys(functions) as FunctionName[]) fnIds[name] = logicalId(stack.functions[name].function);
});

const ofType = (type: string): [string, Resource][] => Object.entries(resources).filter(([, resource]) => resource.Type === type);
/** `{ 'Fn::GetAtt': [id, 'Arn'] }` -> id. */
const arnOf = (value: unknown): string | undefined => {
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
  return getAtt?.[1] === 'Arn' ? getAtt[0] : undefined;
};
const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);

/** Alarms (notifying the topic, on ALARM and OK) whose metric has this dimension, directly or inside a math expression. */
const alarmsWatching = (dimension: string, value: unknown): Record<string, any>[] =>
  alarms().filter((alarm) => {
    const dimensionSets = [alarm.Dimensions, ...((alarm.Metrics ?? []) as { MetricStat?: { Metric: { Dimensions: unknown } } }[]).map((m) => m.MetricStat?.Metric.Dimensions)];
    const watches = dimensionSets.some((dimensions) =>
      ((dimensions ?? []) as { Name: string; Value: unknown }[]).some((d) => d.Name === dimension && JSON.stringify(d.Value) === JSON.stringify(value)),
    );
    return watches && JSON.stringify(alarm.AlarmActions) === JSON.stringify([ref(topic)]) && JSON.stringify(alarm.OKActions) === JSON.stringify([ref(topic)]);
  });

/** A queue's dead letters raise an alarm of the topic. */
const expectQueueAlarmed = (queueId: string, what: string) => {
  const watching = alarmsWatching('QueueName', { 'Fn::GetAtt': [queueId, 'QueueName'] }).filter(
    (alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible' && alarm.Threshold === 1 && alarm.ComparisonOperator === 'GreaterThanOrEqualToThreshold',
  );
  expect(watching, `${what}: no alarm on the messages in ${queueId}`).toHaveLength(1);
};

const mappingsOf = (fnId: string) => ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify(ref(fnId)));
const rulesTargeting = (fnId: string) =>
  ofType('AWS::Events::Rule').flatMap(([id, rule]) =>
    ((rule.Properties.Targets ?? []) as Record<string, any>[]).filter((target) => arnOf(target.Arn) === fnId).map((target) => ({ id, rule, target })),
  );
const invokeConfigOf = (fnId: string) => ofType('AWS::Lambda::EventInvokeConfig').filter(([, c]) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify(ref(fnId)));

/** An asynchronously invoked function: every rule target has a DLQ and the function an on-failure destination, both alarmed. */
const expectAsyncFailuresAlarmed = (name: FunctionName) => {
  const targets = rulesTargeting(fnIds[name]);
  expect(targets.length, `${name}: no rule invokes it`).toBeGreaterThan(0);
  for (const { id, target } of targets) {
    const dlq = arnOf(target.DeadLetterConfig?.Arn);
    expect(dlq, `${name}: the target of rule ${id} has no dead-letter queue`).toBeDefined();
    expect(target.RetryPolicy, `${name}: the target of rule ${id} has no retry policy`).toBeDefined();
    expectQueueAlarmed(dlq!, `${name} (rule ${id})`);
  }
  const configs = invokeConfigOf(fnIds[name]);
  expect(configs, `${name}: no asynchronous-invocation config`).toHaveLength(1);
  const onFailure = arnOf(configs[0]![1].Properties.DestinationConfig?.OnFailure?.Destination);
  expect(onFailure, `${name}: no on-failure destination for its asynchronous invocations`).toBeDefined();
  expect(resources[onFailure!]!.Type).toBe('AWS::SQS::Queue');
  expectQueueAlarmed(onFailure!, `${name} (on-failure destination)`);
};

const byKind = (kind: string) => (Object.keys(functions) as FunctionName[]).filter((name) => functions[name].kind === kind);

describe('every non-HTTP function of the contract has an alarmed failure destination', () => {
  it('the contract has stream, queue, bus and scheduled functions (the lists below are not empty)', () => {
    for (const kind of ['stream', 'queue', 'bus', 'scheduled']) expect(byKind(kind).length, kind).toBeGreaterThan(0);
    expect(Object.keys(busRules).sort()).toEqual(byKind('bus').sort());
  });

  it.each(byKind('stream'))('%s (stream): its mapping sends failed batches to a bucket watched by an alarm; failed deliveries there alarm too', (name) => {
    const mappings = mappingsOf(fnIds[name]);
    expect(mappings).toHaveLength(1);
    const properties = mappings[0]![1].Properties;
    expect(properties.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    const bucket = arnOf(properties.DestinationConfig?.OnFailure?.Destination);
    expect(bucket, 'no on-failure destination').toBeDefined();
    expect(resources[bucket!]!.Type).toBe('AWS::S3::Bucket');
    expect(alarmsWatching('BucketName', ref(bucket!)).filter((alarm) => alarm.MetricName === 'PutRequests')).toHaveLength(1);
    expect(alarmsWatching('FunctionName', ref(fnIds[name])).filter((alarm) => alarm.MetricName === 'DestinationDeliveryFailures')).toHaveLength(1);
    expect(alarmsWatching('FunctionName', ref(fnIds[name])).filter((alarm) => alarm.MetricName === 'IteratorAge')).toHaveLength(1);
  });

  it.each(byKind('queue'))('%s (queue): its source queue redrives to a dead-letter queue with an alarm', (name) => {
    const mappings = mappingsOf(fnIds[name]);
    expect(mappings).toHaveLength(1);
    const source = arnOf(mappings[0]![1].Properties.EventSourceArn);
    expect(resources[source!]?.Type).toBe('AWS::SQS::Queue');
    const dlq = arnOf(resources[source!]!.Properties.RedrivePolicy?.deadLetterTargetArn);
    expect(dlq, `${name}: its queue has no redrive policy`).toBeDefined();
    expectQueueAlarmed(dlq!, name);
  });

  it.each(byKind('bus'))('%s (bus): its rule on the bus has a dead-letter queue, its asynchronous invocations an on-failure destination, both alarmed', (name) => {
    expect(rulesTargeting(fnIds[name]).every(({ rule }) => rule.Properties.EventBusName !== undefined)).toBe(true);
    expectAsyncFailuresAlarmed(name);
  });

  it.each(byKind('scheduled'))('%s (scheduled): its schedule target has a dead-letter queue, its asynchronous invocations an on-failure destination, both alarmed', (name) => {
    expect(rulesTargeting(fnIds[name]).every(({ rule }) => typeof rule.Properties.ScheduleExpression === 'string')).toBe(true);
    expectAsyncFailuresAlarmed(name);
  });

  it.each(Object.keys(functions) as FunctionName[])('%s: errors and throttles alarm', (name) => {
    const metrics = alarmsWatching('FunctionName', ref(fnIds[name])).map((alarm) => alarm.MetricName);
    expect(metrics).toEqual(expect.arrayContaining(['Errors', 'Throttles']));
  });
});

describe('the template as a whole: nothing without failure handling', () => {
  const deadLetterQueues = (): Set<string> => {
    const ids = new Set<string>();
    for (const [, queue] of ofType('AWS::SQS::Queue')) {
      const dlq = arnOf(queue.Properties.RedrivePolicy?.deadLetterTargetArn);
      if (dlq) ids.add(dlq);
    }
    for (const [, rule] of ofType('AWS::Events::Rule')) {
      for (const target of (rule.Properties.Targets ?? []) as Record<string, any>[]) {
        const dlq = arnOf(target.DeadLetterConfig?.Arn);
        if (dlq) ids.add(dlq);
      }
    }
    for (const [, config] of ofType('AWS::Lambda::EventInvokeConfig')) {
      const dlq = arnOf(config.Properties.DestinationConfig?.OnFailure?.Destination);
      if (dlq) ids.add(dlq);
    }
    return ids;
  };

  it('every queue either redrives to a dead-letter queue or is one, and every dead-letter queue is alarmed', () => {
    const dlqs = deadLetterQueues();
    const queues = ofType('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const [id, queue] of queues) {
      if (dlqs.has(id)) expectQueueAlarmed(id, `dead-letter queue ${id}`);
      else expect(queue.Properties.RedrivePolicy, `${id} is neither a dead-letter queue nor has one`).toBeDefined();
    }
  });

  it('every event-source mapping has failure handling: an on-failure destination (streams) or a source queue with a redrive policy (SQS)', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBe(byKind('stream').length + byKind('queue').length);
    for (const [id, mapping] of mappings) {
      const source = arnOf(mapping.Properties.EventSourceArn);
      if (source && resources[source]?.Type === 'AWS::SQS::Queue') {
        expect(resources[source]!.Properties.RedrivePolicy, `${id}: its queue has no redrive policy`).toBeDefined();
        expect(mapping.Properties.FunctionResponseTypes, `${id}: no partial batch failures`).toEqual(['ReportBatchItemFailures']);
      } else {
        expect(mapping.Properties.DestinationConfig?.OnFailure?.Destination, `${id}: no on-failure destination`).toBeDefined();
        expect(mapping.Properties.MaximumRecordAgeInSeconds, `${id}: unbounded record age`).toBeGreaterThan(0);
      }
    }
  });

  it('every rule target has a retry policy and a dead-letter queue; every function a rule invokes has an on-failure destination', () => {
    const rules = ofType('AWS::Events::Rule');
    expect(rules.length).toBe(byKind('bus').length + byKind('scheduled').length);
    for (const [id, rule] of rules) {
      for (const target of rule.Properties.Targets as Record<string, any>[]) {
        expect(target.RetryPolicy, `${id}: no retry policy`).toBeDefined();
        expect(arnOf(target.DeadLetterConfig?.Arn), `${id}: no dead-letter queue`).toBeDefined();
        const fn = arnOf(target.Arn)!;
        expect(invokeConfigOf(fn).map(([, c]) => c.Properties.DestinationConfig?.OnFailure?.Destination), `${id}: ${fn} has no on-failure destination`).toHaveLength(1);
      }
    }
  });

  it('every alarm notifies the one topic on ALARM and on OK', () => {
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([ref(topic)]);
      expect(alarm.OKActions, alarm.AlarmName).toEqual([ref(topic)]);
      expect(alarm.AlarmDescription, alarm.AlarmName).toMatch(/First: /);
    }
    expect(ofType('AWS::SNS::Topic')).toHaveLength(1);
  });
});
