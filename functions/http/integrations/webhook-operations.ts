import { webhookQueueFromEnv } from '../../../adapters/queue/webhook-queue.ts';
import { standardSigner } from '../../../adapters/webhooks/standard-signer.ts';
import { webhookEndpointService } from '../../../application/integrations/webhook-endpoint-service.ts';
import { webhookQueries } from '../../../application/integrations/webhook-queries.ts';
import type { WebhookQueue } from '../../../application/ports/webhook-queue.ts';
import type { WebhookSigner } from '../../../application/ports/webhook-signer.ts';
import type { EndpointRules } from '../../../domain/integrations/webhook-endpoint.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';
import { webhookRulesFromEnv } from './webhook-rules.ts';

type WebhookOperations = Pick<
  Operations<'integrationsApi'>,
  | 'createWebhook'
  | 'listWebhooks'
  | 'getWebhook'
  | 'changeWebhook'
  | 'deleteWebhook'
  | 'rotateWebhookSecret'
  | 'sendWebhookTestEvent'
  | 'listWebhookDeliveries'
  | 'redeliverWebhook'
>;

/** What the webhook routes take from outside the application's ports (tests pass their own). */
export interface WebhookOperationOptions {
  readonly signer?: WebhookSigner;
  readonly rules?: () => EndpointRules;
}

/** The queue of the dependencies (a test's), else the one WEBHOOK_QUEUE_URL names: SQS FIFO, or the local cloud's. */
const queueOf = (dependencies: DependencySource) => (): WebhookQueue => dependencies().webhookQueue ?? webhookQueueFromEnv();

// A secret in an answer: no cache may keep it.
const noStore = { 'cache-control': 'no-store' };

/** The webhook routes (contract/http/webhook-routes.ts), admin only. */
export const webhookOperations = (dependencies: DependencySource, options: WebhookOperationOptions = {}): WebhookOperations => {
  let rules: EndpointRules | undefined;
  const endpoints = webhookEndpointService(dependencies, {
    signer: options.signer ?? standardSigner,
    rules: options.rules ?? (() => (rules ??= webhookRulesFromEnv())),
    queue: queueOf(dependencies),
  });
  const queries = webhookQueries(dependencies);
  const context = commandContextOf;
  const commandOptions = commandOptionsOf;
  return {
    createWebhook: async ({ actor, body, ...request }) =>
      answer(await endpoints.createEndpoint(context(actor, request), body, commandOptions(actor, request, false)), ({ endpoint, version, secret }) =>
        json(201, { ...endpoint, secret }, { etag: etag(version), location: `/v1/webhooks/${endpoint.id}`, ...noStore }),
      ),
    listWebhooks: async ({ actor }) => json(200, { items: await queries.listEndpoints(actor) }),
    getWebhook: async ({ actor, params }) => {
      const { record, version } = await queries.getEndpoint(actor, params.id);
      return json(200, record, { etag: etag(version) });
    },
    changeWebhook: async ({ actor, params, body, ...request }) =>
      answer(await endpoints.changeEndpoint(context(actor, request), params.id, body, commandOptions(actor, request)), ({ endpoint, version }) =>
        json(200, endpoint, { etag: etag(version) }),
      ),
    deleteWebhook: async ({ actor, params, ...request }) =>
      answer(await endpoints.deleteEndpoint(context(actor, request), params.id, commandOptions(actor, request)), ({ version }) => ({
        statusCode: 204,
        headers: { etag: etag(version) },
      })),
    rotateWebhookSecret: async ({ actor, params, ...request }) =>
      answer(await endpoints.rotateSecret(context(actor, request), params.id, commandOptions(actor, request)), ({ endpoint, version, secret, previousSecretValidUntil }) =>
        json(200, { ...endpoint, secret, previousSecretValidUntil }, { etag: etag(version), ...noStore }),
      ),
    sendWebhookTestEvent: async ({ actor, params, ...request }) =>
      answer(await endpoints.sendTestEvent(context(actor, request), params.id, commandOptions(actor, request, false)), (delivery) => json(202, delivery)),
    listWebhookDeliveries: async ({ actor, params, query }) => json(200, await inQuery(() => queries.listDeliveries(actor, params.id, query))),
    redeliverWebhook: async ({ actor, params, ...request }) =>
      answer(await endpoints.redeliver(context(actor, request), params.id, params.deliveryId, commandOptions(actor, request, false)), (delivery) => json(202, delivery)),
  };
};
