/**
 * `npm run rebuild [-- --tenant <tenant>]`: rebuilds the read models from the events table of the
 * local cloud — every tenant, or one. Uses the DynamoDB Local of a running `npm start`; when none is
 * running, starts one on the persisted data for the duration of the rebuild.
 */
import { existsSync } from 'node:fs';
import { createDocumentClient, localTableNames } from '../adapters/dynamodb/client.ts';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import { rebuildReadModels } from '../adapters/dynamodb/rebuild.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localAwsConfig } from './aws.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { checkJava, JavaError } from './java.ts';
import { dataDirectory, dataPaths } from './paths.ts';
import { readRunningCloud } from './running-cloud.ts';

const args = process.argv.slice(2);
const tenantAt = args.indexOf('--tenant');
const tenant = tenantAt >= 0 ? args[tenantAt + 1] : undefined;
if ((tenantAt >= 0 && !tenant) || args.some((arg, i) => arg !== '--tenant' && i !== tenantAt + 1)) {
  console.error('usage: npm run rebuild [-- --tenant <tenant>]');
  process.exit(2);
}

const paths = dataPaths(dataDirectory());
const running = readRunningCloud(paths.root);
let endpoint = running?.dynamodbEndpoint;
let stop: (() => Promise<void>) | undefined;

try {
  if (!endpoint) {
    if (!existsSync(paths.dynamodb)) {
      console.error(`No local data in ${paths.root}: run \`npm start\` first.`);
      process.exit(1);
    }
    await checkJava();
    const dynamodb = await startDynamoDbLocal({ dbPath: paths.dynamodb });
    endpoint = dynamodb.endpoint;
    stop = () => dynamodb.stop();
  }
  const db = createDocumentClient(new DynamoDBClient({ ...localAwsConfig, endpoint }));
  const started = performance.now();
  const result = await rebuildReadModels({
    db,
    eventsTable: localTableNames.events,
    eventStore: new EventStore(db, localTableNames.events),
    readModels: new ReadModelStore(db, localTableNames.readModels),
    ...(tenant ? { tenant } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `Rebuilt ${tenant ? `tenant ${tenant}` : 'every tenant'} in ${seconds} s: ${result.aggregates} aggregates, ` +
      `${result.events} events, ${result.itemsWritten} items written, ${result.itemsDeleted} orphans deleted.`,
  );
} catch (error) {
  console.error(error instanceof JavaError ? error.message : error);
  process.exitCode = 1;
} finally {
  await stop?.();
}
