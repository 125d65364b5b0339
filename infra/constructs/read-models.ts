import type { RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { readModelsTable } from '../../contract/tables.ts';
import { physicalTableName, tableAndIndexArns, tableFromDefinition } from './table.ts';

export interface ReadModelsProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

export const queryActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/** Projection writes are conditional (`version < incoming`), hence `ConditionCheckItem`. */
export const projectActions = [
  ...queryActions,
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The read side: the single-table read models of `contract/tables.ts` with its generic GSIs. */
export class ReadModels extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: ReadModelsProps) {
    super(scope, id);
    this.table = tableFromDefinition(this, 'Table', readModelsTable, {
      tableName: physicalTableName(props.stage, readModelsTable),
      removalPolicy: props.removalPolicy,
      deletionProtection: props.deletionProtection,
    });
  }

  /** Table and every GSI by name (no `index/*` wildcard). */
  get resourceArns(): string[] {
    return tableAndIndexArns(this.table, readModelsTable);
  }

  /**
   * Write read models (projector, rebuild) and read them back. A rebuild also scans the table for
   * items no aggregate produces any more (`scan`), on the table only.
   */
  grantProject(grantee: IGrantable, options: { readonly scan?: boolean } = {}): Grant {
    const grant = Grant.addToPrincipal({ grantee, actions: [...projectActions], resourceArns: this.resourceArns });
    if (options.scan) Grant.addToPrincipal({ grantee, actions: ['dynamodb:Scan'], resourceArns: [this.table.tableArn] });
    return grant;
  }

  /** Read-only: item reads and queries on the table and its indexes. */
  grantQuery(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({ grantee, actions: [...queryActions], resourceArns: this.resourceArns });
  }
}
