import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import type { Delivery } from '../../events/reminders/reminder-events.ts';
import { singletonVersion, streamKey } from './event-keys.ts';
import { StreamConflictError } from './event-store-errors.ts';
import type { EventStore, NewEvent } from './event-store.ts';

/**
 * Exactly-once e-mail over a provider without idempotency (SES): claim → send → record.
 *
 * 1. Recorded? The delivery is a one-event stream `<tenant>#<type>#<key>`; if version 1 exists, done.
 * 2. Claim: a conditional put of `<tenant>#$delivery#<type>#<key>` (owner = this run). One run wins;
 *    the others see the claim and leave the delivery to it.
 * 3. Send, with the message id derived from the key.
 * 4. Record: append the event at version 1 (the slot itself is unique, so two records are impossible).
 *
 * A send that fails releases the claim (the next run retries). A run that dies between 2 and 4 leaves
 * a claim without a record: once the claim is older than the lease (longer than any run), the next run
 * records `delivery: 'unconfirmed'` and does NOT send — it cannot know whether the mail left. So each
 * delivery is e-mailed at most once, and exactly once unless a run dies inside that window.
 */

export type DeliveryOutcome =
  /** Sent and recorded by this run. */
  | 'sent'
  /** Recorded earlier (by this or another run). */
  | 'recorded'
  /** Another live run holds the claim. */
  | 'in-flight'
  /** Found a stale claim without a record: recorded as unconfirmed, not sent again. */
  | 'unconfirmed'
  /** Nothing to send (e.g. an empty digest); nothing claimed. */
  | 'skipped'
  /** The mailer refused: claim released, a later run retries. */
  | 'failed'
  /** Sent, but the record could not be written: the claim stays and a later run marks it unconfirmed. */
  | 'sent-unrecorded';

export interface DeliveryRequest {
  readonly tenant: string;
  /** Aggregate type of the delivery streams (`reminder`, `daily-digest`). */
  readonly aggregateType: string;
  /** Unique per delivery within the tenant; no `#`. */
  readonly key: string;
  /** Builds the message (called only when nothing is recorded yet); `null` = nothing to send. */
  compose(): Promise<MailMessage | null>;
  /** The event recorded for this delivery. */
  record(delivery: Delivery, messageId: string): NewEvent;
}

export interface DeliveryLedgerOptions {
  readonly db: DynamoDBDocumentClient;
  readonly eventsTable: string;
  readonly eventStore: Pick<EventStore, 'commit'>;
  readonly mailer: Mailer;
  /** Identifies this run in claims and as the correlation id of what it records. */
  readonly runId: string;
  readonly now: () => string;
  /** A claim older than this belongs to a run that died (must exceed the function timeout). */
  readonly leaseSeconds: number;
  /** How long a claim item is kept (DynamoDB TTL); the recorded event is the lasting proof. */
  readonly claimRetentionSeconds?: number;
  readonly onError?: (message: string, error: unknown, request: DeliveryRequest) => void;
}

const claimKey = (tenant: string, aggregateType: string, key: string): string => {
  streamKey(tenant, aggregateType, key); // validates the parts
  return `${tenant}#$delivery#${aggregateType}#${key}`;
};

const recordAttempts = 3;

export class DeliveryLedger {
  readonly #options: DeliveryLedgerOptions;

  constructor(options: DeliveryLedgerOptions) {
    this.#options = options;
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
    if (await this.#isRecorded(request)) return 'recorded';
    const message = await request.compose();
    if (message === null) return 'skipped';

    if (!(await this.#claim(request))) return this.#resolveTakenClaim(request, message.id);

    try {
      await this.#options.mailer.send(message);
    } catch (error) {
      this.#options.onError?.('mailer refused the message; claim released for a later run', error, request);
      await this.#release(request);
      return 'failed';
    }

    for (let attempt = 1; ; attempt += 1) {
      try {
        // A lost slot means a later run already marked it unconfirmed: still sent once, by us.
        await this.#record(request, 'sent', message.id);
        return 'sent';
      } catch (error) {
        if (attempt >= recordAttempts) {
          this.#options.onError?.('sent but not recorded; the claim stays, a later run records it as unconfirmed', error, request);
          return 'sent-unrecorded';
        }
      }
    }
  }

  async #isRecorded({ tenant, aggregateType, key }: DeliveryRequest): Promise<boolean> {
    const { Item } = await this.#options.db.send(
      new GetCommand({
        TableName: this.#options.eventsTable,
        Key: { pk: streamKey(tenant, aggregateType, key), version: 1 },
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return Item !== undefined;
  }

  async #claim({ tenant, aggregateType, key }: DeliveryRequest): Promise<boolean> {
    const at = this.#options.now();
    try {
      await this.#options.db.send(
        new PutCommand({
          TableName: this.#options.eventsTable,
          Item: {
            pk: claimKey(tenant, aggregateType, key),
            version: singletonVersion,
            kind: 'delivery-claim',
            owner: this.#options.runId,
            claimedAt: at,
            expiresAt: Math.floor(Date.parse(at) / 1000) + (this.#options.claimRetentionSeconds ?? 14 * 24 * 3600),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async #release({ tenant, aggregateType, key }: DeliveryRequest): Promise<void> {
    try {
      await this.#options.db.send(
        new DeleteCommand({
          TableName: this.#options.eventsTable,
          Key: { pk: claimKey(tenant, aggregateType, key), version: singletonVersion },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': this.#options.runId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async #resolveTakenClaim(request: DeliveryRequest, messageId: string): Promise<DeliveryOutcome> {
    const { Item } = await this.#options.db.send(
      new GetCommand({
        TableName: this.#options.eventsTable,
        Key: { pk: claimKey(request.tenant, request.aggregateType, request.key), version: singletonVersion },
        ConsistentRead: true,
      }),
    );
    // Released between our put and this read (a failed send): leave it to the next run.
    if (!Item) return 'in-flight';
    // Re-check after reading the claim: its owner may have recorded in between.
    if (await this.#isRecorded(request)) return 'recorded';
    const age = Date.parse(this.#options.now()) - Date.parse(String(Item.claimedAt));
    if (age < this.#options.leaseSeconds * 1000) return 'in-flight';
    return (await this.#record(request, 'unconfirmed', messageId)) ? 'unconfirmed' : 'recorded';
  }

  /** Appends the delivery's single event; false when the slot was already taken. */
  async #record(request: DeliveryRequest, delivery: Delivery, messageId: string): Promise<boolean> {
    try {
      await this.#options.eventStore.commit({
        tenant: request.tenant,
        at: this.#options.now(),
        meta: { actor: 'system:reminders', commandId: `${request.aggregateType}:${request.key}`, correlationId: this.#options.runId },
        streams: [
          { aggregateType: request.aggregateType, aggregateId: request.key, expectedVersion: 0, events: [request.record(delivery, messageId)] },
        ],
      });
      return true;
    } catch (error) {
      if (error instanceof StreamConflictError) return false;
      throw error;
    }
  }
}
