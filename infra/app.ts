import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CronacaStack } from './cronaca-stack.ts';

/**
 * `npx cdk synth` (cdk.json: `node infra/app.ts`). Environment-agnostic; no AWS account needed.
 * Stage: `-c stage=prod` or `CRONACA_STAGE=prod` (default `dev`). Optional context: `corsOrigins`
 * (comma-separated), `alarmEmail`, `mailFrom` (the SES-verified sender of reminders) and `mailIdentity`
 * (its verified SES identity, default the address's domain), `domainName` + `certificateArn` (the API's
 * custom domain and its regional ACM certificate) with `hostedZoneId` + `hostedZoneName` (the Route 53
 * zone that gets the alias record; without them, point a CNAME at the output `CustomDomainTarget…`).
 * A prod-like stage requires `corsOrigins`
 * (https origins; synthesis fails without). `throttleScale` (a number, default 1) multiplies every API
 * throttle (contract/route-throttles.ts).
 * Concurrency: `accountConcurrencyLimit` (the account's Lambda quota, default 1000) and
 * `reserveConcurrency=false` for an account whose quota cannot spare the workers' reservations (docs/deploy.md).
 * Invitations: `inviteFrom` (+ `inviteIdentity`) makes Cognito send its invitation e-mail through SES from that sender.
 * `usersOfRecordOnly=false`: tokens of Cognito users with no user of record act on their claims (upgrades only).
 */
const app = new App();

const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const stage = context('stage') ?? process.env.CRONACA_STAGE ?? 'dev';
const corsOrigins = context('corsOrigins')?.split(',').map((origin) => origin.trim()).filter(Boolean);
const alarmEmail = context('alarmEmail');
const mailFrom = context('mailFrom');
const mailIdentity = context('mailIdentity');
// The SES sender of Cognito's invitations (docs/users.md); without it Cognito's own, limited e-mail.
const inviteFrom = context('inviteFrom');
const inviteIdentity = context('inviteIdentity');
const usersOfRecordOnly = String(app.node.tryGetContext('usersOfRecordOnly') ?? 'true') !== 'false';
const domainName = context('domainName');
const certificateArn = context('certificateArn');
const hostedZoneId = context('hostedZoneId');
const hostedZoneName = context('hostedZoneName');
if (Boolean(domainName) !== Boolean(certificateArn)) throw new Error('a custom domain needs both -c domainName=… and -c certificateArn=…');
if (Boolean(hostedZoneId) !== Boolean(hostedZoneName)) throw new Error('a hosted zone needs both -c hostedZoneId=… and -c hostedZoneName=…');
const throttleScaleText = context('throttleScale');
const throttleScale = throttleScaleText === undefined ? undefined : Number(throttleScaleText);
if (throttleScale !== undefined && !(throttleScale > 0)) throw new Error(`-c throttleScale must be a positive number (got '${throttleScaleText}')`);
const reserveConcurrency = String(app.node.tryGetContext('reserveConcurrency') ?? 'true') !== 'false';
const accountConcurrencyLimit = context('accountConcurrencyLimit') ?? (app.node.tryGetContext('accountConcurrencyLimit') as number | undefined);

new CronacaStack(app, `Cronaca-${stage}`, {
  stage,
  description: `Cronaca CRM back end (${stage})`,
  ...(corsOrigins ? { corsOrigins } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(domainName && certificateArn
    ? { customDomain: { domainName, certificateArn, ...(hostedZoneId && hostedZoneName ? { hostedZone: { id: hostedZoneId, name: hostedZoneName } } : {}) } }
    : {}),
  ...(throttleScale !== undefined ? { throttleScale } : {}),
  ...(mailFrom ? { mailSender: { fromAddress: mailFrom, fromName: 'Cronaca', ...(mailIdentity ? { identity: mailIdentity } : {}) } } : {}),
  reserveConcurrency,
  ...(accountConcurrencyLimit !== undefined ? { accountConcurrencyLimit: Number(accountConcurrencyLimit) } : {}),
  ...(inviteFrom ? { invitationSender: { fromAddress: inviteFrom, ...(inviteIdentity ? { identity: inviteIdentity } : {}) } } : {}),
  usersOfRecordOnly,
  tags: { project: 'cronaca', stage },
});

// cdk-nag 3 runs as a policy-validation plugin: unacknowledged findings fail the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
