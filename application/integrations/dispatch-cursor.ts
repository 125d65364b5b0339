import type { StoredEvent } from '../../events/envelope.ts';
import type { EventStorePort, LoadedStream, SequenceAdvance } from '../ports/event-store.ts';

/**
 * The webhook dispatcher's order cursor of one record, and whether a plan is pending at it
 * (docs/webhooks.md "Pipeline"): ONE per-tenant sequence item, `webhook-cursor/<type>.<id>`, read
 * strongly consistent and written conditionally — O(1) whatever the record's length. Its value packs
 * two things: `2 × cursor` when every delivery up to the cursor is queued (settled; absent = 0 = cursor
 * 0), `2 × cursor + 1` when deliveries after the cursor may be committed but not all queued (pending).
 *
 * The transitions, each a conditional write (from the value read):
 * - settled(c) → pending(c): in the commit of the first deliveries after c, with their plan event;
 * - pending(c) → pending(c): the same, on a retry (a condition that nobody settled meanwhile);
 * - settled(c) or pending(c) → settled(v), v > c: after queueing everything up to v.
 * A plan event for c is only written with a transition to pending(c), and nothing goes back from
 * pending(c) to settled(c): so a settled cursor has no plan to read, and a dispatcher settling from
 * settled(c) fails if a plan for c appeared after it read the cursor.
 */
export interface CursorState {
  /** The sequence's value as read (the condition of the next write). */
  readonly stored: number;
  /** Every delivery of the record's events up to this version is queued. */
  readonly cursor: number;
  /** Deliveries after the cursor may exist that are not queued: the plan stream names their endpoints. */
  readonly pending: boolean;
}

export const cursorSequenceOf = (record: Pick<StoredEvent, 'aggregateType' | 'aggregateId'>): string =>
  `webhook-cursor/${record.aggregateType}.${record.aggregateId}`;

export const cursorStateOf = (stored: number): CursorState => ({ stored, cursor: Math.floor(stored / 2), pending: stored % 2 === 1 });

export const readCursor = async (store: EventStorePort, tenant: string, record: Pick<StoredEvent, 'aggregateType' | 'aggregateId'>): Promise<CursorState> =>
  cursorStateOf(await store.readSequence(tenant, cursorSequenceOf(record)));

/** The write that marks deliveries after the cursor as committed, not yet all queued. */
export const markPending = (record: Pick<StoredEvent, 'aggregateType' | 'aggregateId'>, state: CursorState): SequenceAdvance => ({
  name: cursorSequenceOf(record),
  from: state.stored,
  to: state.cursor * 2 + 1,
});

/** The write that says every delivery up to `through` is queued. */
export const settle = (record: Pick<StoredEvent, 'aggregateType' | 'aggregateId'>, from: number, through: number): SequenceAdvance => ({
  name: cursorSequenceOf(record),
  from,
  to: through * 2,
});

/** The plans of the deliveries after one cursor value (several if retries planned again). */
export const planAggregateType = 'webhook-dispatch-plan';

export const planIdOf = (record: Pick<StoredEvent, 'aggregateType' | 'aggregateId'>, after: number): string =>
  `${record.aggregateType}.${record.aggregateId}.${after}`;

export interface PendingPlan {
  readonly endpointIds: ReadonlySet<string>;
  /** The last record version any plan covered. */
  readonly through: number;
  readonly version: number;
}

/** What the plan events of a stream name together. */
export const pendingPlanOf = (stream: LoadedStream): PendingPlan => {
  const plans = stream.events.map((event) => event.data as { readonly endpointIds: readonly string[]; readonly through: number });
  return {
    endpointIds: new Set(plans.flatMap((plan) => plan.endpointIds)),
    through: plans.reduce((through, plan) => Math.max(through, plan.through), 0),
    version: stream.version,
  };
};

export const noPlan: PendingPlan = { endpointIds: new Set(), through: 0, version: 0 };
