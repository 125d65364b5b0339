import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { inject } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { InMemoryPublisher } from '../../adapters/eventbridge/memory-publisher.ts';
import type { FunctionName } from '../../contract/functions.ts';
import { loadBusTargets, LocalBus } from '../../local/bus.ts';
import { loadStreamConsumers } from '../../local/consumers.ts';
import { localAwsConfig } from '../../local/dynamodb-local.ts';
import { applyLocalEnvironment } from '../../local/env.ts';
import { createLocalServer } from '../../local/http-server.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { createIdentity, memoryKeyStore } from '../../local/identity.ts';
import { startLocalRebuilds } from '../../local/rebuilds.ts';
import type { LocalApiClientRegistry } from '../../local/api-client-registry.ts';
import { LocalApiClientRegistry as Registry, memoryApiClientStore } from '../../local/api-client-registry.ts';
import { localApiClientIssuer, localIntegrationsHandler } from '../../local/api-client-issuer.ts';
import type { WebhookQueue } from '../../application/ports/webhook-queue.ts';
import type { RebuildWorkerOptions } from '../../functions/queue/rebuild-projections.ts';
import { startLocalReports } from '../../local/reports.ts';
import { startLocalWebhooks, type LocalWebhooks, type LocalWebhooksOptions } from '../../local/webhooks.ts';
import type { ReportRendererOptions } from '../../functions/queue/report-renderer.ts';
import type { Identity, IssueTokenInput, KeyStore } from '../../local/identity.ts';
import { memoryCheckpoints, startStreamPoller } from '../../local/stream-poller.ts';
import type { StreamConsumer, StreamPoller } from '../../local/stream-poller.ts';

/**
 * The local cloud for e2e tests, on the run's DynamoDB Local and S3 (test/support/global-setup.ts):
 * the local API Gateway (random port) in front of the real HTTP handlers, and a stream poller feeding
 * the real projector and publisher (in-memory bus), and the rebuild and report workers on their
 * in-process queues (as `npm start` runs them). Each test file starts its own; use unique tenants
 * (`t-${randomUUID().slice(0, 8)}`) to stay isolated from the other files sharing the database.
 */

export type TokenOptions = Omit<IssueTokenInput, 'userId'>;

export interface LocalStackOptions {
  /** Replace some HTTP handlers (the others are the real ones). */
  readonly handlers?: Partial<Record<FunctionName, HttpHandler>>;
  /** Replace the stream consumers (default: the real projector and publisher). */
  readonly consumers?: readonly StreamConsumer[];
  /**
   * Where the poller starts: `LATEST` (default) delivers only what is written after `startLocalStack`
   * resolves; `TRIM_HORIZON` replays the whole stream of the run (harmless: handlers are idempotent).
   */
  readonly startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  /** Print request and bus lines (default false). */
  readonly verbose?: boolean;
  /** Where the identity's signing keys live (default: in memory); a `fileKeyStore` lets a command sign tokens the stack accepts. */
  readonly keyStore?: KeyStore;
  /**
   * Options of the projection rebuild worker (in process, like `npm start`'s), e.g. a small page
   * budget; `false`: no worker (the jobs stay queued, for tests that watch every write).
   */
  readonly rebuilds?: RebuildWorkerOptions | false;
  /**
   * Options of the report renderer (in process, like `npm start`'s: the real handler, headless
   * Chromium launched by the first PDF and closed by `stop()`); `false`: no renderer (jobs stay queued).
   */
  readonly reports?: ReportRendererOptions | false;
  /** API clients: the local token endpoint (`POST /oauth2/token`) and their ids as the authorizer's audiences. */
  readonly apiClients?: LocalApiClientRegistry;
  /**
   * Options of the webhook sender (in process, like `npm start`'s, on the local FIFO queue);
   * `false`: no sender (dispatches stay queued).
   */
  readonly webhooks?: LocalWebhooksOptions | false;
  /** The webhook queue of the integrations API (default: the local cloud's, which the stack's sender consumes). */
  readonly webhookQueue?: WebhookQueue;
}

