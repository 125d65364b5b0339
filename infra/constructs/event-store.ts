import type { RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { eventsTable } from '../../contract/tables.ts';
import { physicalTableName, tableFromDefinition } from './table.ts';

export interface EventStoreProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/**
 * The keys of the version-0 items that live next to the events (docs/README.md "Event store"). Events
 * are `<tenant>#<aggregateType>#<id>` and ids never hold `#` (adapters/dynamodb/event-keys.ts), so
 * no event key matches these patterns.
 */
export const eventTableKeyPatterns = {
  /** Unique-value claims: a commit that drops a value releases its claim (`Delete`). */
  uniqueClaims: '*#$unique#*',
  /** Lookup items (one per value and holder): put and deleted in the commit that changes what they index. */
  lookups: '*#$lookup#*',
  /** Reminder delivery claims: released (`DeleteItem`) when the mail could not be sent. */
  deliveryClaims: '*#$delivery#*',
} as const;

/**
 * Every write to the events table is a `Put` conditioned on a free slot (events), on the value read
 * (counters) or on "free or mine" (claims, idempotency records) — `PutItem`; `ConditionCheckItem`
 * for transaction checks; `GetItem`/`Query` for loads and look-ups. A transaction is authorised item
 * by item, so these cover `TransactWriteItems` too. Nothing here may delete or update an item:
 * `DeleteItem` is granted separately, only on the keys of `eventTableKeyPatterns`; `UpdateItem` never.
 */
export const appendActions = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'] as const;

export const readEventsActions = ['dynamodb:GetItem', 'dynamodb:Query'] as const;

/** An IAM condition: every partition key the request touches matches one of `patterns`. */
export const leadingKeysLike = (...patterns: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns } });

export interface AppendOptions {
  /** The function's commits release unique-value claims (a changed VAT number, e-mail). */
  readonly releaseClaims?: boolean;
  /** The function's commits maintain lookup items (a holder dropped from a value is a `Delete`). */
  readonly maintainLookups?: boolean;
}

/** What a Lambda event-source mapping needs on the table's stream. */
export const streamReadActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'] as const;

/** The event log: the events table of `contract/tables.ts` and the grants that use it. */
export class EventStore extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: EventStoreProps) {
    super(scope, id);
    this.table = tableFromDefinition(this, 'Table', eventsTable, {
      tableName: physicalTableName(props.stage, eventsTable),
      removalPolicy: props.removalPolicy,
      deletionProtection: props.deletionProtection,
    });
  }

  get tableStreamArn(): string {
    const arn = this.table.tableStreamArn;
    if (!arn) throw new Error('the events table has no stream (contract/tables.ts eventsTable.stream)');
    return arn;
  }

  /**
   * Commit events with their counters, claims and idempotency records, and load aggregates. Events
   * are append-only: `DeleteItem` only on claim and lookup keys, each when the function needs it
   * (`dynamodb:LeadingKeys`); no `UpdateItem` at all.
   */
  grantAppend(grantee: IGrantable, options: AppendOptions = {}): Grant {
    const grant = Grant.addToPrincipal({ grantee, actions: [...appendActions], resourceArns: [this.table.tableArn] });
    if (options.releaseClaims) this.#grantOnKeys(grantee, ['dynamodb:DeleteItem'], [eventTableKeyPatterns.uniqueClaims]);
    if (options.maintainLookups) this.#grantOnKeys(grantee, ['dynamodb:DeleteItem'], [eventTableKeyPatterns.lookups]);
    return grant;
  }

  /**
   * Append to streams of one aggregate type only (a job recording its own progress): `PutItem` on
   * `<tenant>#<aggregateType>#*` keys, no counters, claims or idempotency records.
   */
  grantAppendTo(grantee: IGrantable, aggregateType: string): Grant {
    return this.#grantOnKeys(grantee, ['dynamodb:PutItem'], [`*#${aggregateType}#*`]);
  }

  /** Take and release reminder delivery claims (`PutItem` comes with `grantAppend`). */
  grantDeliveryClaims(grantee: IGrantable): Grant {
    return this.#grantOnKeys(grantee, ['dynamodb:DeleteItem'], [eventTableKeyPatterns.deliveryClaims]);
  }

  #grantOnKeys(grantee: IGrantable, actions: string[], patterns: string[]): Grant {
    return Grant.addToPrincipal({ grantee, actions, resourceArns: [this.table.tableArn], conditions: leadingKeysLike(...patterns) });
  }

  /**
   * Read events: load aggregates and histories. `scan: true` adds `Scan`, which only a rebuild (a full
   * pass over the log) needs.
   */
  grantReadEvents(grantee: IGrantable, options: { readonly scan?: boolean } = {}): Grant {
    const actions: string[] = [...readEventsActions];
    if (options.scan) actions.push('dynamodb:Scan');
    return Grant.addToPrincipal({ grantee, actions, resourceArns: [this.table.tableArn] });
  }

  /**
   * Read the table's stream (for an event-source mapping). `dynamodb:ListStreams` has no resource-level
   * permissions, so it is granted on `*` (the only `*` a stream consumer gets besides X-Ray).
   */
  grantStreamRead(grantee: IGrantable): Grant {
    const onStream = Grant.addToPrincipal({ grantee, actions: [...streamReadActions], resourceArns: [this.tableStreamArn] });
    const listStreams = Grant.addToPrincipal({ grantee, actions: ['dynamodb:ListStreams'], resourceArns: ['*'] });
    return onStream.combine(listStreams);
  }
}
