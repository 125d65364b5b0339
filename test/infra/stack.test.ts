import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, nodeOptionsOf, type FunctionDefinition, type FunctionName } from '../../contract/functions.ts';
import { routeKey, routes } from '../../contract/routes.ts';
import { eventsTable, eventStreamFilter, readModelsTable, resourceEnv, type TableDefinition } from '../../contract/tables.ts';
import { dropBucketExpiry, dropBucketKindTag } from '../../contract/drop-bucket.ts';
import { apiAuthorizerDefinition, authorizerCacheSeconds } from '../../infra/constructs/api-authorizer.ts';
import { architectureOf, esmRequireBanner, lambdaRuntime } from '../../infra/constructs/functions.ts';
import { failureBucketMetricsId, streamConsumerSettings } from '../../infra/constructs/projections.ts';
import { streamMapping } from '../../contract/stream-mapping.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { allowedActions, getAtt, logicalId, ref, statementsOfRole } from './helpers.ts';

const stage = 'test';
const functionNames = Object.keys(functions) as FunctionName[];
const streamFunctions = functionNames.filter((name) => functions[name].kind === 'stream');
const httpFunctions = functionNames.filter((name) => functions[name].kind === 'http');

let stack: CronacaStack;
let template: Template;
const ids = {} as {
  eventsTable: string;
  readModelsTable: string;
  dropBucket: string;
  accessLogsBucket: string;
  failureBucket: string;
  userPool: string;
  client: string;
  bus: string;
  topic: string;
  authorizer: string;
  authorizerFn: string;
  authorizerRole: string;
  fn: Record<FunctionName, string>;
  role: Record<FunctionName, string>;
};

// One synthesis (with real local esbuild bundling of every entry) for the whole file.
beforeAll(() => {
  // Asset metadata: lets the test find each bundle in the cloud assembly.
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
  stack = new CronacaStack(app, 'CronacaTest', { stage });
  template = Template.fromStack(stack);
  ids.eventsTable = logicalId(stack.eventStore.table);
  ids.readModelsTable = logicalId(stack.readModels.table);
  ids.dropBucket = logicalId(stack.dropBucket.bucket);
  ids.failureBucket = logicalId(stack.projections.failureBucket);
  ids.userPool = logicalId(stack.identity.userPool);
  ids.client = logicalId(stack.identity.client);
  ids.bus = logicalId(stack.eventBus.bus);
  ids.topic = logicalId(stack.alarms.topic);
  ids.authorizer = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!;
  ids.authorizerFn = logicalId(stack.apiAuthorizer.fn.function);
  ids.authorizerRole = logicalId(stack.apiAuthorizer.fn.role);
  const accessLogsBucket = stack.dropBucket.bucket.node.defaultChild as unknown as { loggingConfiguration: unknown };
  ids.accessLogsBucket = (stack.resolve(accessLogsBucket.loggingConfiguration) as { destinationBucketName: { Ref: string } })
    .destinationBucketName.Ref;
  ids.fn = {} as Record<FunctionName, string>;
  ids.role = {} as Record<FunctionName, string>;
  for (const name of functionNames) {
    ids.fn[name] = logicalId(stack.functions[name].function);
    ids.role[name] = logicalId(stack.functions[name].role);
  }
});

const keySchema = (definition: Pick<TableDefinition, 'partitionKey' | 'sortKey'>) => [
  { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
  { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
];

describe('events table (contract/tables.ts eventsTable)', () => {
  it('has the contract keys, a NEW_IMAGE stream, PITR, TTL, on-demand billing and encryption', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `cronaca-${stage}-events`,
      KeySchema: keySchema(eventsTable),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: eventsTable.partitionKey.name, AttributeType: eventsTable.partitionKey.type },
        { AttributeName: eventsTable.sortKey.name, AttributeType: eventsTable.sortKey.type },
      ]),
      StreamSpecification: { StreamViewType: eventsTable.stream },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: eventsTable.timeToLiveAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: Match.absent(),
    });
  });
});

