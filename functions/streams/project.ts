import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { Projector } from '../../projections/projector.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { eventOfRecord } from './stream-records.ts';

/**
 * Events-table stream -> read models. Records are processed one after another, in stream order
 * (`processInParallel: false`); a failed record is reported as a batch item failure, so the
 * event-source mapping retries from it, and the projector's version checks make the retry harmless.
 */
export const createProjectHandler = (dependencies: DependencySource = dependenciesFromEnv) => {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  let projector: Projector | undefined;
  const project = async (record: DynamoDBRecord) => {
    const event = eventOfRecord(record);
    if (!event) return;
    const { readModels, eventStore } = dependencies();
    projector ??= new Projector(readModels, eventStore);
    await projector.project(event);
  };
  return async (event: DynamoDBStreamEvent, context: Context) => {
    logger.addContext(context);
    return processPartialResponse(event, project, processor, { context, processInParallel: false });
  };
};

export const handler = createProjectHandler();
