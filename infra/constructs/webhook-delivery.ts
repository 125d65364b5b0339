import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functions } from '../../contract/functions.ts';
import { integrationEnv } from '../../contract/tables.ts';
import { webhookQueueLimits } from '../../contract/webhook-queue.ts';
import type { EventStore } from './event-store.ts';
import type { CronacaFunction } from './functions.ts';
import { checkPollers } from './worker-queue.ts';

/**
 * The sender's event source and the queue's limits, in one place (test/infra/webhook-delivery.test.ts
 * checks the template against them).
 */
export const webhookDeliverySettings = {
  /** The most a FIFO event source takes per batch; the sender sends a batch's deliveries in parallel. */
  batchSize: 10,
  /**
   * Senders at once, at most: the sender's reserved concurrency (contract/contexts/integrations.ts). A
   * FIFO source never runs more than one batch per message group (an endpoint and a record) anyway;
   * this bounds the total, so a burst of records cannot take the account's concurrency from the API.
   */
  maxConcurrency: functions.webhookSender.reservedConcurrency,
  /**
   * Receives before a message goes to the dead-letter queue: attempts, deferrals behind an open
   * circuit and re-receives behind a retried message of its group all count, so SQS's maximum
   * (contract/webhook-queue.ts); the age of the oldest message is alarmed instead.
   */
  maxReceiveCount: webhookQueueLimits.maxReceiveCount,
  /**
   * AWS: a source queue's visibility timeout at least six times the function's timeout, so a batch
   * the event source retries after throttling or an error is not handed out twice.
   */
  visibilityTimeoutFactor: 6,
  /** A record's deliveries may wait out a 5-day outage one behind the other: SQS's longest retention. */
  retention: Duration.days(webhookQueueLimits.retentionDays),
  /** Dead letters: the longest SQS keeps anything (a FIFO dead-letter queue counts from when the message arrived in it). */
  deadLetterRetention: Duration.days(14),
} as const;

export interface WebhookDeliveryProps {
  readonly stage: string;
  readonly eventStore: EventStore;
  /** `webhookSender`: consumes the queue, signs and sends. */
  readonly sender: CronacaFunction;
  /** Functions that queue dispatches: the dispatcher (every event) and the integrations API (test events, redeliveries). */
  readonly producers: readonly CronacaFunction[];
  /** Functions that write and read signing secrets: the integrations API (created with an endpoint, rotated, expired on deletion). */
  readonly secretKeepers: readonly CronacaFunction[];
}

/**
 * The webhook queue (docs/webhooks.md "Infrastructure"): SQS FIFO between the producers and the
 * sender. A message group is one endpoint and one record (`WebhookDispatch.orderingKey`), so a
 * record's deliveries to an endpoint go one after the other while other records and endpoints
 * proceed; high-throughput FIFO (throughput and deduplication per message group) because groups
 * are many and independent. Content-based deduplication is off: the producer sets
 * `MessageDeduplicationId` (a delivery and its round), so queueing the same dispatch twice within
 * five minutes is one message. Encrypted (SSE-SQS), TLS only; a FIFO dead-letter queue after 1,000
 * receives, alarmed by the stack with the age of the oldest message.
 *
 * The sender runs outside any VPC, so it reaches the internet directly; what it may reach is
 * checked in code on every attempt (adapters/http/safe-http-client.ts: every resolved address
 * classified, private, loopback and metadata addresses refused, the connection pinned to the
 * checked address, no redirects). It reads the signing secrets (and keeps each endpoint's failure
 * streak); the producers may only send.
 */
export class WebhookDelivery extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    super(scope, id);
    // Named: a FIFO queue's name must end in `.fifo`, and the stage's names say whose it is.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `cronaca-${props.stage}-webhooks-dlq.fifo`,
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: webhookDeliverySettings.deadLetterRetention,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: `cronaca-${props.stage}-webhooks.fifo`,
      fifo: true,
      contentBasedDeduplication: false,
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.sender.definition.timeoutSeconds * webhookDeliverySettings.visibilityTimeoutFactor),
      retentionPeriod: webhookDeliverySettings.retention,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: webhookDeliverySettings.maxReceiveCount },
    });

    const sender = props.sender.function;
    checkPollers(props.sender.definition, webhookDeliverySettings.maxConcurrency);
    // Receive, delete and change visibility (the back-off) come with the event source's grant.
    sender.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: webhookDeliverySettings.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: webhookDeliverySettings.maxConcurrency,
      }),
    );
    // The queue's URL: ChangeMessageVisibility names the queue by URL (an SQS record carries only its ARN).
    sender.addEnvironment(integrationEnv.webhookQueue, this.queue.queueUrl);
    // Signs with the endpoint's valid secrets; records the endpoint's failure streak (first failure since the last success).
    props.eventStore.grantPrivateItems(sender, 'webhookSecrets', ['read']);
    props.eventStore.grantPrivateItems(sender, 'webhookHealth', ['read', 'write']);

    for (const keeper of props.secretKeepers) props.eventStore.grantPrivateItems(keeper.function, 'webhookSecrets', ['read', 'write']);

    for (const producer of props.producers) {
      this.queue.grantSendMessages(producer.function);
      producer.function.addEnvironment(integrationEnv.webhookQueue, this.queue.queueUrl);
    }
  }
}