describe('read-models table (contract/tables.ts readModelsTable)', () => {
  it('has the contract keys, PITR and encryption', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `cronaca-${stage}-read-models`,
      KeySchema: keySchema(readModelsTable),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      StreamSpecification: Match.absent(),
    });
  });

  it.each(readModelsTable.globalSecondaryIndexes.map((index) => [index.indexName, index] as const))('has GSI %s', (_, index) => {
    const table = template.findResources('AWS::DynamoDB::Table')[ids.readModelsTable]!;
    expect(table.Properties.GlobalSecondaryIndexes).toContainEqual({
      IndexName: index.indexName,
      KeySchema: keySchema(index),
      Projection: { ProjectionType: 'ALL' },
    });
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: index.partitionKey.name, AttributeType: index.partitionKey.type },
        { AttributeName: index.sortKey.name, AttributeType: index.sortKey.type },
      ]),
    );
  });

  it('has exactly the contract GSIs', () => {
    const table = template.findResources('AWS::DynamoDB::Table')[ids.readModelsTable]!;
    expect(table.Properties.GlobalSecondaryIndexes).toHaveLength(readModelsTable.globalSecondaryIndexes.length);
  });
});

describe('buckets', () => {
  it('every bucket is encrypted and blocks all public access', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    }
  });

  it('every bucket denies requests without TLS', () => {
    const buckets = Object.keys(template.findResources('AWS::S3::Bucket'));
    for (const bucket of buckets) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(bucket),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('the drop bucket is versioned, logs access and expires exports, reports and incomplete uploads', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[ids.dropBucket]!;
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(ids.accessLogsBucket),
      LogFilePrefix: 'drop-bucket/',
    });
    const rules = bucket.Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    for (const { kind, days } of dropBucketExpiry) {
      expect(rules).toContainEqual(
        expect.objectContaining({
          Status: 'Enabled',
          ExpirationInDays: days,
          TagFilters: [{ Key: dropBucketKindTag, Value: kind }],
        }),
      );
    }
    expect(rules).toContainEqual(
      expect.objectContaining({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    );
  });

  it('the stream failure bucket logs access and has request metrics for its alarm', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[ids.failureBucket]!;
    expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual(ref(ids.accessLogsBucket));
    expect(bucket.Properties.MetricsConfigurations).toEqual([{ Id: failureBucketMetricsId }]);
  });
});

describe('identity (Cognito)', () => {
  it('has tenant (immutable) and role custom attributes, required TOTP MFA and a strong password policy', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'tenant', AttributeDataType: 'String', Mutable: false }),
        Match.objectLike({ Name: 'role', AttributeDataType: 'String', Mutable: true }),
      ]),
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  it('has a Cognito domain per stage and account (the token endpoint of API clients), given as an output', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      UserPoolId: ref(ids.userPool),
      Domain: { 'Fn::Join': ['', [`cronaca-${stage}-`, { Ref: 'AWS::AccountId' }]] },
    });
    const output = Object.values(template.findOutputs('ApiClientTokenUrl'))[0]!;
    expect(JSON.stringify(output.Value)).toContain('/oauth2/token');
    expect(JSON.stringify(output.Value)).toContain('.amazoncognito.com');
  });

  it('only the integrations API manages app clients, on this pool only, and knows the pool and the token URL', () => {
    for (const name of functionNames) {
      const cognito = [...allowedActions(template, ids.role[name]).entries()].filter(([action]) => action.startsWith('cognito-idp:'));
      // The admin API manages users (test/infra/user-directory.test.ts), no app client.
      if (name === 'adminApi') {
        expect(cognito.map(([action]) => action).filter((action) => action.includes('UserPoolClient'))).toEqual([]);
        continue;
      }
      if (name !== 'integrationsApi') {
        expect(cognito, name).toEqual([]);
        continue;
      }
      // Not DescribeUserPoolClient: it answers with the client's secret, and nothing calls it.
      expect(cognito.map(([action]) => action).sort()).toEqual(['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient']);
      for (const [, resources] of cognito) expect(resources).toEqual([getAtt(ids.userPool, 'Arn')]);
    }
    const variables = template.findResources('AWS::Lambda::Function')[ids.fn.integrationsApi]!.Properties.Environment.Variables;
    expect(variables.USER_POOL_ID).toEqual(ref(ids.userPool));
    expect(JSON.stringify(variables.API_CLIENT_TOKEN_URL)).toContain('/oauth2/token');
  });

  it('the app client is public (no secret), SRP only, and cannot write tenant or role', () => {
    const client = template.findResources('AWS::Cognito::UserPoolClient')[ids.client]!;
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:tenant', 'custom:role']));
    expect(client.Properties.WriteAttributes).not.toContain('custom:tenant');
    expect(client.Properties.WriteAttributes).not.toContain('custom:role');
  });
});

