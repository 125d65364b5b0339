import type { RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, Grant, PolicyStatement, type IGrantable, type IPrincipal } from 'aws-cdk-lib/aws-iam';
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
 * Private items (application/ports/event-store.ts `PrivateItemPut`; keys: adapters/dynamodb/event-keys.ts
 * `privateItemKey`): values written in the same commit as the events that name them, readable only by
 * the function that needs them. Tenants and ids hold no `#` and tenants never start with `$`, so no
 * event key and no other version-0 item matches these patterns.
 */
export const privateItemKeyPatterns = {
  /** Webhook signing secrets (`<tenant>#$webhook-secret#<secretId>`): the integrations API writes and reads them, the sender reads them. */
  webhookSecrets: '*#$webhook-secret#*',
  /** API clients' grants (`$api-client#<clientId>`, no tenant: a token names none): the integrations API writes them, the edge reads them. */
  apiClientGrants: '$api-client#*',
  /** An endpoint's failure streak (`<tenant>#$webhook-health#<endpointId>`): the sender's own bookkeeping. */
  webhookHealth: '*#$webhook-health#*',
  /** An API client's secret for the day its creation may be replayed (`<tenant>#$api-client-secret#<clientId>`): the integrations API's alone. */
  apiClientSecrets: '*#$api-client-secret#*',
} as const;

export type PrivateItemKind = keyof typeof privateItemKeyPatterns;

/** What a function may do with a kind of private item: `read` = `GetItem`, `write` = `PutItem` (a commit's conditioned or plain put). */
export type PrivateItemUse = 'read' | 'write';

const privateItemUseActions: Record<PrivateItemUse, string> = { read: 'dynamodb:GetItem', write: 'dynamodb:PutItem' };

/**
 * Every item action that carries `dynamodb:LeadingKeys`: denied on private items to every function
 * with access to the events table, but for the uses granted with `grantPrivateItems`. (`Scan` carries
 * no partition key and cannot be limited by one: only the rebuild worker scans, see infra/README.md.)
 */
export const privateItemDeniedActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

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

/**
 * An IAM condition for a Deny: some partition key the request touches matches one of `patterns`.
 * `ForAnyValue` (not `ForAllValues`, which is true when the request has no such key) is IAM's
 * qualifier for denying a multivalued key.
 */
export const leadingKeysAnyLike = (...patterns: string[]) => ({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': patterns } });

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
  /** Every principal given access to the table, with the private items it may use. */
  readonly #principals = new Map<IPrincipal, Map<PrivateItemKind, Set<PrivateItemUse>>>();
  #privateItemsGuarded = false;

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
    this.#track(grantee);
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
    this.#track(grantee);
    return this.#grantOnKeys(grantee, ['dynamodb:PutItem'], [`*#${aggregateType}#*`]);
  }

  /** `PutItem` on the tenant's sequences whose names start with one of `prefixes` (`<tenant>#$sequence#<name>`). */
  grantSequenceWrites(grantee: IGrantable, prefixes: readonly string[]): Grant {
    this.#track(grantee);
    return this.#grantOnKeys(grantee, ['dynamodb:PutItem'], prefixes.map((prefix) => `*#$sequence#${prefix}*`));
  }

  /** Take and release reminder delivery claims (`PutItem` comes with `grantAppend`). */
  grantDeliveryClaims(grantee: IGrantable): Grant {
    this.#track(grantee);
    return this.#grantOnKeys(grantee, ['dynamodb:DeleteItem'], [eventTableKeyPatterns.deliveryClaims]);
  }

  /**
   * Let `grantee` read (`GetItem`) and/or write (`PutItem`) one kind of private item: an Allow on
   * those keys only (a function with an events grant has the bare actions already; this one says
   * what for) and, above all, the exception to `guardPrivateItems`' Deny.
   */
  grantPrivateItems(grantee: IGrantable, kind: PrivateItemKind, uses: readonly PrivateItemUse[]): Grant {
    const granted = this.#track(grantee);
    const set = granted.get(kind) ?? new Set<PrivateItemUse>();
    for (const use of uses) set.add(use);
    granted.set(kind, set);
    return this.#grantOnKeys(grantee, uses.map((use) => privateItemUseActions[use]), [privateItemKeyPatterns[kind]]);
  }

  /**
   * Deny every principal with access to this table every item action on the private items it was not
   * granted (`grantPrivateItems`): one Deny statement per set of denied actions, `ForAnyValue:StringLike`
   * on `dynamodb:LeadingKeys`. An explicit Deny wins over any Allow — the plain `GetItem`/`PutItem` of
   * an events grant, and whatever is granted later — and a transaction is authorised item by item as
   * its `Put`/`Get`/`ConditionCheck`s' own actions, so a commit that carries a private item another
   * function may not write fails as a whole. Call once, after every grant on the table.
   */
  guardPrivateItems(): void {
    if (this.#privateItemsGuarded) throw new Error('guardPrivateItems called twice');
    this.#privateItemsGuarded = true;
    for (const [principal, granted] of this.#principals) {
      const byActions = new Map<string, string[]>();
      for (const kind of Object.keys(privateItemKeyPatterns) as PrivateItemKind[]) {
        const allowed = new Set([...(granted.get(kind) ?? [])].map((use) => privateItemUseActions[use]));
        const denied = privateItemDeniedActions.filter((action) => !allowed.has(action));
        const key = denied.join(',');
        byActions.set(key, [...(byActions.get(key) ?? []), privateItemKeyPatterns[kind]]);
      }
      for (const [actions, patterns] of byActions) {
        principal.addToPrincipalPolicy(
          new PolicyStatement({ effect: Effect.DENY, actions: actions.split(','), resources: [this.table.tableArn], conditions: leadingKeysAnyLike(...patterns) }),
        );
      }
    }
  }

  /** The private items `grantee` may use (for tests and documentation). */
  privateItemUses(grantee: IGrantable): ReadonlyMap<PrivateItemKind, ReadonlySet<PrivateItemUse>> {
    return this.#principals.get(grantee.grantPrincipal) ?? new Map();
  }

  #track(grantee: IGrantable): Map<PrivateItemKind, Set<PrivateItemUse>> {
    if (this.#privateItemsGuarded) throw new Error('a grant on the events table after guardPrivateItems: its principal would escape the private-item Deny');
    let granted = this.#principals.get(grantee.grantPrincipal);
    if (!granted) {
      granted = new Map();
      this.#principals.set(grantee.grantPrincipal, granted);
    }
    return granted;
  }

  #grantOnKeys(grantee: IGrantable, actions: string[], patterns: string[]): Grant {
    return Grant.addToPrincipal({ grantee, actions, resourceArns: [this.table.tableArn], conditions: leadingKeysLike(...patterns) });
  }

  /**
   * Read events: load aggregates and histories. `scan: true` adds `Scan`, which only a rebuild (a full
   * pass over the log) needs.
   */
  grantReadEvents(grantee: IGrantable, options: { readonly scan?: boolean } = {}): Grant {
    this.#track(grantee);
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
