/**
 * `npm start`: the local cloud. DynamoDB Local (persistent), the S3 emulator, the tables and the drop
 * bucket, the stream poller feeding the projector and the publisher, and the local API Gateway in
 * front of the HTTP functions. Prints the URLs, the seeded users and how to get a token; then one
 * line per request (`--verbose` adds the stream, bus, S3 and scheduler lines).
 *
 *   npm start                 keep the data in .local/ (or $CRONACA_DATA_DIR)
 *   npm start -- --fresh      wipe the data first (signing keys are kept, so tokens stay valid)
 *   npm start -- --verbose    also log stream batches, bus deliveries, S3 events and scheduler runs
 *
 * Environment: PORT (API, default 3000; 0 = any free port), HOST (default 127.0.0.1),
 * DYNAMODB_PORT (default 8000), S3_PORT (default 4568) — a taken default falls back to a free port.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { localTableNames } from '../adapters/dynamodb/client.ts';
import { loadBusTargets, LocalBus } from './bus.ts';
import { loadStreamConsumers } from './consumers.ts';
import { localAwsConfig } from './aws.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { applyLocalEnvironment } from './env.ts';
import { createLocalServer } from './http-server.ts';
import { createIdentity, fileKeyStore } from './identity.ts';
import { checkJava, JavaError } from './java.ts';
import { dataDirectory, dataPaths } from './paths.ts';
import { isPortFree } from './ports.ts';
import { dropBucketName, startLocalS3 } from './s3.ts';
import { startLocalSchedules } from './schedules.ts';
import { startLocalImports } from './imports.ts';
import { startLocalRebuilds } from './rebuilds.ts';
import { startLocalReports } from './reports.ts';
import { seedUsers } from './seed.ts';
import { provisionSeedPeople } from './seed-people.ts';
import { dependenciesFromEnv } from '../functions/shared/dependencies.ts';
import { readRunningCloud, recordRunningCloud } from './running-cloud.ts';
import { fileCheckpoints, startStreamPoller } from './stream-poller.ts';
import { ensureTables } from './tables.ts';
import { fileApiClientStore, LocalApiClientRegistry } from './api-client-registry.ts';
import { localApiClientIssuer, localIntegrationsHandler } from './api-client-issuer.ts';

const tokenLifetime = '12h';

const usage = `Usage: npm start [-- --fresh] [-- --verbose]

  --fresh     wipe the local data (DynamoDB, S3, checkpoints, outbox, failed batches) first
  --verbose   also print stream batches, bus deliveries, S3 events and scheduler runs
  --help      show this help

Environment: PORT (default 3000, 0 = free port), HOST (default 127.0.0.1), DYNAMODB_PORT (default 8000),
S3_PORT (default 4568), CRONACA_DATA_DIR (default .local/).`;

const portFrom = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
};

/** A default port that is taken becomes "any free port"; an explicitly chosen one is kept (and fails loudly). */
const choosePort = async (name: string, fallback: number, apiPort: number): Promise<number> => {
  if (process.env[name] !== undefined && process.env[name] !== '') return portFrom(name, fallback);
  if (apiPort === 0) return 0;
  return (await isPortFree(fallback)) ? fallback : 0;
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return;
  }
  const unknown = args.filter((arg) => arg !== '--fresh' && arg !== '--verbose');
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  const fresh = args.includes('--fresh');
  const verbose = args.includes('--verbose');
  const say = (line: string): void => console.log(line);
  /** Quiet by default: what is always worth a line (a failure, a dead letter, a mail written) still shows. */
  const detail = (line: string): void => {
    if (verbose || /^\[mail\]|fail|giving up|dead-letter|error|trimmed/i.test(line)) console.log(line);
  };

  // Named, so that a slow Ctrl-C says what it is waiting for.
  const cleanups: { name: string; run: () => Promise<void> }[] = [];
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      if (cleanups.length === 0) process.exit(exitCode);
      console.log(`\n${reason}: stopping the local cloud…`);
      for (const cleanup of cleanups.reverse()) {
        console.log(`  stopping ${cleanup.name}…`);
        try {
          await cleanup.run();
        } catch (error) {
          console.error(`  stopping ${cleanup.name} failed:`, error);
        }
      }
      console.log('Stopped.');
      process.exit(exitCode);
    })();
    return stopping;
  };
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts++;
    if (interrupts > 1) {
      console.error('Forced exit.');
      process.exit(130); // the exit hooks still kill DynamoDB Local
    }
    void shutdown(signal, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('uncaughtException', (error) => {
    console.error('Uncaught exception:', error);
    void shutdown('crash', 1);
  });
  process.on('unhandledRejection', (error) => {
    console.error('Unhandled rejection:', error);
    void shutdown('crash', 1);
  });

  try {
    const paths = dataPaths(dataDirectory());
    const running = readRunningCloud(paths.root);
    if (running) {
      console.error(
        [
          `The local cloud is already running on this data (${paths.root}), process ${running.pid}:`,
          ...(running.apiUrl ? [`  API  ${running.apiUrl}`] : []),
          'Use that one, stop it first (Ctrl-C in its terminal), or start another on other data with',
          '  CRONACA_DATA_DIR=/some/other/folder npm start',
        ].join('\n'),
      );
      process.exitCode = 1;
      return;
    }
    const java = await checkJava();
    if (fresh) {
      for (const dir of [paths.dynamodb, paths.s3, paths.checkpoints, paths.outbox, paths.failed]) rmSync(dir, { recursive: true, force: true });
      console.log(`--fresh: wiped the data in ${paths.root} (signing keys kept)`);
    }
    for (const dir of [paths.dynamodb, paths.s3, paths.keys, paths.outbox, paths.checkpoints, paths.failed]) mkdirSync(dir, { recursive: true });

    const apiPort = portFrom('PORT', 3000);
    const host = process.env['HOST'] || '127.0.0.1';
    if (apiPort !== 0 && !(await isPortFree(apiPort))) throw new Error(`port ${apiPort} is already in use: set PORT to another port (0 = any free port)`);

    console.log(`Starting DynamoDB Local (Java ${java.version})…`);
    const dynamodb = await startDynamoDbLocal({ port: await choosePort('DYNAMODB_PORT', 8000, apiPort), dbPath: paths.dynamodb });
    cleanups.push({ name: 'DynamoDB Local', run: () => dynamodb.stop() });

    const s3 = await startLocalS3({ port: await choosePort('S3_PORT', 4568, apiPort), directory: paths.s3 });
    cleanups.push({ name: 'the S3 emulator', run: () => s3.stop() });
    s3.onObjectCreated((event) => {
      for (const record of event.Records) detail(`[s3] ${record.eventName} s3://${record.s3.bucket.name}/${record.s3.object.key}`);
    });

    applyLocalEnvironment({ dynamodbEndpoint: dynamodb.endpoint, s3Endpoint: s3.endpoint, outboxDir: paths.outbox });

    const dynamoClient = new DynamoDBClient({ ...localAwsConfig, endpoint: dynamodb.endpoint });
    const streamsClient = new DynamoDBStreamsClient({ ...localAwsConfig, endpoint: dynamodb.endpoint });
    cleanups.push({
      name: 'the DynamoDB clients',
      run: async () => {
        dynamoClient.destroy();
        streamsClient.destroy();
      },
    });
    const tables = await ensureTables(dynamoClient, localTableNames);
    if (tables.created.length > 0) console.log(`Created tables: ${tables.created.join(', ')}`);
    // A data folder from an older version: its tables get the indexes the contract added since.
    if (tables.indexesAdded.length > 0) console.log(`Added indexes: ${tables.indexesAdded.join(', ')}`);

    const identity = await createIdentity({ keyStore: fileKeyStore(paths.keys) });

    const publisher = new LocalBus(await loadBusTargets(), { log: detail });
    const consumers = await loadStreamConsumers(publisher);
    const poller = await startStreamPoller({
      streamsClient,
      dynamoClient,
      tableName: localTableNames.events,
      consumers,
      checkpoints: fileCheckpoints(paths.checkpoints),
      startingPosition: 'TRIM_HORIZON',
      failedDir: paths.failed,
      log: detail,
    });
    cleanups.push({
      name: 'the stream poller (after the batch in flight)',
      run: async () => {
        await poller.stop();
        await publisher.idle();
      },
    });

    // After the poller started, so the people read model is projected from the seed's events.
    const people = await provisionSeedPeople(dependenciesFromEnv());
    if (people.created > 0) console.log(`Registered ${people.created} seed users and groups`);

    const schedules = await startLocalSchedules({ log: detail });
    cleanups.push({ name: 'the reminder schedule (after the run in flight)', run: () => schedules.stop() });

    // Drop folder and queued import jobs: S3 events -> in-process queue -> the import worker.
    const imports = await startLocalImports(s3);
    cleanups.push({ name: 'the import worker (after the chunk in flight)', run: async () => imports.stop() });
    // Projection rebuild jobs (POST /v1/admin/projections/rebuild): in-process queue -> the rebuild worker.
    const rebuilds = await startLocalRebuilds();
    cleanups.push({ name: 'the rebuild worker (after the step in flight)', run: async () => rebuilds.stop() });
    // Report jobs (POST /v1/companies/{id}/reports, /v1/quotes/{id}/pdf): in-process queue -> the report
    // renderer, with one headless Chromium launched by the first PDF and closed here.
    const reports = await startLocalReports();
    cleanups.push({ name: 'the report renderer and Chromium (after the render in flight)', run: () => reports.stop() });

    // API clients: the local token endpoint (POST /oauth2/token) and the issuer POST /v1/api-clients uses,
    // their registry kept in the data folder like the signing keys, so clients survive a restart.
    const apiClients = new LocalApiClientRegistry(fileApiClientStore(paths.apiClients));
    const integrationsApi = localIntegrationsHandler(localApiClientIssuer(apiClients, () => server.url));
    const server = await createLocalServer({ port: apiPort, host, identity, log: say, apiClients, handlers: { integrationsApi } });
    cleanups.push({ name: 'the HTTP server', run: () => server.close() });
    const forget = recordRunningCloud(paths.root, { pid: process.pid, dynamodbEndpoint: dynamodb.endpoint, apiUrl: server.url, s3Endpoint: s3.endpoint });
    cleanups.push({ name: 'the running-cloud record', run: async () => forget() });

    const lines: string[] = [
      '',
      'Cronaca local cloud is running',
      `  API        ${server.url}`,
      `  API docs   ${server.url}/docs`,
      `  OpenAPI    ${server.url}/openapi.json`,
      `  DynamoDB   ${dynamodb.endpoint}  (tables ${localTableNames.events}, ${localTableNames.readModels})`,
      `  S3         ${s3.endpoint}  (bucket ${dropBucketName})`,
      `  Data       ${paths.root}  (mail outbox: ${paths.outbox})`,
      `  Reminders  every minute: due reminders and 07:30 digests as .eml files in the outbox`,
      `  Reports    rendered in this process (headless Chromium, started by the first PDF) into s3://${dropBucketName}/<tenant>/reports/`,
      '',
      'Seeded users (tenant/user, role, groups):',
      ...seedUsers.map((user) => `  ${user.tenant}/${user.userId}  (role ${user.role}; groups ${user.groups.join(', ')})`),
      '',
      `A bearer token (valid ${tokenLifetime}): npm run --silent token -- <user> [--tenant other]`,
      '',
      'Example:',
      `  TOKEN=$(npm run --silent token -- admin)`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${server.url}/v1/tickets`,
      '',
      verbose ? 'Logging requests, stream batches, bus deliveries and scheduler runs.' : 'One line per request (--verbose for stream, bus and scheduler lines).',
      'Press Ctrl-C to stop.',
      '',
    ];
    console.log(lines.join('\n'));
  } catch (error) {
    if (error instanceof JavaError) console.error(`\n${error.message}\n`);
    else console.error('\nThe local cloud failed to start:', error);
    await shutdown('start-up failed', 1);
  }
};

await main();
