import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { eventTableKeyPatterns, privateItemDeniedActions, privateItemKeyPatterns } from '../../infra/constructs/event-store.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { cursorSequenceOf } from '../../application/integrations/dispatch-cursor.ts';
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
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
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

/**
 * Every DynamoDB item action of the role on the events table (not its stream), with its key condition:
 * the allowed ones (`ForAllValues:StringLike`: every key the request touches matches) and the denied
 * ones (`ForAnyValue:StringLike`: some key matches — the private items).
 */
const eventTableStatements = (name: FunctionName): { allow: Grant[]; deny: Grant[] } => {
  const allow: Grant[] = [];
  const deny: Grant[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    if (!((policy.Properties.Roles ?? []) as { Ref?: string }[]).some((role) => role.Ref === roles[name])) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]) {
      const resources = asArray(statement.Resource);
      if (!resources.some((resource) => JSON.stringify(resource) === JSON.stringify(eventsTableArn))) {
        expect(statement.Effect, `${name}: a Deny only on the events table`).toBe('Allow');
        continue;
      }
      // A statement on the events table names that table alone: its conditions are about its keys.
      expect(resources).toHaveLength(1);
      const condition = statement.Condition as Record<string, Record<string, string[]>> | undefined;
      const operator = statement.Effect === 'Allow' ? 'ForAllValues:StringLike' : 'ForAnyValue:StringLike';
      // Every Deny is limited to keys: it never takes away a whole action.
      if (condition || statement.Effect === 'Deny') expect(Object.keys(condition ?? {})).toEqual([operator]);
      const keys = condition ? condition[operator]!['dynamodb:LeadingKeys']! : null;
      for (const action of asArray(statement.Action as string | string[])) {
        if (action.startsWith('dynamodb:')) (statement.Effect === 'Allow' ? allow : deny).push({ action, keys });
      }
    }
  }
  return { allow, deny };
};

/** Every allowed DynamoDB item action of the role on the events table (not its stream), with its key condition. */
const eventTableGrants = (name: FunctionName): Grant[] => eventTableStatements(name).allow;

/** The private-item patterns each denied action is denied on (sorted), per action. */
const denials = (name: FunctionName): Record<string, string[]> => {
  const byAction: Record<string, string[]> = {};
  for (const { action, keys } of eventTableStatements(name).deny) byAction[action] = [...(byAction[action] ?? []), ...keys!].sort();
  return byAction;
};

/**
 * IAM's evaluation of one item request of the role on the events table, for the operators these
 * policies use: an explicit Deny wins; else some Allow must match. `keys` are the request's partition
 * keys (`dynamodb:LeadingKeys`: one for GetItem/PutItem/Query, several for a batch; a transaction is
 * authorised item by item, each as its own action).
 */
const allowed = (name: FunctionName, action: string, keys: readonly string[]): boolean => {
  const { allow, deny } = eventTableStatements(name);
  const matches = (patterns: readonly string[], key: string) => patterns.some((pattern) => like(pattern, key));
  if (deny.some((g) => g.action === action && keys.some((key) => matches(g.keys!, key)))) return false;
  return allow.some((g) => g.action === action && (g.keys === null || keys.every((key) => matches(g.keys!, key))));
};

const summary = (name: FunctionName) =>
  Object.fromEntries(
    [...new Set(eventTableGrants(name).map((grant) => grant.action))]
      .sort()
      .map((action) => [action, eventTableGrants(name).filter((g) => g.action === action).map((g) => g.keys?.join(' | ') ?? 'any key').sort()]),
  );

/** IAM's StringLike: `*` any run of characters, `?` one. */
const like = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);

const eventKeys = ['acme#company#c-1', 'acme#ticket#t1', 'acme#import#job-9', 'acme#reminder#a1:0', 'acme#projection-rebuild#rb-1'];

