import { Arn, Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant, PolicyStatement, Effect } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { readModelsTable } from '../../contract/tables.ts';
import { mailEnv } from '../../functions/scheduled/reminders/mail-env.ts';
import type { EventStore } from './event-store.ts';
import { invocationDeadLetterQueue } from './invocation-dead-letter-queue.ts';
import type { CronacaFunction } from './functions.ts';
import type { ReadModels } from './read-models.ts';

/**
 * Retries of a scheduled run (EventBridge -> Lambda, then Lambda's own asynchronous retries): two, and
 * no older than one period — past that, the next run does the same work.
 */
export const scheduleDelivery = (rateMinutes: number) => ({ retryAttempts: 2, maxEventAge: Duration.minutes(rateMinutes) }) as const;

export interface MailSender {
  /** The From address; SES must have it (or its domain) verified. */
  readonly fromAddress: string;
  readonly fromName?: string;
  /** The verified SES identity: the domain (default: the address's domain) or the address itself. */
  readonly identity?: string;
}

export interface ReminderDeliveryProps {
  readonly fn: CronacaFunction;
  readonly eventStore: EventStore;
  readonly readModels: ReadModels;
  readonly sender: MailSender;
}

/**
 * Read-model indexes the job queries: due reminders; for digests the calendar (gsi1, by assignee and time)
 * and the tenant's users (gsi1); for the quote expiry step the sent quotes by expiry (gsi1, partition
 * `quotes-expiring`), expired through the event log (append, granted below).
 */
export const reminderJobIndexes = ['remindersDue', 'gsi1'] as const;

/**
 * The reminder job in AWS: an EventBridge rule invokes it on the contract's rate; it reads the due
 * index and the calendar, takes delivery claims and records deliveries in the event log, and may send
 * e-mail from the one verified identity only.
 */
export class ReminderDelivery extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  readonly identityArn: string;

  constructor(scope: Construct, id: string, props: ReminderDeliveryProps) {
    super(scope, id);
    const { fn, eventStore, readModels, sender } = props;
    const rateMinutes = fn.definition.schedule?.rateMinutes;
    if (rateMinutes === undefined) throw new Error(`${fn.definition.id} has no schedule in contract/functions.ts`);

    // An overlapping or repeated run is harmless (every delivery is claimed), and the next run takes over
    // what a failed one left: a couple of retries, no stale invocations. A run that could not be invoked
    // or failed every attempt lands in the dead-letter queue (alarmed): each one is a run that sent nothing.
    const retries = scheduleDelivery(rateMinutes);
    this.deadLetterQueue = invocationDeadLetterQueue(this, fn.function, retries);
    this.rule = new Rule(this, 'Schedule', {
      description: `Runs ${fn.definition.id} every ${rateMinutes} minutes`,
      schedule: Schedule.rate(Duration.minutes(rateMinutes)),
      targets: [new LambdaFunction(fn.function, { deadLetterQueue: this.deadLetterQueue, ...retries })],
    });

    const identity = sender.identity ?? sender.fromAddress.split('@')[1];
    if (!identity) throw new Error(`invalid sender address ${sender.fromAddress}`);
    this.identityArn = Arn.format({ service: 'ses', resource: 'identity', resourceName: identity }, Stack.of(this));
    fn.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [this.identityArn],
        conditions: { StringEquals: { 'ses:FromAddress': sender.fromAddress } },
      }),
    );
    fn.function.addEnvironment(mailEnv.fromAddress, sender.fromAddress);
    fn.function.addEnvironment(mailEnv.identityArn, this.identityArn);
    if (sender.fromName) fn.function.addEnvironment(mailEnv.fromName, sender.fromName);

    // Delivery claims and records go to the event log (conditional puts, one-event commits); a claim
    // whose mail could not be sent is released (DeleteItem on delivery-claim keys only).
    eventStore.grantAppend(fn.function);
    eventStore.grantDeliveryClaims(fn.function);
    // Read models: query the due index and the calendar; read activity rows; take delivered entries out
    // of the due index (UpdateItem on the table only).
    Grant.addToPrincipal({
      grantee: fn.function,
      actions: ['dynamodb:Query'],
      resourceArns: reminderJobIndexes.map((index) => {
        if (!readModelsTable.globalSecondaryIndexes.some((definition) => definition.indexName === index)) throw new Error(`no index ${index}`);
        return `${readModels.table.tableArn}/index/${index}`;
      }),
    });
    // On the table: activity rows (BatchGetItem), related records' names (GetItem), the people read
    // model (a user's partition, the tenants partition: Query), the due entries' removal (UpdateItem).
    Grant.addToPrincipal({
      grantee: fn.function,
      actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      resourceArns: [readModels.table.tableArn],
    });
  }
}