describe('HTTP API (contract/routes.ts)', () => {
  it('is an HTTP API with CORS', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowHeaders: Match.arrayWith(['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match']),
        ExposeHeaders: Match.arrayWith(['ETag', 'Idempotent-Replayed']),
      }),
    });
  });

  it('has one Lambda REQUEST authorizer: simple responses (payload 2.0), the Authorization header, answers cached 5 minutes', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const authorizer = template.findResources('AWS::ApiGatewayV2::Authorizer')[ids.authorizer]!.Properties;
    expect(authorizer).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: authorizerCacheSeconds,
    });
    expect(authorizerCacheSeconds).toBe(300);
    // It invokes the authorizer function (an `arn:…:apigateway:…:lambda:path/…/functions/<arn>/invocations` URI).
    expect(JSON.stringify(authorizer.AuthorizerUri)).toContain(JSON.stringify(getAtt(ids.authorizerFn, 'Arn')));
    expect(authorizer.JwtConfiguration).toBeUndefined();
  });

  it('the authorizer function verifies tokens of the pool and the web client, and may touch no data', () => {
    const fn = template.findResources('AWS::Lambda::Function')[ids.authorizerFn]!.Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs24.x', MemorySize: apiAuthorizerDefinition.memorySize, Timeout: apiAuthorizerDefinition.timeoutSeconds, TracingConfig: { Mode: 'Active' } });
    expect(fn.Environment.Variables).toMatchObject({ USER_POOL_ID: ref(ids.userPool), WEB_CLIENT_ID: ref(ids.client) });
    expect(fn.VpcConfig).toBeUndefined();
    const actions = [...allowedActions(template, ids.authorizerRole).keys()].sort();
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    // API Gateway may invoke it; throttles raise an alarm (its errors are refused tokens, by design).
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: getAtt(ids.authorizerFn, 'Arn'), Principal: 'apigateway.amazonaws.com' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Dimensions: [{ Name: 'FunctionName', Value: ref(ids.authorizerFn) }] });
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: ref(ids.authorizerFn) }] } }))).toEqual([]);
  });

  it('has exactly one route per contract route', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
    const found = template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } });
    expect(Object.keys(found)).toHaveLength(1);
    const properties = Object.values(found)[0]!.Properties;
    if (route.auth === 'jwt') {
      expect(properties.AuthorizationType).toBe('CUSTOM');
      expect(properties.AuthorizerId).toEqual(ref(ids.authorizer));
    } else {
      expect(properties.AuthorizationType).toBe('NONE');
      expect(properties.AuthorizerId).toBeUndefined();
    }
    // The route targets the integration of the function the contract names.
    const integrationId = (properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
    const integration = template.findResources('AWS::ApiGatewayV2::Integration')[integrationId.Ref]!;
    expect(integration.Properties.IntegrationType).toBe('AWS_PROXY');
    expect(integration.Properties.IntegrationUri).toEqual(getAtt(ids.fn[route.function], 'Arn'));
  });

  it('lets the API invoke each function by one permission for the whole API, not one per route (CloudFormation: 500 resources a stack)', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'apigateway.amazonaws.com' } }));
    const used = new Set(routes.map((route) => route.function));
    // One per integrated function, one for the authorizer.
    expect(permissions).toHaveLength(used.size + 1);
    // The integrations' for any route of this API; the authorizer's for this API's authorizer.
    for (const permission of permissions) expect(JSON.stringify(permission.Properties.SourceArn)).toMatch(/\/\*\/\*"|\/authorizers\//);
    expect(permissions.filter((permission) => JSON.stringify(permission.Properties.SourceArn).includes('/authorizers/'))).toHaveLength(1);
    // Room to grow: a route is one resource now.
    expect(Object.keys(template.toJSON().Resources as object).length).toBeLessThanOrEqual(450);
  });

  it('has one Lambda integration per HTTP function', () => {
    const used = new Set(routes.map((route) => route.function));
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', used.size);
    for (const name of used) expect(functions[name].kind).toBe('http');
  });

  it('logs access to a log group and throttles by default', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('keeps request paths out of the access log: a calendar feed URL carries its secret (docs/calendar-feeds.md)', () => {
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const format = JSON.parse(stages[0]!.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.routeKey).toBe('$context.routeKey');
    for (const value of Object.values(format)) expect(value).not.toMatch(/^\$context\.(path|http\.path|rawPath)$/);
  });
});

