import { webhookQueueLimits } from '../contract/webhook-queue.ts';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { busRules } from '../contract/bus-rules.ts';
import { functions, type FunctionName } from '../contract/functions.ts';
import { routes } from '../contract/routes.ts';
import { AccessLogs } from './constructs/access-logs.ts';
import { ApiAuthorizer, apiAuthorizerDefinition } from './constructs/api-authorizer.ts';
import { ApiClients } from './constructs/api-clients.ts';
import { Alarms } from './constructs/alarms.ts';
import { BusSubscription } from './constructs/bus-subscriptions.ts';
import { DropBucket } from './constructs/drop-bucket.ts';
import { EventBus } from './constructs/event-bus.ts';
import { EventStore } from './constructs/event-store.ts';
import { CronacaFunction } from './constructs/functions.ts';
import { CustomDomain, type CustomDomainSettings } from './constructs/custom-domain.ts';
import { HttpApi } from './constructs/http-api.ts';
import { ImportJobs } from './constructs/import-jobs.ts';
import { Identity } from './constructs/identity.ts';
import { UserDirectory } from './constructs/user-directory.ts';
import { ProjectionRebuilds } from './constructs/projection-rebuilds.ts';
import { failureBucketMetricsId, Projections } from './constructs/projections.ts';
import { ReadModels } from './constructs/read-models.ts';
import { ReminderDelivery, type MailSender } from './constructs/reminder-delivery.ts';
import { ReportJobs } from './constructs/report-jobs.ts';
import { WebhookDelivery } from './constructs/webhook-delivery.ts';
import { featureFlags } from './feature-flags.ts';
import { corsOriginsEnv, corsOriginsFor } from './cors-origins.ts';
import { scaledThrottle, stageThrottle } from '../contract/route-throttles.ts';

export interface CronacaStackProps extends StackProps {
  /** Stage name (`dev`, `test`, `prod`, …): part of every physical name. */
  readonly stage: string;
  /** Keep data on delete, deletion protection, Cognito threat protection. Default: stage starts with `prod`. */
  readonly prodLike?: boolean;
  /**
   * Browser origins allowed by CORS (API, the HTTP functions' `CORS_ORIGINS`, presigned S3 URLs).
   * Required on a prod-like stage (https origins, no `*`: infra/cors-origins.ts); default `*` elsewhere.
   */
  readonly corsOrigins?: readonly string[];
  /** Default throttling of the API stage. Default: `stageThrottle` of contract/route-throttles.ts, scaled. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Multiplies every API throttle (the stage default and each route class of contract/route-throttles.ts). Default 1. */
  readonly throttleScale?: number;
  /** E-mail subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** Sender of reminder e-mail (an SES-verified address or domain). Default `reminders@cronaca.example`. */
  readonly mailSender?: MailSender;
  /** The SES sender of the user pool's invitations (`Identity` `invitationSender`); default Cognito's own e-mail. */
  readonly invitationSender?: { readonly fromAddress: string; readonly identity?: string };
  /**
   * Only users of record may act (default true). `false` lets a token whose `sub` has no user of record
   * act on its claims: only while a stage that had users made outside the API adopts them (docs/deploy.md
   * "Upgrading"); deactivated users are refused either way.
   */
  readonly usersOfRecordOnly?: boolean;
  /** The API's own host name and its certificate (docs/deploy.md "Custom domain"); the default endpoint is then turned off. */
  readonly customDomain?: CustomDomainSettings;
  /** Override of the repository root the function entries are bundled from (tests only). */
  readonly projectRoot?: string;
  /**
   * Reserve the workers' concurrency (the definitions' `reservedConcurrency`). Default true. False for
   * an account whose Lambda concurrency quota cannot spare it (a new account may have 10, and Lambda
   * keeps 100 unreserved): the event sources' `maxConcurrency` still bounds the workers.
   */
  readonly reserveConcurrency?: boolean;
  /**
   * The account's Lambda concurrent-executions quota in this region (Service Quotas, "Concurrent
   * executions"; default 1,000). With reservations on, the synth fails unless the stack's reservations
   * leave Lambda's 100 unreserved — CloudFormation would fail the deploy half-way instead.
   */
  readonly accountConcurrencyLimit?: number;
}

/** Lambda refuses a reservation that leaves the account fewer unreserved executions than this. */
export const minimumUnreservedConcurrency = 100;
export const defaultAccountConcurrencyLimit = 1000;

