import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { streamMapping } from '../../contract/stream-mapping.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { Projector } from '../../projections/projector.ts';
import { dependenciesFromEnv, type Dependencies, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { eventOfRecord } from './stream-records.ts';
import { observed } from '../shared/observability.ts';

export interface ProjectHandlerOptions {
  /**
   * No new aggregate is started with less than this left of the invocation; what is left over is
   * reported as batch item failures, so the mapping checkpoints what was done and sends the rest
   * again, instead of the whole batch timing out and being retried from its start. Default
   * `streamMapping.deadlineMarginMs`.
   */
  readonly deadlineMarginMs?: number;
  /** Aggregates projected at the same time; each aggregate's records stay in stream order. */
  readonly aggregatesInParallel?: number;
}

/** One aggregate's records in the batch, in stream order, and the events parsed from them. */
interface Lane {
  readonly tenant: string;
  readonly records: { readonly index: number; readonly record: DynamoDBRecord }[];
  /** The events of the records `covered` (the records before an invalid one, if any). */
  events: StoredEvent[];
  covered: number[];
}

/** The stream key of a record (`<tenant>#<type>#<id>`): the aggregate, and the unit of ordering. */
const laneKey = (record: DynamoDBRecord, index: number): string => record.dynamodb?.Keys?.['pk']?.S ?? `record ${index}`;

/**
 * The order aggregates are started in: tenants take turns (each tenant's aggregates in stream order),
 * so the one ticket of another tenant in a batch full of an import's companies goes first, not last.
 */
export const fairOrder = <L extends { readonly tenant: string }>(lanes: readonly L[]): L[] => {
  const byTenant = new Map<string, L[]>();
  for (const lane of lanes) byTenant.set(lane.tenant, [...(byTenant.get(lane.tenant) ?? []), lane]);
  const queues = [...byTenant.values()];
  const ordered: L[] = [];
  for (let round = 0; ordered.length < lanes.length; round += 1) for (const queue of queues) if (queue[round]) ordered.push(queue[round]!);
  return ordered;
};

/** Parses a lane's records; an invalid event stops its aggregate there (the events before it are still projected). */
const parseLane = (lane: Lane): void => {
  try {
    for (const { index, record } of lane.records) {
      const parsed = eventOfRecord(record);
      if (parsed) lane.events.push(parsed);
      lane.covered.push(index);
    }
  } catch (error) {
    logger.error('stream record is not a valid event', { error, sequenceNumber: lane.records[lane.covered.length]?.record.dynamodb?.SequenceNumber });
  }
};

/**
 * The projection lag of each record projected: how long after its write it reached the read models
 * (its ApproximateCreationDateTime, whole seconds, against the injected clock).
 */
const recordLag = ({ metrics, now }: Pick<Dependencies, 'metrics' | 'now'>, records: readonly DynamoDBRecord[], done: readonly boolean[]): void => {
  if (!metrics) return;
  const at = Date.parse(now());
  records.forEach((record, index) => {
    const written = record.dynamodb?.ApproximateCreationDateTime;
    if (done[index] && written !== undefined) metrics.projectionLag(at - written * 1000);
  });
};

/**
 * Events-table stream -> read models. The batch is split by aggregate (the records' partition key):
 * aggregates are projected concurrently, tenants taking turns, each one's records in stream order
 * and at once (`Projector.projectRun`, from items read for the whole batch in BatchGetItem).
 * Progress is reported record by record: records of an aggregate that failed, and of aggregates not
 * started before the deadline, are batch item failures; the mapping retries from the first of them,
 * and the version checks make re-applying the ones after it harmless.
 */
export const createProjectHandler = (dependencies: DependencySource = dependenciesFromEnv, options: ProjectHandlerOptions = {}) => {
  const deadlineMarginMs = options.deadlineMarginMs ?? streamMapping.deadlineMarginMs;
  const parallel = Math.max(1, options.aggregatesInParallel ?? 8);
  let projector: Projector | undefined;

  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    if (context) logger.addContext(context);
    const { readModels, eventStore } = dependencies();
    projector ??= new Projector(readModels, eventStore);
    const active = projector;
    const records = event.Records;
    const done = new Array<boolean>(records.length).fill(false);
    const timeLeft = (): number => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;

    const byKey = new Map<string, Lane>();
    records.forEach((record, index) => {
      const key = laneKey(record, index);
      const lane = byKey.get(key) ?? { tenant: key.split('#')[0]!, records: [], events: [], covered: [] };
      lane.records.push({ index, record });
      byKey.set(key, lane);
    });
    const lanes = fairOrder([...byKey.values()]);
    for (const lane of lanes) parseLane(lane);

    let known: ReadonlyMap<string, Record<string, unknown> | null> | undefined;
    if (timeLeft() >= deadlineMarginMs) {
      try {
        known = await active.prefetch(lanes.map((lane) => lane.events));
      } catch (error) {
        // Each aggregate then reads its own items.
        logger.warn('batch read of the read items failed', { error });
      }
    }

    const projectLane = async (lane: Lane): Promise<void> => {
      try {
        if (lane.events.length > 0) await active.projectRun(lane.events, known);
        for (const index of lane.covered) done[index] = true;
      } catch (error) {
        logger.error('projection failed', { error, sequenceNumber: lane.records[0]?.record.dynamodb?.SequenceNumber });
      }
    };

    let stoppedEarly = false;
    const queue = [...lanes];
    const worker = async (): Promise<void> => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        if (timeLeft() < deadlineMarginMs) {
          stoppedEarly = true;
          queue.length = 0;
          return;
        }
        await projectLane(lane);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, lanes.length) }, worker));

    const batchItemFailures = records.flatMap((record, index) => (done[index] ? [] : [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }]));
    recordLag(dependencies(), records, done);
    if (stoppedEarly) {
      logger.warn('deadline near: the rest of the batch is handed back', { processed: records.length - batchItemFailures.length, handedBack: batchItemFailures.length });
    }
    return { batchItemFailures };
  };
};

export const handler = observed(createProjectHandler());
