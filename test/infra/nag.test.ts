import { App, Validations, type PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { busRules } from '../../contract/bus-rules.ts';
import { routeKey, routes } from '../../contract/routes.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';

/**
 * cdk-nag 3 is a CDK policy-validation plugin (`Validations.of(app).addPlugins(...)`, as in
 * infra/app.ts); acknowledgments are `Validations.of(construct).acknowledge(...)` next to the resource.
 * Findings are read with `validateScope`, the entry point cdk-nag provides for tests.
 */
let app: App;
let stack: CronacaStack;
let violations: PolicyViolation[];

beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new CronacaStack(app, 'CronacaNag', { stage: 'nag' });
  violations = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack).violations;
});

const describeViolations = (list: PolicyViolation[]): string[] =>
  list.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`);

interface AcknowledgmentFound {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

const acknowledgments = (): AcknowledgmentFound[] =>
  stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged errors', () => {
    const errors = violations.filter((v) => v.severity === 'error');
    if (errors.length > 0) console.error(describeViolations(errors).join('\n'));
    expect(describeViolations(errors)).toEqual([]);
  });

  it('has no unacknowledged warnings', () => {
    const warnings = violations.filter((v) => v.severity !== 'error');
    if (warnings.length > 0) console.error(describeViolations(warnings).join('\n'));
    expect(describeViolations(warnings)).toEqual([]);
  });

  it('acknowledges only known, resource-scoped findings, each with a concrete reason', () => {
    const found = acknowledgments();
    for (const { path, reason } of found) {
      expect(reason.length, path).toBeGreaterThanOrEqual(40);
      // Never a blanket acknowledgment on the stack or the app.
      expect(path).not.toBe(stack.node.path);
    }
    const kinds = new Set(found.map(({ id }) => id.replace(/<[^>]+>/g, '<ref>')));
    expect([...kinds].sort()).toEqual(
      [
        'AwsSolutions-APIG4', // public routes of the contract
        'AwsSolutions-COG8', // Plus feature plan off on non-prod stages
        'AwsSolutions-IAM5[Resource::*]', // X-Ray, dynamodb:ListStreams (guarded by stack.test.ts)
        'AwsSolutions-IAM5[Resource::<ref>/*]', // objects of the stream failure bucket
        'AwsSolutions-SQS3', // the dead-letter queues of EventBridge targets (bus subscribers, the reminder schedule) need none of their own
        'AwsSolutions-IAM5[Resource::<ref>/*/avatars/*]', // contact avatars in the drop bucket (directory only)
        'AwsSolutions-IAM5[Resource::<ref>/*/imports/*]', // import files in the drop folder (imports API, worker)
        'AwsSolutions-IAM5[Resource::<ref>/*/import-errors/*]', // rejected rows of import jobs
        'AwsSolutions-IAM5[Resource::<ref>/*/exports/*]', // export files (worker writes, imports API presigns downloads)
        'AwsSolutions-IAM5[Resource::<ref>/*/reports/*]', // report files (renderer writes, reports API presigns downloads)
        'AwsSolutions-IAM4[Policy::arn:<ref>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', // CDK's BucketNotificationsHandler
      ].sort(),
    );
    // SQS3 exactly on the dead-letter queues of the bus subscriptions and of the reminder schedule.
    const sqs3 = found.filter(({ id }) => id === 'AwsSolutions-SQS3').map(({ path }) => path);
    expect(sqs3).toHaveLength(Object.keys(busRules).length + 1);
    for (const path of sqs3) expect(path).toMatch(/(Subscription|ReminderDelivery)\/DeadLetterQueue/);
    // APIG4 exactly on the contract's public routes.
    const publicRoutes = routes.filter((route) => route.auth === 'none').map((route) => route.operationId).sort();
    const apig4 = found.filter(({ id }) => id === 'AwsSolutions-APIG4').map(({ path }) => path.split('/Route-')[1]).sort();
    expect(apig4).toEqual(publicRoutes);
    // The calendar feed is public by design: calendar apps send no bearer token; its URL holds the secret.
    expect(routes.filter((route) => route.auth === 'none').map(routeKey)).toEqual(['GET /health', 'GET /openapi.json', 'GET /docs', 'GET /v1/calendar/feeds/{id}/{secret}']);
    // Report files: exactly on the renderer's and the reports API's roles.
    const reports = found.filter(({ id }) => id.endsWith('/*/reports/*]')).map(({ path }) => path.split('/')[1]).sort();
    expect(reports).toEqual(['ReportRenderer', 'ReportsApi']);
  });

  it('a synth with the plugin registered (as in infra/app.ts) passes validation', () => {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth({ force: true })).not.toThrow();
  });
});