/** The reservations of these definitions, checked against the account's quota (throws when they do not fit). */
export const reservedConcurrencyOf = (definitions: readonly { readonly id: string; readonly reservedConcurrency?: number }[], accountLimit: number): number => {
  const reserved = definitions.reduce((sum, definition) => sum + (definition.reservedConcurrency ?? 0), 0);
  if (accountLimit - reserved < minimumUnreservedConcurrency) {
    throw new Error(
      `the functions reserve ${reserved} concurrent executions, which leaves ${accountLimit - reserved} of the account's ${accountLimit} unreserved; ` +
        `Lambda needs ${minimumUnreservedConcurrency}. Ask for a higher quota (Service Quotas: Lambda "Concurrent executions") and set accountConcurrencyLimit, or set reserveConcurrency: false.`,
    );
  }
  return reserved;
};

export const stageNamePattern = /^[a-z][a-z0-9-]{0,19}$/;

export class CronacaStack extends Stack {
  readonly eventStore: EventStore;
  readonly readModels: ReadModels;
  readonly dropBucket: DropBucket;
  readonly identity: Identity;
  readonly eventBus: EventBus;
  readonly functions: { readonly [K in FunctionName]: CronacaFunction };
  readonly projections: Projections;
  readonly httpApi: HttpApi;
  readonly alarms: Alarms;
  readonly reminderDelivery: ReminderDelivery;
  readonly importJobs: ImportJobs;
  readonly projectionRebuilds: ProjectionRebuilds;
  readonly reportJobs: ReportJobs;
  readonly webhookDelivery: WebhookDelivery;
  readonly apiClients: ApiClients;
  readonly apiAuthorizer: ApiAuthorizer;
  readonly customDomain: CustomDomain | undefined;

  constructor(scope: Construct, id: string, props: CronacaStackProps) {
    super(scope, id, props);
    for (const [flag, value] of Object.entries(featureFlags)) this.node.setContext(flag, value);
    const { stage } = props;
    if (!stageNamePattern.test(stage)) throw new Error(`invalid stage name '${stage}' (expected ${stageNamePattern})`);
    const prodLike = props.prodLike ?? stage.startsWith('prod');
    const removalPolicy = prodLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const corsOrigins = corsOriginsFor(stage, prodLike, props.corsOrigins);
    const throttleScale = props.throttleScale ?? 1;
    if (!(throttleScale > 0)) throw new Error(`throttleScale must be positive (got ${throttleScale})`);
    const reserveConcurrency = props.reserveConcurrency ?? true;
    if (reserveConcurrency) reservedConcurrencyOf(Object.values(functions), props.accountConcurrencyLimit ?? defaultAccountConcurrencyLimit);

    const accessLogs = new AccessLogs(this, 'AccessLogs', { removalPolicy });
    this.eventStore = new EventStore(this, 'EventStore', { stage, removalPolicy, deletionProtection: prodLike });
    this.readModels = new ReadModels(this, 'ReadModels', { stage, removalPolicy, deletionProtection: prodLike });
    this.dropBucket = new DropBucket(this, 'DropBucket', { removalPolicy, accessLogsBucket: accessLogs.bucket, corsOrigins });
    this.identity = new Identity(this, 'Identity', {
      stage,
      removalPolicy,
      deletionProtection: prodLike,
      threatProtection: prodLike,
      ...(props.invitationSender ? { invitationSender: props.invitationSender } : {}),
    });
    this.eventBus = new EventBus(this, 'EventBus', { stage });

    const resources = {
      eventsTable: this.eventStore.table.tableName,
      readModelsTable: this.readModels.table.tableName,
      dropBucket: this.dropBucket.bucket.bucketName,
      eventBus: this.eventBus.eventBusName,
    };
    const built: Partial<Record<FunctionName, CronacaFunction>> = {};
    for (const [name, definition] of Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]) {
      built[name] = new CronacaFunction(this, definition.id, {
        definition,
        stage,
        resources,
        removalPolicy,
        reserveConcurrency,
        ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
      });
    }
    this.functions = built as { readonly [K in FunctionName]: CronacaFunction };