const anyKey = ['any key'];
const append = { 'dynamodb:ConditionCheckItem': anyKey, 'dynamodb:GetItem': anyKey, 'dynamodb:PutItem': anyKey, 'dynamodb:Query': anyKey };
const read = { 'dynamodb:GetItem': anyKey, 'dynamodb:Query': anyKey };
const releaseClaims = { 'dynamodb:DeleteItem': [eventTableKeyPatterns.uniqueClaims] };
/** Claims released and lookup items moved: two statements, one per kind of key. */
const releaseClaimsAndLookups = { 'dynamodb:DeleteItem': [eventTableKeyPatterns.uniqueClaims, eventTableKeyPatterns.lookups] };
const { webhookSecrets, apiClientGrants, webhookHealth, apiClientSecrets } = privateItemKeyPatterns;
/** `GetItem` and `PutItem` beside the unconditioned ones, on private items only (the exception to their Deny). */
const onKeys = (base: Record<string, string[]>, extra: { get?: string[]; put?: string[] }) => ({
  ...base,
  'dynamodb:GetItem': [...(base['dynamodb:GetItem'] ?? []), ...(extra.get ?? [])].sort(),
  'dynamodb:PutItem': [...(base['dynamodb:PutItem'] ?? []), ...(extra.put ?? [])].sort(),
});
/** An HTTP function behind the authorizer: `actorFrom` reads API clients' grants (functions/http/auth.ts). */
const readsGrants = (base: Record<string, string[]>) => onKeys(base, { get: [apiClientGrants] });