describe('functions (contract/functions.ts)', () => {
  it('creates exactly the contract functions (plus the API authorizer and the handler CDK adds to set bucket notifications)', () => {
    template.resourceCountIs('AWS::Lambda::Function', functionNames.length + 2);
  });

  it.each(functionNames)('%s: runtime, bundle, sizing, tracing, logging and environment', (name) => {
    const definition = functions[name];
    const fn = template.findResources('AWS::Lambda::Function')[ids.fn[name]]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      // arm64 unless the definition asks for x86_64 (the Chromium renderer: test/infra/report-jobs.test.ts).
      Architectures: [architectureOf(definition).name],
      MemorySize: definition.memorySize,
      Timeout: definition.timeoutSeconds,
      Description: definition.description,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      Role: getAtt(ids.role[name], 'Arn'),
    });
    expect(lambdaRuntime.name).toBe('nodejs24.x');
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables).toMatchObject({
      [resourceEnv.eventsTable]: ref(ids.eventsTable),
      [resourceEnv.readModelsTable]: ref(ids.readModelsTable),
      [resourceEnv.dropBucket]: ref(ids.dropBucket),
      [resourceEnv.eventBus]: ref(ids.bus),
      POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^cronaca-/),
      NODE_OPTIONS: nodeOptionsOf(definition),
    });
    // Only the batch worker sets its heap (contract/functions.ts `heap`), both generations.
    const heap = (definition as FunctionDefinition).heap;
    expect(String(variables['NODE_OPTIONS']).includes(`--max-old-space-size=${heap?.oldSpaceMegabytes}`)).toBe(heap !== undefined);
    expect(String(variables['NODE_OPTIONS']).includes(`--max-semi-space-size=${heap?.semiSpaceMegabytes}`)).toBe(heap !== undefined);
    // Its own log group, with a retention.
    const logGroupId = (fn.Properties.LoggingConfig.LogGroup as { Ref: string }).Ref;
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]!.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('bundles every entry as an ESM .mjs file with a source map (local esbuild, no Docker)', () => {
    const outdir = (stack.node.root as App).outdir;
    for (const name of functionNames) {
      const fn = template.findResources('AWS::Lambda::Function')[ids.fn[name]]!;
      const assetPath = fn.Metadata?.['aws:asset:path'] as string;
      expect(assetPath, name).toMatch(/^asset\./);
      expect(readdirSync(join(outdir, assetPath)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const bundle = readFileSync(join(outdir, assetPath, 'index.mjs'), 'utf8');
      expect(bundle.startsWith(esmRequireBanner)).toBe(true);
    }
  });
});