    // Least privilege, per function: what its context module declares (`access`), nothing else.
    for (const name of Object.keys(functions) as FunctionName[]) this.grantAccess(this.functions[name]);
    // Capabilities beyond plain data access, each a construct of its own.
    this.reminderDelivery = new ReminderDelivery(this, 'ReminderDelivery', {
      fn: this.functions.sendReminders,
      eventStore: this.eventStore,
      readModels: this.readModels,
      sender: props.mailSender ?? { fromAddress: 'reminders@cronaca.example', fromName: 'Cronaca' },
    });
    this.importJobs = new ImportJobs(this, 'ImportJobs', {
      dropBucket: this.dropBucket,
      worker: this.functions.importWorker,
      starters: [this.functions.importsApi],
    });
    this.projectionRebuilds = new ProjectionRebuilds(this, 'ProjectionRebuilds', {
      eventStore: this.eventStore,
      readModels: this.readModels,
      worker: this.functions.projectionRebuilder,
      starters: [this.functions.adminApi],
    });
    this.reportJobs = new ReportJobs(this, 'ReportJobs', {
      eventStore: this.eventStore,
      dropBucket: this.dropBucket,
      renderer: this.functions.reportRenderer,
      starters: [this.functions.reportsApi],
    });
    this.webhookDelivery = new WebhookDelivery(this, 'WebhookDelivery', {
      stage,
      eventStore: this.eventStore,
      sender: this.functions.webhookSender,
      producers: [this.functions.webhookDispatcher, this.functions.integrationsApi],
      secretKeepers: [this.functions.integrationsApi],
    });
    this.apiClients = new ApiClients(this, 'ApiClients', {
      identity: this.identity,
      eventStore: this.eventStore,
      manager: this.functions.integrationsApi,
      // Every function behind the authorizer looks an API client's grant up per request (functions/http/auth.ts).
      grantReaders: [...new Set(routes.filter((route) => route.auth === 'jwt').map((route) => route.function))].map((name) => this.functions[name]),
    });
    // POST /v1/users creates the Cognito user (invitation); PATCH makes it follow the log (role, disabled).
    new UserDirectory(this, 'UserDirectory', {
      identity: this.identity,
      manager: this.functions.adminApi,
      guarded: [...new Set(routes.filter((route) => route.auth === 'jwt').map((route) => route.function))].map((name) => this.functions[name]),
      usersOfRecordOnly: props.usersOfRecordOnly ?? true,
    });
    // Last of the events-table grants: every other function is denied the private items it was not given.
    this.eventStore.guardPrivateItems();

    this.projections = new Projections(this, 'Projections', {
      eventStore: this.eventStore,
      removalPolicy,
      accessLogsBucket: accessLogs.bucket,
    });
    const handlers: Partial<Record<FunctionName, CronacaFunction['function']>> = {};
    for (const name of Object.keys(functions) as FunctionName[]) {
      const { definition, function: fn } = this.functions[name];
      if (definition.kind === 'stream') this.projections.addConsumer(definition.id, fn);
      else if (definition.kind === 'http') handlers[name] = fn;
      if (definition.kind === 'http') fn.addEnvironment(corsOriginsEnv, corsOrigins.join(','));
    }

    const subscriptions = (Object.keys(busRules) as (keyof typeof busRules)[]).map(
      (name) => new BusSubscription(this, `${this.functions[name].definition.id}Subscription`, { bus: this.eventBus, fn: this.functions[name], rule: busRules[name] }),
    );

    this.apiAuthorizer = new ApiAuthorizer(this, 'ApiAuthorizer', {
      stage,
      identity: this.identity,
      resources,
      removalPolicy,
      ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      stage,
      authorizer: this.apiAuthorizer.fn.function,
      handlers,
      corsOrigins,
      throttle: props.throttle ?? scaledThrottle(stageThrottle, throttleScale),
      throttleScale,
      removalPolicy,
    });

    this.customDomain = props.customDomain
      ? new CustomDomain(this, 'CustomDomain', { ...props.customDomain, api: this.httpApi.api, stage: this.httpApi.stage })
      : undefined;
    // With a domain of its own the execute-api URL is turned off: the API's URL output names the domain.
    if (props.customDomain) {
      const url = this.httpApi.node.findChild('Url') as CfnOutput;
      url.value = `https://${props.customDomain.domainName}`;
      url.description = 'Base URL of the HTTP API (its custom domain; the execute-api endpoint is turned off)';
    }