export interface LocalStack {
  readonly url: string;
  /** A bearer token (ID token with Cognito's claims) for the user, signed by this stack's identity. */
  token(userId: string, options: TokenOptions): Promise<string>;
  /** What the publisher handler sent to the (in-memory) bus. */
  readonly publisher: InMemoryPublisher;
  readonly poller: StreamPoller;
  readonly identity: Identity;
  /** The webhook sender and its local queue (undefined with `webhooks: false`). */
  readonly webhooks?: LocalWebhooks;
  stop(): Promise<void>;
}

const dynamodbEndpoint = (): string => {
  const endpoint = process.env['AWS_ENDPOINT_URL_DYNAMODB'] ?? inject('dynamodbEndpoint');
  if (!endpoint) throw new Error('no DynamoDB Local endpoint: run the tests through vitest (test/support/global-setup.ts)');
  return endpoint;
};

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const endpoint = dynamodbEndpoint();
  const s3Endpoint = process.env['AWS_ENDPOINT_URL_S3'] ?? inject('s3Endpoint');
  applyLocalEnvironment({ dynamodbEndpoint: endpoint, ...(s3Endpoint ? { s3Endpoint } : {}) });

  const log = options.verbose ? (line: string) => console.log(line) : () => undefined;
  const identity = await createIdentity({ keyStore: options.keyStore ?? memoryKeyStore() });
  const publisher = new LocalBus(await loadBusTargets(), { log });
  const consumers = options.consumers ?? (await loadStreamConsumers(publisher));
  const streamsClient = new DynamoDBStreamsClient({ ...localAwsConfig, endpoint });
  const poller = await startStreamPoller({
    streamsClient,
    tableName: localTableNames.events,
    consumers,
    checkpoints: memoryCheckpoints(),
    startingPosition: options.startingPosition ?? 'LATEST',
    pollIntervalMs: 50,
    log: options.verbose ? log : false,
  });
  const rebuilds = options.rebuilds === false ? { stop: () => undefined } : await startLocalRebuilds(options.rebuilds);
  const reports = options.reports === false ? { stop: async () => undefined } : await startLocalReports(options.reports);
  // API clients: the local token endpoint and the issuer of POST /v1/api-clients (a test may pass its registry).
  const apiClients = options.apiClients ?? new Registry(memoryApiClientStore());
  let server!: Awaited<ReturnType<typeof createLocalServer>>;
  const webhooks = options.webhooks === false ? undefined : await startLocalWebhooks(options.webhooks);
  try {
    server = await createLocalServer({
      port: 0,
      identity,
      // The integrations function gets the local API-client issuer (over this stack's registry) unless the test gives its own.
      handlers: typeof options.handlers === 'function' ? options.handlers : { integrationsApi: localIntegrationsHandler(localApiClientIssuer(apiClients, () => server.url), options.webhookQueue ? { webhookQueue: options.webhookQueue } : {}), ...options.handlers },
      apiClients,
      log: options.verbose ? log : false,
    });
  } catch (error) {
    rebuilds.stop();
    await reports.stop();
    await webhooks?.stop();
    await poller.stop();
    streamsClient.destroy();
    throw error;
  }
  const started = server;
  let stopping: Promise<void> | undefined;
  return {
    url: started.url,
    publisher,
    poller,
    identity,
    ...(webhooks ? { webhooks } : {}),
    token: (userId, token) => {
      const input: IssueTokenInput = { userId, ...token };
      return identity.issueToken(input);
    },
    stop() {
      stopping ??= (async () => {
        await started.close();
        rebuilds.stop();
        await reports.stop();
        await poller.stop();
        await publisher.idle();
        await webhooks?.stop();
        streamsClient.destroy();
      })();
      return stopping;
    },
  };
};
