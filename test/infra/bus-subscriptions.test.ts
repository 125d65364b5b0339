import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { busRules } from '../../contract/bus-rules.ts';
import { catalogue } from '../../contract/event-catalogue.ts';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { allowedActions, getAtt, logicalId } from './helpers.ts';

let stack: CronacaStack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaBus', { stage: 'test' });
  template = Template.fromStack(stack);
});

const busFunctions = Object.keys(busRules) as (keyof typeof busRules)[];

describe('readers of the events-table stream', () => {
  it('are at most two (AWS advises no more per shard): every further consumer subscribes on the bus', () => {
    // Only the mappings on the events-table stream: the import worker's SQS mapping is another source.
    const streamArn = { 'Fn::GetAtt': [logicalId(stack.eventStore.table), 'StreamArn'] };
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => JSON.stringify(mapping.Properties.EventSourceArn) === JSON.stringify(streamArn),
    );
    expect(mappings.length).toBeGreaterThan(0);
    expect(mappings.length).toBeLessThanOrEqual(2);
    const readers = mappings.map((mapping) => (mapping.Properties.FunctionName as { Ref: string }).Ref);
    for (const name of busFunctions) expect(readers).not.toContain(logicalId(stack.functions[name].function));
  });
});

describe.each(busFunctions)('bus subscriber %s', (name: FunctionName & keyof typeof busRules) => {
  const fnId = () => logicalId(stack.functions[name].function);

  it('is invoked by a rule on the bus with the contract’s pattern, retried, dead-lettered', () => {
    const { pattern } = busRules[name];
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(stack.eventBus.bus) },
      EventPattern: { source: [...pattern.source], ...(pattern.detailType ? { 'detail-type': [...pattern.detailType] } : {}) },
      Targets: [
        Match.objectLike({
          Arn: getAtt(fnId(), 'Arn'),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    expect(functions[name].kind).toBe('bus');
  });

  it('sends what failed on every asynchronous attempt to the same dead-letter queue, which raises an alarm', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      (rule.Properties.Targets as { Arn: unknown }[]).some((target) => JSON.stringify(target.Arn) === JSON.stringify(getAtt(fnId(), 'Arn'))),
    );
    expect(rules).toHaveLength(1);
    const dlq = (rules[0]!.Properties.Targets as { DeadLetterConfig: { Arn: unknown } }[])[0]!.DeadLetterConfig.Arn;
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId() },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: dlq } },
    });
    const queueId = (dlq as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::SQS::Queue', Match.objectLike({ SqsManagedSseEnabled: true }));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
    });
    // Its dead-letter queue; and the dispatcher, the webhook queue it fills (test/infra/webhook-delivery.test.ts).
    const sends = name === 'webhookDispatcher' ? [getAtt(logicalId(stack.webhookDelivery.queue), 'Arn'), dlq] : [dlq];
    expect(allowedActions(template, logicalId(stack.functions[name].role)).get('sqs:SendMessage')).toEqual(sends);
  });

  it('reads no stream', () => {
    const actions = allowedActions(template, logicalId(stack.functions[name].role));
    expect([...actions.keys()].filter((action) => action.startsWith('dynamodb:') && action.includes('Stream'))).toEqual([]);
  });
});

describe('the webhook dispatcher’s rule', () => {
  it('matches every source of the catalogue but the integrations context’s own, by source alone (every type of them)', () => {
    const sources = [...new Set([...catalogue.values()].map((definition) => definition.source))];
    expect(sources).toContain('cronaca.integrations');
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      (rule.Properties.Targets as { Arn: unknown }[]).some(
        (target) => JSON.stringify(target.Arn) === JSON.stringify(getAtt(logicalId(stack.functions.webhookDispatcher.function), 'Arn')),
      ),
    );
    expect(rules).toHaveLength(1);
    const pattern = rules[0]!.Properties.EventPattern as Record<string, unknown>;
    // A delivery's own events never schedule deliveries (no loop); no detail-type list to keep up to date.
    expect(Object.keys(pattern)).toEqual(['source']);
    expect([...(pattern.source as string[])].sort()).toEqual(sources.filter((source) => source !== 'cronaca.integrations').sort());
  });
});