describe('IAM on the events table: exactly what each function does', () => {
  it.each([
    ['supportApi', readsGrants(append)],
    ['directoryApi', readsGrants({ ...append, ...releaseClaimsAndLookups })],
    ['salesApi', readsGrants(append)],
    ['requestsApi', readsGrants(append)],
    ['reportsApi', readsGrants(append)],
    ['collaborationApi', readsGrants(append)],
    ['collaborationNotifier', { ...append }],
    // Reads the card's records' streams; appends only to report jobs (one PutItem per step, no idempotency record).
    ['reportRenderer', { 'dynamodb:GetItem': anyKey, 'dynamodb:PutItem': ['*#report#*'], 'dynamodb:Query': anyKey }],
    ['activitiesApi', readsGrants(append)],
    ['activityRelinker', { ...append }],
    ['adminApi', readsGrants({ ...append, ...releaseClaims })],
    ['importsApi', readsGrants(append)],
    ['importWorker', { ...append, ...releaseClaimsAndLookups }],
    ['sendReminders', { ...append, 'dynamodb:DeleteItem': [eventTableKeyPatterns.deliveryClaims] }],
    ['projector', { 'dynamodb:GetItem': anyKey, 'dynamodb:Query': anyKey }],
    ['publisher', {}],
    ['metaApi', {}],
    ['projectionRebuilder', { 'dynamodb:GetItem': anyKey, 'dynamodb:PutItem': ['*#projection-rebuild#*'], 'dynamodb:Query': anyKey, 'dynamodb:Scan': anyKey }],
    // Endpoints with their signing secrets, API clients with their grants (and secrets, for a replay's day), in the commits of their events.
    // Registries (lookup entries) lose an endpoint or a client on deletion / revocation.
    ['integrationsApi', onKeys({ ...append, 'dynamodb:DeleteItem': [eventTableKeyPatterns.lookups] }, { get: [webhookSecrets, apiClientGrants, apiClientSecrets], put: [webhookSecrets, apiClientGrants, apiClientSecrets] })],
    // Schedules deliveries: reads the record's stream and the endpoints, writes only deliveries, dispatch
    // plans and its order cursors (contract `appendOnlyTo`); no secret, no grant, no claim or idempotency record.
    ['webhookDispatcher', { ...read, 'dynamodb:PutItem': ['*#webhook-delivery#*', '*#webhook-dispatch-plan#*', '*#$sequence#webhook-cursor/*'] }],
    // Records attempts (deliveries' streams) and disables endpoints; reads the secrets it signs with; keeps each endpoint's failure streak.
    ['webhookSender', onKeys({ ...read, 'dynamodb:PutItem': ['*#webhook-delivery#*', '*#webhook-endpoint#*'] }, { get: [webhookSecrets, webhookHealth], put: [webhookHealth] })],
  ] as [FunctionName, Record<string, string[]>][])('%s', (name, expected) => {
    // Key lists compared as sets (the order of statements is CDK's).
    expect(summary(name)).toEqual(Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b)).map(([action, keys]) => [action, [...keys].sort()])));
  });

  it('lists every function', () => {
    expect(functionNames.sort()).toEqual(
      ['activitiesApi', 'activityRelinker', 'adminApi', 'collaborationApi', 'collaborationNotifier', 'directoryApi', 'importWorker', 'importsApi', 'integrationsApi', 'metaApi', 'projectionRebuilder', 'projector', 'publisher', 'reportRenderer', 'reportsApi', 'requestsApi', 'salesApi', 'sendReminders', 'supportApi', 'webhookDispatcher', 'webhookSender'].sort(),
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

  it('the webhook functions write only their own item kinds: the keys they write match, nothing else of a tenant does', () => {
    const cursor = `acme#$sequence#${cursorSequenceOf({ aggregateType: 'company', aggregateId: 'c-1' })}`;
    // A commit is authorised item by item (each Put of the transaction as a PutItem of its own key).
    for (const key of ['acme#webhook-delivery#d-1', 'acme#webhook-dispatch-plan#company.c-1.0', cursor]) expect(allowed('webhookDispatcher', 'dynamodb:PutItem', [key]), key).toBe(true);
    for (const key of ['acme#webhook-delivery#d-1', 'acme#webhook-endpoint#ep-1', 'acme#$webhook-health#ep-1']) expect(allowed('webhookSender', 'dynamodb:PutItem', [key]), key).toBe(true);
    for (const name of ['webhookDispatcher', 'webhookSender'] as const) {
      for (const key of [...eventKeys, 'acme#$idempotency#k', 'acme#$unique#vat#IT1', 'acme#$lookup#x#y', 'acme#$sequence#other']) {
        expect(allowed(name, 'dynamodb:PutItem', [key]), `${name} ${key}`).toBe(false);
      }
      expect(eventTableGrants(name).some((g) => g.action === 'dynamodb:ConditionCheckItem'), name).toBe(false);
    }
    expect(allowed('webhookSender', 'dynamodb:PutItem', ['acme#webhook-dispatch-plan#p'])).toBe(false);
    expect(allowed('webhookDispatcher', 'dynamodb:PutItem', ['acme#webhook-endpoint#ep-1'])).toBe(false);
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

/**
 * Private items (application/ports/event-store.ts `PrivateItemPut`): webhook signing secrets, API
 * clients' grants, endpoints' failure streaks. The unconditioned `GetItem`/`PutItem`/`Query` of an
 * events grant would reach them, so every function with access to the table carries an explicit
 * Deny (`ForAnyValue:StringLike` on `dynamodb:LeadingKeys`) on the ones it was not given.
 */
describe('IAM on private items of the events table', () => {
  const secret = 'acme#$webhook-secret#sec-1';
  const grant = '$api-client#4e3c2b1a0f9e8d7c6b5a4e3c2b';
  const health = 'acme#$webhook-health#ep-1';
  const clientSecret = 'acme#$api-client-secret#4e3c2b1a0f9e8d7c6b5a4e3c2b';
  const httpReaders = functionNames.filter((name) => functions[name].kind === 'http' && name !== 'metaApi' && name !== 'integrationsApi');
  const withTableAccess = () => functionNames.filter((name) => eventTableGrants(name).length > 0);

  it('the patterns match their keys (adapters/dynamodb/event-keys.ts privateItemKey) and nothing else of the table', () => {
    expect(like(webhookSecrets, secret)).toBe(true);
    expect(like(apiClientGrants, grant)).toBe(true);
    expect(like(webhookHealth, health)).toBe(true);
    expect(like(apiClientSecrets, clientSecret)).toBe(true);
    expect(like(apiClientGrants, clientSecret)).toBe(false);
    const others = [...eventKeys, 'acme#$sequence#ticket', 'acme#$unique#vat#IT01', 'acme#$idempotency#k1', 'acme#$lookup#company-name#alfa', 'acme#$delivery#reminder#a1:0'];
    for (const pattern of Object.values(privateItemKeyPatterns)) {
      for (const key of others) expect(like(pattern, key), `${pattern} ${key}`).toBe(false);
    }
    // A tenant cannot start with `$` (its id is a slug), so no tenant's key is taken for a grant.
    expect(like(apiClientGrants, 'acme#$api-client#x')).toBe(false);
  });

  it('every function with access to the table is denied the private items it was not given, every item action', () => {
    const given: Partial<Record<FunctionName, Partial<Record<string, string[]>>>> = {
      integrationsApi: {
        [webhookSecrets]: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        [apiClientGrants]: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        [apiClientSecrets]: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      },
      webhookSender: { [webhookSecrets]: ['dynamodb:GetItem'], [webhookHealth]: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
      ...Object.fromEntries(httpReaders.map((name) => [name, { [apiClientGrants]: ['dynamodb:GetItem'] }])),
    };
    expect(withTableAccess().length).toBeGreaterThan(15);
    for (const name of withTableAccess()) {
      const expected: Record<string, string[]> = {};
      for (const action of privateItemDeniedActions) {
        const patterns = Object.values(privateItemKeyPatterns).filter((pattern) => !(given[name]?.[pattern] ?? []).includes(action));
        if (patterns.length > 0) expected[action] = patterns.sort();
      }
      expect(denials(name), name).toEqual(expected);
    }
    // Without any access to the table, nothing to deny.
    for (const name of ['publisher', 'metaApi'] as const) expect(denials(name), name).toEqual({});
  });

  it('only the integrations API writes signing secrets and grants; only it and the sender read secrets; API client secrets are its alone', () => {
    for (const name of functionNames) {
      expect(allowed(name, 'dynamodb:PutItem', [secret]), `${name} puts a secret`).toBe(name === 'integrationsApi');
      expect(allowed(name, 'dynamodb:GetItem', [secret]), `${name} gets a secret`).toBe(name === 'integrationsApi' || name === 'webhookSender');
      expect(allowed(name, 'dynamodb:PutItem', [grant]), `${name} puts a grant`).toBe(name === 'integrationsApi');
      expect(allowed(name, 'dynamodb:GetItem', [grant]), `${name} gets a grant`).toBe(name === 'integrationsApi' || httpReaders.includes(name));
      expect(allowed(name, 'dynamodb:PutItem', [health]), `${name} puts an endpoint's health`).toBe(name === 'webhookSender');
      expect(allowed(name, 'dynamodb:GetItem', [health]), `${name} gets an endpoint's health`).toBe(name === 'webhookSender');
      expect(allowed(name, 'dynamodb:PutItem', [clientSecret]), `${name} puts an API client's secret`).toBe(name === 'integrationsApi');
      expect(allowed(name, 'dynamodb:GetItem', [clientSecret]), `${name} gets an API client's secret`).toBe(name === 'integrationsApi');
    }
  });

  it('no Query, ConditionCheck, delete, update or batch on private items, not even by their owners', () => {
    const actions = ['dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'];
    for (const name of functionNames) {
      for (const action of actions) {
        for (const key of [secret, grant, health, clientSecret]) expect(allowed(name, action, [key]), `${name} ${action} ${key}`).toBe(false);
      }
    }
  });

  it('a commit that carries a private item its function may not write fails as a whole (a transaction is authorised item by item)', () => {
    // The support API's commit: its event, its idempotency record — and a smuggled secret.
    const items = [
      { action: 'dynamodb:PutItem', key: 'acme#ticket#t1' },
      { action: 'dynamodb:PutItem', key: 'acme#$idempotency#k1' },
      { action: 'dynamodb:PutItem', key: secret },
    ];
    expect(items.map(({ action, key }) => allowed('supportApi', action, [key]))).toEqual([true, true, false]);
    // The integrations API's endpoint creation: the event, the lookup entry, the secret.
    const creation = [
      { action: 'dynamodb:PutItem', key: 'acme#webhook-endpoint#ep-1' },
      { action: 'dynamodb:PutItem', key: 'acme#$lookup#webhook-endpoint#all' },
      { action: 'dynamodb:PutItem', key: secret },
    ];
    expect(creation.every(({ action, key }) => allowed('integrationsApi', action, [key]))).toBe(true);
    // A batch naming an event and a secret is denied (ForAnyValue: one matching key is enough).
    expect(allowed('webhookSender', 'dynamodb:BatchGetItem', ['acme#company#c-1', secret])).toBe(false);
  });

  it('the Deny takes nothing else away: every function still appends and loads events as before', () => {
    for (const name of withTableAccess()) {
      for (const grantOf of eventTableGrants(name).filter((g) => g.keys === null)) {
        for (const key of eventKeys) expect(allowed(name, grantOf.action, [key]), `${name} ${grantOf.action} ${key}`).toBe(true);
      }
    }
  });

  it('the rebuild worker scans the whole table, private items included: Scan carries no partition key to deny (infra/README.md)', () => {
    expect(allowed('projectionRebuilder', 'dynamodb:Scan', [])).toBe(true);
    expect(allowed('projectionRebuilder', 'dynamodb:GetItem', [secret])).toBe(false);
  });
});