describe('stream consumers (event-source mappings)', () => {
  it('one mapping per stream function and one each for the import, rebuild, report and webhook queues', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', streamFunctions.length + 4);
  });

  it.each(streamFunctions)('%s reads the events stream ten batches per shard at once (in order per aggregate), with bounded retries and an S3 on-failure destination', (name) => {
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: ref(ids.fn[name]) },
    });
    expect(Object.keys(mappings)).toHaveLength(1);
    const properties = Object.values(mappings)[0]!.Properties;
    expect(properties).toMatchObject({
      EventSourceArn: getAtt(ids.eventsTable, 'StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      // Records are split by partition key — the aggregate's stream — so each aggregate stays in order.
      ParallelizationFactor: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: streamConsumerSettings.retryAttempts,
      MaximumRecordAgeInSeconds: streamConsumerSettings.maxRecordAge.toSeconds(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt(ids.failureBucket, 'Arn') } },
    });
    expect(properties.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(properties.MaximumRecordAgeInSeconds).toBeLessThanOrEqual(24 * 3600);
    expect(properties.MaximumBatchingWindowInSeconds ?? 0).toBe(0);
    // A full batch fits the function's timeout with the projector's deadline margin to spare, at
    // up to 100 ms a record (it measures far less: bench/RESULTS.md).
    const timeout = template.findResources('AWS::Lambda::Function')[ids.fn[name]]!.Properties.Timeout as number;
    expect(timeout * 1000 - streamMapping.deadlineMarginMs).toBeGreaterThanOrEqual(properties.BatchSize * 100);
    const filters = properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([eventStreamFilter]);
  });
});

describe('event bus', () => {
  it('is named cronaca-<stage>', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: `cronaca-${stage}` });
  });
});

