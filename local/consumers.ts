import { InMemoryPublisher } from '../adapters/eventbridge/memory-publisher.ts';
import { streamMapping } from '../contract/stream-mapping.ts';
import { importFunctionModule } from './functions.ts';
import type { StreamConsumer, StreamHandler } from './stream-poller.ts';

type ProjectModule = typeof import('../functions/streams/project.ts');
type PublishModule = typeof import('../functions/streams/publish.ts');

/**
 * The consumers of the events-table stream, as deployed (two, the most AWS advises per shard): the
 * projector handler, and the publisher handler built with an in-memory bus (EventBridge has no local
 * engine; `LocalBus` of `./bus.ts` delivers to the bus functions), with the deployed batch size and
 * parallelization factor (`contract/stream-mapping.ts`). Imported on call, so the handler
 * modules see the environment the local cloud has set.
 */
export const loadStreamConsumers = async (publisher: InMemoryPublisher = new InMemoryPublisher()): Promise<StreamConsumer[]> => {
  const project = (await importFunctionModule('projector')) as unknown as ProjectModule;
  const publish = (await importFunctionModule('publisher')) as unknown as PublishModule;
  const projector: StreamHandler = project.handler;
  const publisherHandler: StreamHandler = publish.createPublishHandler({ publisher });
  const { batchSize, parallelizationFactor } = streamMapping;
  return [
    { name: 'projector', handler: projector, batchSize, parallelizationFactor },
    { name: 'publisher', handler: publisherHandler, batchSize, parallelizationFactor },
  ];
};