    this.alarms = new Alarms(this, 'Alarms', { stage, removalPolicy, ...(props.alarmEmail ? { email: props.alarmEmail } : {}) });
    for (const name of Object.keys(functions) as FunctionName[]) {
      const { definition, function: fn } = this.functions[name];
      this.alarms.watchFunction(definition.id, fn);
      if (definition.kind === 'stream') this.alarms.watchStreamConsumer(definition.id, fn);
    }
    for (const subscription of subscriptions) this.alarms.watchDeadLetterQueue(subscription.node.id, subscription.deadLetterQueue);
    // A rebuild message that failed three receives: its job could not even record a failure.
    this.alarms.watchDeadLetterQueue('ProjectionRebuilds', this.projectionRebuilds.deadLetterQueue);
    // A report message that failed three receives: its job could not even record its failure (it reads
    // `failed` anyway — `timed_out` 15 min past its attempt's deadline, `not_started` after an hour of
    // waiting: domain/reports/report-job.ts `reportAsOf`).
    this.alarms.watchDeadLetterQueue('ReportJobs', this.reportJobs.deadLetterQueue);
    // A webhook dispatch received 50 times without its handler settling it (an endpoint's failures never
    // get it there: a round ends in ≤ 40 attempts). Its delivery stays pending in the log: redrive it.
    this.alarms.watchDeadLetterQueue('WebhookDelivery', this.webhookDelivery.deadLetterQueue);
    this.alarms.watchOldestMessage(
      'WebhookDelivery',
      this.webhookDelivery.queue,
      webhookQueueLimits.oldestMessageAlarmDays * 24 * 60 * 60,
      'WebhookDelivery: a delivery waits longer than a failing endpoint may (5 days, then it is disabled) — the sender is stuck on it. First: the webhookSender logs for the message group (endpoint) that does not move.',
    );
    this.alarms.watchFailureBucket(this.projections.failureBucket, failureBucketMetricsId);
    this.alarms.watchHttpApi(this.httpApi.stage);
    // An import message that failed three receives: its job stays resumable from its last checkpoint.
    this.alarms.watchDeadLetterQueue('ImportJobs', this.importJobs.deadLetterQueue);
    // A reminder run EventBridge could not invoke, or that failed every attempt: a run that sent nothing.
    this.alarms.watchDeadLetterQueue('ReminderSchedule', this.reminderDelivery.deadLetterQueue);
    // Delayed work: jobs waiting for a worker (one tenant's big import, a throttled or failing worker).
    this.alarms.watchJobQueue('ImportJobs', this.importJobs.queue);
    this.alarms.watchJobQueue('ProjectionRebuilds', this.projectionRebuilds.queue);
    this.alarms.watchJobQueue('ReportJobs', this.reportJobs.queue);
    this.alarms.watchTable('EventsTable', this.eventStore.table);
    this.alarms.watchTable('ReadModelsTable', this.readModels.table);
    // Not its Errors: every refused token is an `Unauthorized` error by design (API Gateway's 401). A
    // real failure of the authorizer is a 500 of the API, which Api5xxRate watches.
    this.alarms.watchThrottles(apiAuthorizerDefinition.id, this.apiAuthorizer.fn.function);

    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'JwtIssuer', { value: this.identity.issuer });
    new CfnOutput(this, 'EventsTableName', { value: this.eventStore.table.tableName });
    new CfnOutput(this, 'ReadModelsTableName', { value: this.readModels.table.tableName });
    new CfnOutput(this, 'DropBucketName', { value: this.dropBucket.bucket.bucketName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'FailureBucketName', { value: this.projections.failureBucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'ApiClientTokenUrl', { value: this.identity.tokenUrl, description: 'OAuth 2.0 token endpoint of API clients (client-credentials grant)' });
    new CfnOutput(this, 'RebuildQueueUrl', { value: this.projectionRebuilds.queue.queueUrl, description: 'Projection rebuild jobs (npm run rebuild:aws)' });
    new CfnOutput(this, 'WebhookQueueUrl', { value: this.webhookDelivery.queue.queueUrl });
  }

  /** The data access a function's definition declares (`FunctionAccess` of contract/function-definition.ts). */
  private grantAccess({ definition, function: fn }: CronacaFunction): void {
    const access = definition.access ?? {};
    if (access.events === 'append') {
      this.eventStore.grantAppend(fn, { releaseClaims: access.releaseClaims ?? false, maintainLookups: access.maintainLookups ?? false });
    } else if (access.events === 'read') this.eventStore.grantReadEvents(fn);
    // Its own item kinds only (dynamodb:LeadingKeys): no claim, lookup, idempotency record or other stream.
    if (access.appendOnlyTo) {
      if (access.events !== 'read') throw new Error(`${definition.id}: appendOnlyTo narrows events: 'read' (append grants every key already)`);
      for (const stream of access.appendOnlyTo.streams) this.eventStore.grantAppendTo(fn, stream);
      if (access.appendOnlyTo.sequencePrefixes) this.eventStore.grantSequenceWrites(fn, access.appendOnlyTo.sequencePrefixes);
    }
    if (access.readModels === 'query') this.readModels.grantQuery(fn);
    else if (access.readModels === 'project') this.readModels.grantProject(fn);
    if (access.avatars) this.dropBucket.grantAvatars(fn);
    if (access.publish) this.eventBus.grantPublish(fn);
  }
}
