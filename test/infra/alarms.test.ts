import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { alarmThresholds, dashboardGroups, dynamoOperations } from '../../infra/constructs/alarm-definitions.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { logicalId, ref } from './helpers.ts';

/** The alarms beyond the failure destinations (failure-destinations.test.ts), and the dashboard made from the same records. */
let stack: CronacaStack;
let template: Template;
let topic: string;
type Alarm = Record<string, any>;
let alarms: Alarm[];

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaAlarms', { stage: 'test', alarmEmail: 'ops@example.com' });
  template = Template.fromStack(stack);
  topic = logicalId(stack.alarms.topic);
  alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties as Alarm);
});

const named = (id: string): Alarm => {
  const alarm = alarms.find((candidate) => candidate.AlarmName === `cronaca-test-${id}`);
  if (!alarm) throw new Error(`no alarm cronaca-test-${id}`);
  return alarm;
};

/** The dashboard body with every token replaced by a placeholder, parsed. */
const dashboardBody = (): { widgets: { type: string; properties: Record<string, any> }[] } => {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0]!.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `TOKEN${JSON.stringify(part).replace(/[^A-Za-z0-9]/g, '')}`)).join('');
  return JSON.parse(text);
};

describe('DynamoDB', () => {
  it.each(['EventsTable', 'ReadModelsTable'] as const)('%s: throttled requests and system errors, summed over the operations Cronaca uses', (id) => {
    const table = logicalId(id === 'EventsTable' ? stack.eventStore.table : stack.readModels.table);
    for (const [suffix, metricName] of [['Throttles', 'ThrottledRequests'], ['SystemErrors', 'SystemErrors']] as const) {
      const alarm = named(`${id}${suffix}`);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [ref(topic)] });
      const metrics = (alarm.Metrics as Alarm[]).filter((metric) => metric.MetricStat);
      // An alarm's expression may hold 10 metrics at most.
      expect(metrics.length).toBeLessThanOrEqual(10);
      expect(metrics.map((metric) => metric.MetricStat.Metric.Dimensions.find((d: Alarm) => d.Name === 'Operation').Value).sort()).toEqual([...dynamoOperations].sort());
      for (const metric of metrics) {
        expect(metric.MetricStat).toMatchObject({ Stat: 'Sum', Metric: { Namespace: 'AWS/DynamoDB', MetricName: metricName } });
        expect(metric.MetricStat.Metric.Dimensions).toContainEqual({ Name: 'TableName', Value: ref(table) });
      }
    }
  });
});

describe('delayed jobs', () => {
  it.each(['ImportJobs', 'ProjectionRebuilds', 'ReportJobs'] as const)('%s: the age of the oldest message in the job queue', (id) => {
    const queue = { ImportJobs: stack.importJobs, ProjectionRebuilds: stack.projectionRebuilds, ReportJobs: stack.reportJobs }[id].queue;
    expect(named(`${id}OldestMessage`)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: alarmThresholds.jobQueueWaitSeconds,
      AlarmActions: [ref(topic)],
    });
  });
});

describe('HTTP API', () => {
  it('5xx rate: errors over requests in %, zero below the request floor, 2 of 3 five-minute periods', () => {
    const alarm = named('Api5xxRate');
    expect(alarm).toMatchObject({ Threshold: alarmThresholds.api5xxPercent, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const expression = (alarm.Metrics as Alarm[]).find((metric) => metric.Expression)!;
    expect(expression.Expression).toBe(`IF(apiRequests >= ${alarmThresholds.api5xxMinRequests}, 100 * apiErrors / apiRequests, 0)`);
    const stat = (id: string) => (alarm.Metrics as Alarm[]).find((metric) => metric.Id === id)!.MetricStat;
    expect(stat('apiErrors')).toMatchObject({ Stat: 'Sum', Period: 300, Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx' } });
    expect(stat('apiRequests')).toMatchObject({ Stat: 'Sum', Period: 300, Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count' } });
    expect(alarms.some((candidate) => candidate.MetricName === '5xx')).toBe(false);
  });

  it('p99 latency over three five-minute periods', () => {
    expect(named('ApiLatencyP99')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Period: 300,
      Threshold: alarmThresholds.apiP99LatencyMs,
      EvaluationPeriods: 3,
    });
  });
});

describe('the alarm topic', () => {
  it('is the one topic, with the operator e-mail subscribed', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: ref(topic) });
  });

  it('every alarm is named cronaca-<stage>-<id> and says what to do first', () => {
    for (const alarm of alarms) {
      expect(alarm.AlarmName).toMatch(/^cronaca-test-[A-Za-z0-9]+$/);
      expect(alarm.AlarmDescription).toMatch(/First: /);
    }
    expect(new Set(alarms.map((alarm) => alarm.AlarmName)).size).toBe(alarms.length);
  });
});

describe('dashboard cronaca-<stage>', () => {
  it('is named after the stage', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'cronaca-test' });
  });

  it('shows every alarm in its status widget (at most 100: CloudWatch’s limit for one widget)', () => {
    const status = dashboardBody().widgets.filter((widget) => widget.type === 'alarm');
    expect(status).toHaveLength(1);
    expect(status[0]!.properties.alarms).toHaveLength(alarms.length);
    expect(alarms.length).toBeLessThanOrEqual(100);
  });

  it('has one graph per group, made of the same records as the alarms: every metric, each threshold annotated', () => {
    const graphs = dashboardBody().widgets.filter((widget) => widget.type === 'metric');
    expect(graphs.map((graph) => graph.properties.title)).toEqual(Object.values(dashboardGroups));
    const definitions = stack.alarms.definitions;
    expect(definitions).toHaveLength(alarms.length);
    for (const [group, title] of Object.entries(dashboardGroups)) {
      const members = definitions.filter((definition) => definition.group === group);
      expect(members.length, group).toBeGreaterThan(0);
      const graph = graphs.find((candidate) => candidate.properties.title === title)!;
      // Each definition's metric is labelled with its id on the graph.
      const labels = (graph.properties.metrics as unknown[][]).map((row) => (row.at(-1) as { label?: string }).label).filter(Boolean);
      for (const member of members) expect(labels, `${group}: ${member.id}`).toContain(member.id);
      const annotations = graph.properties.annotations.horizontal as { value: number; label: string }[];
      expect(annotations.map((annotation) => annotation.value).sort()).toEqual([...new Set(members.map((member) => member.threshold))].sort());
    }
  });

  it('alarms exist for every definition with its threshold, periods and comparison', () => {
    for (const definition of stack.alarms.definitions) {
      expect(named(definition.id)).toMatchObject({
        Threshold: definition.threshold,
        EvaluationPeriods: definition.periods ?? 1,
        ComparisonOperator: definition.comparison ?? 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });
});
