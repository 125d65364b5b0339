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
 * What one `TransactWriteItems` commit needs: the event `Put`s (conditional on a free version slot),
 * sequence counters (`Update`), unique-key claims and idempotency records (`Put`/`Delete`/
 * `ConditionCheck`), plus the strongly consistent `Query` that loads an aggregate and `GetItem` for
 * idempotency look-ups.
 */
export const appendActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
] as const;

export const readEventsActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

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

  /** Commit events (and their counters, claims, idempotency records) and load aggregates. */
  grantAppend(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({ grantee, actions: [...appendActions], resourceArns: [this.table.tableArn] });
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