describe('alarms', () => {
  const alarmsOn = (metricName: string, dimensions: Record<string, unknown>) =>
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: {
        MetricName: metricName,
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
        AlarmActions: [ref(ids.topic)],
      },
    });

  it.each(functionNames)('%s: errors and throttles', (name) => {
    expect(Object.keys(alarmsOn('Errors', { FunctionName: ref(ids.fn[name]) }))).toHaveLength(1);
    expect(Object.keys(alarmsOn('Throttles', { FunctionName: ref(ids.fn[name]) }))).toHaveLength(1);
  });

  it.each(streamFunctions)('%s: iterator age and failed deliveries to the destination', (name) => {
    expect(Object.keys(alarmsOn('IteratorAge', { FunctionName: ref(ids.fn[name]) }))).toHaveLength(1);
    expect(Object.keys(alarmsOn('DestinationDeliveryFailures', { FunctionName: ref(ids.fn[name]) }))).toHaveLength(1);
  });

  it('failed batches arriving in the failure bucket', () => {
    const alarms = alarmsOn('PutRequests', { BucketName: ref(ids.failureBucket), FilterId: failureBucketMetricsId });
    expect(Object.keys(alarms)).toHaveLength(1);
    expect(Object.values(alarms)[0]!.Properties).toMatchObject({ Namespace: 'AWS/S3', Threshold: 1 });
  });

  it('notify an encrypted, SSL-only topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(ids.topic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('IAM: least privilege', () => {
  const dynamoDataActions = (name: FunctionName) =>
    [...allowedActions(template, ids.role[name]).keys()].filter(
      (action) => action.startsWith('dynamodb:') && !['dynamodb:ListStreams', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].includes(action),
    );

  it('function roles use no managed policies', () => {
    for (const name of functionNames) {
      const role = template.findResources('AWS::IAM::Role')[ids.role[name]]!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('nothing is granted on "*" except actions without resource-level permissions', () => {
    const mayUseStar = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams']);
    for (const name of functionNames) {
      for (const statement of statementsOfRole(template, ids.role[name])) {
        if (statement.Resource.includes('*')) {
          for (const action of statement.Action) expect(mayUseStar, `${name}: ${action} on *`).toContain(action);
        }
        for (const action of statement.Action) expect(action, `${name}: wildcard action`).not.toContain('*');
      }
    }
  });

  it('the meta function has no DynamoDB, S3 or EventBridge access', () => {
    const actions = [...allowedActions(template, ids.role.metaApi).keys()];
    expect(actions.filter((action) => /^(dynamodb|s3|events):/.test(action))).toEqual([]);
  });

  it('the publisher may PutEvents on the bus only, and touches no table item', () => {
    const actions = allowedActions(template, ids.role.publisher);
    const eventsActions = [...actions.keys()].filter((action) => action.startsWith('events:'));
    expect(eventsActions).toEqual(['events:PutEvents']);
    expect(actions.get('events:PutEvents')).toEqual([getAtt(ids.bus, 'Arn')]);
    expect(dynamoDataActions('publisher')).toEqual([]);
    for (const name of functionNames.filter((n) => n !== 'publisher')) {
      expect([...allowedActions(template, ids.role[name]).keys()]).not.toContain('events:PutEvents');
    }
  });

  it('support appends to and reads the event log, queries the read models, never scans', () => {
    const actions = allowedActions(template, ids.role.supportApi);
    for (const action of ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:Query', 'dynamodb:GetItem']) {
      expect(actions.get(action), action).toContainEqual(getAtt(ids.eventsTable, 'Arn'));
    }
    expect(actions.get('dynamodb:Query')).toContainEqual({
      'Fn::Join': ['', [getAtt(ids.readModelsTable, 'Arn'), `/index/${readModelsTable.globalSecondaryIndexes[0]!.indexName}`]],
    });
    expect(actions.has('dynamodb:Scan')).toBe(false);
    expect(actions.has('dynamodb:BatchWriteItem')).toBe(false);
  });

  it('admin appends users, groups, settings and rebuild requests, queries the read models, and neither scans nor writes them (the rebuild worker does)', () => {
    const actions = allowedActions(template, ids.role.adminApi);
    expect(actions.has('dynamodb:Scan')).toBe(false);
    expect(actions.get('dynamodb:PutItem')).toEqual([getAtt(ids.eventsTable, 'Arn')]);
    expect(actions.get('dynamodb:ConditionCheckItem')).toEqual([getAtt(ids.eventsTable, 'Arn')]);
    expect(actions.get('sqs:SendMessage')).toEqual([getAtt(logicalId(stack.projectionRebuilds.queue), 'Arn')]);
  });

  it('the projection rebuilder scans the log and the read models, writes and sweeps the read models', () => {
    const actions = allowedActions(template, ids.role.projectionRebuilder);
    expect(actions.get('dynamodb:Scan')).toEqual([getAtt(ids.eventsTable, 'Arn'), getAtt(ids.readModelsTable, 'Arn')]);
    expect(actions.get('dynamodb:PutItem')).toContainEqual(getAtt(ids.readModelsTable, 'Arn'));
    expect(actions.get('dynamodb:DeleteItem')).toContainEqual(getAtt(ids.readModelsTable, 'Arn'));
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(ids.fn.projectionRebuilder),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: getAtt(logicalId(stack.projectionRebuilds.queue), 'Arn'),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalId(stack.projectionRebuilds.deadLetterQueue), 'QueueName') }],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: functions.projectionRebuilder.timeoutSeconds * 2,
      RedrivePolicy: { deadLetterTargetArn: getAtt(logicalId(stack.projectionRebuilds.deadLetterQueue), 'Arn'), maxReceiveCount: 3 },
    });
  });

  it('the projector writes the read models and reads the stream, but cannot write events or scan', () => {
    const actions = allowedActions(template, ids.role.projector);
    expect(actions.get('dynamodb:PutItem')).toEqual([getAtt(ids.readModelsTable, 'Arn'), ...readModelsTable.globalSecondaryIndexes.map((index) => ({
      'Fn::Join': ['', [getAtt(ids.readModelsTable, 'Arn'), `/index/${index.indexName}`]],
    }))]);
    expect(actions.get('dynamodb:GetRecords')).toEqual([getAtt(ids.eventsTable, 'StreamArn')]);
    expect(actions.has('dynamodb:Scan')).toBe(false);
  });

  it.each(streamFunctions)('%s may only put objects into (and list) the failure bucket', (name) => {
    const actions = allowedActions(template, ids.role[name]);
    const s3 = [...actions.keys()].filter((action) => action.startsWith('s3:')).sort();
    expect(s3).toEqual(['s3:ListBucket', 's3:PutObject']);
    expect(actions.get('s3:ListBucket')).toEqual([getAtt(ids.failureBucket, 'Arn')]);
  });

  it('the import worker reads the import files, writes error files and exports by prefix, and queries (never scans) the read models', () => {
    const actions = allowedActions(template, ids.role.importWorker);
    const s3 = [...actions.keys()].filter((action) => action.startsWith('s3:')).sort();
    expect(s3).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject', 's3:PutObjectTagging']);
    expect(JSON.stringify(actions.get('s3:GetObject'))).toContain('/*/imports/*');
    expect(JSON.stringify(actions.get('s3:GetObject'))).not.toContain('/*/exports/*');
    expect(JSON.stringify(actions.get('s3:PutObject'))).toContain('/*/exports/*');
    expect(JSON.stringify(actions.get('s3:PutObject'))).not.toContain('/*/imports/*');
    for (const action of ['s3:PutObjectTagging', 's3:AbortMultipartUpload']) {
      expect(JSON.stringify(actions.get(action)), action).toContain('/*/exports/*');
      expect(JSON.stringify(actions.get(action)), action).not.toContain('/*/import');
    }
    // The export's list pages: the by-name and by-update indexes of the read models.
    expect(actions.get('dynamodb:Query')).toContainEqual({
      'Fn::Join': ['', [getAtt(ids.readModelsTable, 'Arn'), `/index/${readModelsTable.globalSecondaryIndexes[1]!.indexName}`]],
    });
    expect(actions.has('dynamodb:Scan')).toBe(false);
  });

  it('HTTP functions have no stream or failure-bucket access; only the directory reaches S3, for avatars only (imports and reports: their files)', () => {
    for (const name of httpFunctions) {
      const actions = allowedActions(template, ids.role[name]);
      expect([...actions.keys()]).not.toContain('dynamodb:GetRecords');
      const s3 = [...actions.keys()].filter((action) => action.startsWith('s3:')).sort();
      if (name === 'importsApi') {
        // Uploads (presigned PUT, pasted text) into the drop folder; the rejected rows and exports back out.
        expect(s3).toEqual(['s3:GetObject', 's3:PutObject']);
        expect(JSON.stringify(actions.get('s3:PutObject'))).toContain('/*/imports/*');
        expect(JSON.stringify(actions.get('s3:PutObject'))).not.toContain('/*/exports/*');
        expect(JSON.stringify(actions.get('s3:GetObject'))).toContain('/*/import-errors/*');
        expect(JSON.stringify(actions.get('s3:GetObject'))).toContain('/*/exports/*');
        expect(JSON.stringify(actions.get('s3:GetObject'))).not.toContain('/*/imports/*');
        continue;
      }
      if (name === 'reportsApi') {
        // The presigned download of a finished report (test/infra/report-jobs.test.ts has the rest).
        expect(s3).toEqual(['s3:GetObject']);
        expect(JSON.stringify(actions.get('s3:GetObject'))).toContain('/*/reports/*');
        continue;
      }
      if (name !== 'directoryApi') {
        expect(s3, name).toEqual([]);
        continue;
      }
      expect(s3).toEqual(['s3:GetObject', 's3:PutObject']);
      for (const action of s3) {
        const resources = JSON.stringify(actions.get(action));
        expect(resources).toContain('/*/avatars/*');
        expect(resources).not.toContain(ids.failureBucket);
      }
    }
  });
});

describe('non-production defaults', () => {
  it('tables have no deletion protection on a dev/test stage', () => {
    template.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  });
});
