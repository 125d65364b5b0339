import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { eventTableKeyPatterns } from '../../infra/constructs/event-store.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { getAtt, logicalId } from './helpers.ts';

/**
 * Events are append-only (issue 11: the API functions could DeleteItem/UpdateItem any item of the
 * events table). What each function may do on that table, statement by statement with conditions:
 * `DeleteItem` and `UpdateItem` exist only with a `dynamodb:LeadingKeys` condition naming version-0
 * item keys (claims, lookups, delivery claims), which no event key matches.
 */
let template: Template;
let eventsTableArn: unknown;
const roles = {} as Record<FunctionName, string>;
const functionNames = Object.keys(functions) as FunctionName[];

beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new CronacaStack(app, 'CronacaEventsIam', { stage: 'iam' });
  template = Template.fromStack(stack);
  eventsTableArn = getAtt(logicalId(stack.eventStore.table), 'Arn');
  for (const name of functionNames) roles[name] = logicalId(stack.functions[name].role);
});

interface Grant {
  readonly action: string;
  /** The `dynamodb:LeadingKeys` patterns the grant is limited to; null when it has no condition. */
  readonly keys: readonly string[] | null;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every allowed DynamoDB item action of the role on the events table (not its stream), with its key condition. */
const eventTableGrants = (name: FunctionName): Grant[] => {
  const grants: Grant[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    if (!((policy.Properties.Roles ?? []) as { Ref?: string }[]).some((role) => role.Ref === roles[name])) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]) {
      expect(statement.Effect).toBe('Allow');
      const resources = asArray(statement.Resource);
      if (!resources.some((resource) => JSON.stringify(resource) === JSON.stringify(eventsTableArn))) continue;
      // A statement on the events table names that table alone: its conditions are about its keys.
      expect(resources).toHaveLength(1);
      const condition = statement.Condition as Record<string, Record<string, string[]>> | undefined;
      if (condition) expect(Object.keys(condition)).toEqual(['ForAllValues:StringLike']);
      const keys = condition ? condition['ForAllValues:StringLike']!['dynamodb:LeadingKeys']! : null;
      for (const action of asArray(statement.Action as string | string[])) {
        if (action.startsWith('dynamodb:')) grants.push({ action, keys });
      }
    }
  }
  return grants;
};

const summary = (name: FunctionName) =>
  Object.fromEntries(
    [...new Set(eventTableGrants(name).map((grant) => grant.action))]
      .sort()
      .map((action) => [action, eventTableGrants(name).filter((g) => g.action === action).map((g) => g.keys?.join(' | ') ?? 'any key')]),
  );

/** IAM's StringLike: `*` any run of characters, `?` one. */
const like = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);

const eventKeys = ['acme#company#c-1', 'acme#ticket#t1', 'acme#import#job-9', 'acme#reminder#a1:0', 'acme#projection-rebuild#rb-1'];

const anyKey = ['any key'];
const append = { 'dynamodb:ConditionCheckItem': anyKey, 'dynamodb:GetItem': anyKey, 'dynamodb:PutItem': anyKey, 'dynamodb:Query': anyKey };
const releaseClaims = { 'dynamodb:DeleteItem': [eventTableKeyPatterns.uniqueClaims] };
/** Claims released and lookup items moved: two statements, one per kind of key. */
const releaseClaimsAndLookups = { 'dynamodb:DeleteItem': [eventTableKeyPatterns.uniqueClaims, eventTableKeyPatterns.lookups] };

describe('IAM on the events table: exactly what each function does', () => {
  it.each([
    ['supportApi', { ...append }],
    ['directoryApi', { ...append, ...releaseClaimsAndLookups }],
    ['salesApi', { ...append }],
    ['requestsApi', { ...append }],
    ['reportsApi', { ...append }],
    ['collaborationApi', { ...append }],
    ['collaborationNotifier', { ...append }],
    // Reads the card's records' streams; appends only to report jobs (one PutItem per step, no idempotency record).
    ['reportRenderer', { 'dynamodb:GetItem': anyKey, 'dynamodb:PutItem': ['*#report#*'], 'dynamodb:Query': anyKey }],
    ['activitiesApi', { ...append }],
    ['activityRelinker', { ...append }],
    ['adminApi', { ...append, ...releaseClaims }],
    ['importsApi', { ...append }],
    ['importWorker', { ...append, ...releaseClaimsAndLookups }],
    ['sendReminders', { ...append, 'dynamodb:DeleteItem': [eventTableKeyPatterns.deliveryClaims] }],
    ['projector', { 'dynamodb:GetItem': anyKey, 'dynamodb:Query': anyKey }],
    ['publisher', {}],
    ['metaApi', {}],
    ['projectionRebuilder', { 'dynamodb:GetItem': anyKey, 'dynamodb:PutItem': ['*#projection-rebuild#*'], 'dynamodb:Query': anyKey, 'dynamodb:Scan': anyKey }],
  ] as [FunctionName, Record<string, string[]>][])('%s', (name, expected) => {
    expect(summary(name)).toEqual(Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))));
  });

  it('lists every function', () => {
    expect(functionNames.sort()).toEqual(
      ['activitiesApi', 'activityRelinker', 'adminApi', 'collaborationApi', 'collaborationNotifier', 'directoryApi', 'importWorker', 'importsApi', 'metaApi', 'projectionRebuilder', 'projector', 'publisher', 'reportRenderer', 'reportsApi', 'requestsApi', 'salesApi', 'sendReminders', 'supportApi'].sort(),
    );
  });

  it('no function may delete or update an event: DeleteItem and UpdateItem only on version-0 item keys no event key matches', () => {
    for (const name of functionNames) {
      for (const grant of eventTableGrants(name).filter((g) => ['dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'].includes(g.action))) {
        expect(grant.action, name).not.toBe('dynamodb:BatchWriteItem');
        expect(grant.keys, `${name} ${grant.action}`).not.toBeNull();
        for (const pattern of grant.keys!) {
          expect(pattern, `${name} ${grant.action}`).toMatch(/^\*#\$[a-z]+#\*$/);
          for (const key of eventKeys) expect(like(pattern, key), `${name} ${grant.action} ${pattern} ${key}`).toBe(false);
        }
      }
    }
    // The patterns do match what they are for.
    expect(like(eventTableKeyPatterns.uniqueClaims, 'acme#$unique#vat#IT:01234567890')).toBe(true);
    expect(like(eventTableKeyPatterns.lookups, 'acme#$lookup#company-name#alfa')).toBe(true);
    expect(like(eventTableKeyPatterns.deliveryClaims, 'acme#$delivery#reminder#a1:0')).toBe(true);
  });

  it('the projector and the publisher cannot write the events table', () => {
    for (const name of ['projector', 'publisher'] as const) {
      const writes = eventTableGrants(name).filter((g) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem|ConditionCheckItem/.test(g.action));
      expect(writes, name).toEqual([]);
    }
  });

  it('only the rebuild worker scans the events table, and it appends to its own jobs only', () => {
    for (const name of functionNames) {
      expect(eventTableGrants(name).some((g) => g.action === 'dynamodb:Scan'), name).toBe(name === 'projectionRebuilder');
    }
    const puts = eventTableGrants('projectionRebuilder').filter((g) => g.action === 'dynamodb:PutItem');
    expect(puts.map((g) => g.keys)).toEqual([['*#projection-rebuild#*']]);
    expect(like('*#projection-rebuild#*', 'acme#company#c-1')).toBe(false);
  });
});
