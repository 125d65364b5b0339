import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { streamMapping } from '../../contract/stream-mapping.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { Projector } from '../../projections/projector.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { eventOfRecord } from './stream-records.ts';

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

/** A run of one aggregate's records in the batch, in stream order. */
interface Lane {
  readonly records: { readonly index: number; readonly record: DynamoDBRecord }[];
}

/** The stream key of a record (`<tenant>#<type>#<id>`): the aggregate, and the unit of ordering. */
const laneKey = (record: DynamoDBRecord, index: number): string => record.dynamodb?.Keys?.['pk']?.S ?? `record ${index}`;

/**
 * Events-table stream -> read models. The batch is split by aggregate (the records' partition key):
 * aggregates are projected concurrently, each one's records in stream order and at once (one read
 * and one write per item, `Projector.projectRun`). Progress is reported record by record: records of
 * an aggregate that failed, and of aggregates not started before the deadline, are batch item
 * failures; the mapping retries from the first of them, and the version checks make re-applying the
 * ones after it harmless.
 */
export const createProjectHandler = (dependencies: DependencySource = dependenciesFromEnv, options: ProjectHandlerOptions = {}) => {
  const deadlineMarginMs = options.deadlineMarginMs ?? streamMapping.deadlineMarginMs;
  const parallel = Math.max(1, options.aggregatesInParallel ?? 16);
  let projector: Projector | undefined;

  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    if (context) logger.addContext(context);
    const { readModels, eventStore } = dependencies();
    projector ??= new Projector(readModels, eventStore);
    const active = projector;
    const records = event.Records;
    const done = new Array<boolean>(records.length).fill(false);

    const lanes = new Map<string, Lane>();
    records.forEach((record, index) => {
      const key = laneKey(record, index);
      const lane = lanes.get(key) ?? { records: [] };
      lane.records.push({ index, record });
      lanes.set(key, lane);
    });
    const queue = [...lanes.values()];
    const timeLeft = (): number => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    let stoppedEarly = false;

    const projectLane = async (lane: Lane): Promise<void> => {
      const events: StoredEvent[] = [];
      const covered: number[] = [];
      try {
        for (const { index, record } of lane.records) {
          const parsed = eventOfRecord(record);
          if (parsed) events.push(parsed);
          covered.push(index);
        }
      } catch (error) {
        // An invalid event stops its aggregate here; the events before it are still projected.
        logger.error('stream record is not a valid event', { error, sequenceNumber: lane.records[covered.length]?.record.dynamodb?.SequenceNumber });
      }
      try {
        if (events.length > 0) await active.projectRun(events);
        for (const index of covered) done[index] = true;
      } catch (error) {
        logger.error('projection failed', { error, sequenceNumber: lane.records[0]?.record.dynamodb?.SequenceNumber });
      }
    };

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
    await Promise.all(Array.from({ length: Math.min(parallel, lanes.size) }, worker));

    const batchItemFailures = records.flatMap((record, index) => (done[index] ? [] : [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }]));
    if (stoppedEarly) {
      logger.warn('deadline near: the rest of the batch is handed back', { processed: records.length - batchItemFailures.length, handedBack: batchItemFailures.length });
    }
    return { batchItemFailures };
  };
};

export const handler = createProjectHandler();
