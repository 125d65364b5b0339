import { webhookDeliveryDecider, type WebhookDeliveryCommand } from '../../domain/integrations/webhook-delivery.ts';
import {
  webhookEndpointDecider,
  type EndpointRules,
  type WebhookEndpoint,
  type WebhookEndpointCommand,
  type WebhookEndpointState,
} from '../../domain/integrations/webhook-endpoint.ts';
import { testEventType } from '../../domain/integrations/test-event.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { EventStorePort, PrivateItemPut } from '../ports/event-store.ts';
import { webhookOrderingKey, type WebhookQueue } from '../ports/webhook-queue.ts';
import type { WebhookSigner } from '../ports/webhook-signer.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { countedAs, runDecision } from '../shared/command-runner.ts';
import { conceal, revealed, type Concealed } from '../shared/concealed-result.ts';
import { StaleVersionError, conflict, forbidden, notFound } from '../shared/errors.ts';
import { loadState } from '../shared/load-state.ts';
import { maxWebhookEndpoints, webhookEndpointRegistry } from './webhook-constants.ts';
import { webhookDeliveryView, webhookEndpointView, type WebhookDeliveryView, type WebhookEndpointView } from './webhook-views.ts';

export const webhookEndpointType = 'webhook-endpoint';
export const webhookDeliveryType = 'webhook-delivery';

/** The registry lookup and the cap: defined once, with the pipeline (webhook-constants.ts). */
export { maxWebhookEndpoints, webhookEndpointRegistry };

/** What the endpoint commands need besides the application's ports (the functions layer injects them). */
export interface WebhookEndpointServiceOptions {
  readonly signer: WebhookSigner;
  /** The event types there are (all but the integrations context's own) and whether this is the local cloud. */
  readonly rules: () => EndpointRules;
  readonly queue: () => WebhookQueue;
}

/** A command's input on an endpoint (the HTTP body). */
export interface WebhookEndpointInput {
  readonly url?: string;
  readonly eventTypes?: readonly string[] | null;
  readonly description?: string | null;
  readonly enabled?: boolean;
}

export interface WebhookEndpointResult {
  readonly endpoint: WebhookEndpointView;
  readonly version: number;
}

/** The creation's and rotation's result: the only places a secret is ever shown. */
export interface WebhookSecretResult extends WebhookEndpointResult {
  readonly secret: string;
  readonly previousSecretValidUntil?: string;
}

/**
 * A secret result as its idempotency record keeps it: the secret replaced by the id of its
 * `webhook-secret` item, read back on a replay (command-runner.ts `Decision.storedResult`).
 */
export type StoredWebhookSecretResult = Concealed<WebhookSecretResult, 'secret', { readonly secretId: string }>;

/** A secret result kept out of the idempotency record, and how a replay reads it back. */
interface Concealment<R, S> {
  readonly stored: (result: R) => S;
  readonly reveal: (stored: S) => Promise<R>;
}

/** What an endpoint command commits besides its events. */
interface EndpointPlan {
  readonly commands: readonly WebhookEndpointCommand[];
  /** The secret items to write, from the endpoint before and after the commands, at the decision's time. */
  readonly privateItems?: (before: WebhookEndpoint, after: WebhookEndpoint, at: string) => Promise<PrivateItemPut[]>;
  /** The endpoint leaves the registry (deletion). */
  readonly leavesRegistry?: boolean;
}

/** PATCH: the changed fields in one command, then `enabled` as Enable or Disable (each a no-op when so already). */
const changeCommands = (input: WebhookEndpointInput, rules: () => EndpointRules): WebhookEndpointCommand[] => {
  const { enabled, ...fields } = input;
  return [
    ...(Object.keys(fields).length > 0 ? [{ type: 'ChangeWebhookEndpoint', data: { ...fields, rules: rules() } } as const] : []),
    ...(enabled === true ? [{ type: 'EnableWebhookEndpoint' } as const] : []),
    ...(enabled === false ? [{ type: 'DisableWebhookEndpoint' } as const] : []),
  ];
};

const adminOnly = (actor: Actor): void => {
  if (actor.role !== 'admin') throw forbidden('only an admin manages webhooks');
};

/** Decides the commands one after the other, each on the state the previous ones left. */
const decideAll = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, state: S, commands: readonly C[], actor: Actor, at: string) => {
  let current = state;
  const events: E[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, current, { actor, now: at });
    events.push(...decided);
    current = decided.reduce((s, event) => decider.evolve(s, { ...event, at, actor: actor.userId }), current);
  }
  return { events, state: current };
};

/** An endpoint, a delivery as their streams have them now (strongly consistent), folded by their deciders. */
export const loadWebhookEndpoint = (store: EventStorePort, tenant: string, id: string) =>
  loadState(store, tenant, webhookEndpointType, id, webhookEndpointDecider);

export const loadWebhookDelivery = (store: EventStorePort, tenant: string, id: string) =>
  loadState(store, tenant, webhookDeliveryType, id, webhookDeliveryDecider);

/** A live endpoint of the caller's tenant, else not found (another tenant's id is simply not in this one). */
export const liveEndpoint = (state: WebhookEndpointState): WebhookEndpoint => {
  if (state === null || state.deleted) throw notFound('webhook endpoint not found');
  return state;
};

/**
 * Webhook endpoints (docs/webhooks.md): create with a new signing secret, change, enable/disable,
 * rotate the secret, delete; send a test event and redeliver, both queued for the sender. Admin only.
 * Secrets are private items written in the same commit as the event naming their id.
 */
export const webhookEndpointService = (dependencies: ApplicationDependencySource, options: WebhookEndpointServiceOptions) => {
  const store = () => dependencies().eventStore;
  const meta = (context: CommandContext) => ({
    actor: context.actor.userId,
    commandId: dependencies().newId(),
    correlationId: context.correlationId,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  });
  const secretItem = (tenant: string, secretId: string) => ({ scope: 'webhook-secret', tenant, id: secretId }) as const;

  /**
   * The secret re-put with an expiry, keeping its value (it still signs until then), or nothing when it
   * is gone already. The one place the admin function reads a secret (a Put replaces the whole item).
   */
  const expiring = async (tenant: string, secretId: string, at: string, expiresAt: string): Promise<PrivateItemPut[]> => {
    const item = await store().readPrivateItem(secretItem(tenant, secretId), at);
    return item ? [{ scope: 'webhook-secret', id: secretId, value: item.value, mode: 'replace', expiresAt }] : [];
  };

  /** A secret that no longer signs: its value erased at once (no need to read it), the item gone now. */
  const erased = (secretId: string, endpointId: string, at: string): PrivateItemPut => ({
    scope: 'webhook-secret',
    id: secretId,
    value: { secret: null, endpointId },
    mode: 'replace',
    expiresAt: at,
  });

  /**
   * The result of a creation or rotation with its secret read back from the `webhook-secret` item the
   * stored result names. Gone — the endpoint deleted, or its secret rotated twice since, which erases it
   * (docs/webhooks.md "Secrets") — the replay is a conflict: the answer cannot be repeated, and a
   * secret that no longer signs is not shown again.
   */
  const revealSecret = (tenant: string) => async (stored: StoredWebhookSecretResult): Promise<WebhookSecretResult> => {
    const item = await store().readPrivateItem(secretItem(tenant, stored.secret.secretId), dependencies().now());
    const secret = item?.value['secret'];
    if (typeof secret !== 'string') {
      throw conflict('the signing secret this request created no longer exists: the endpoint was deleted or its secret rotated again since; send a new request with a new Idempotency-Key');
    }
    return revealed(stored, 'secret', secret);
  };

  /** The secret result of a command that writes secret `secretId`, kept out of its idempotency record. */
  const concealSecret = (tenant: string, secretId: string): Concealment<WebhookSecretResult, StoredWebhookSecretResult> => ({
    stored: (result) => conceal(result, 'secret', { secretId }),
    reveal: revealSecret(tenant),
  });

  /** Runs endpoint commands on a live endpoint: If-Match, idempotency, the private items they write. */
  const onEndpoint = async <R, S = R>(
    context: CommandContext,
    endpointId: string,
    commandOptions: CommandOptions,
    plan: EndpointPlan,
    result: (state: WebhookEndpoint, version: number) => R,
    concealment?: Concealment<R, S>,
  ): Promise<CommandOutcome<R>> => {
    const { actor } = context;
    adminOnly(actor);
    return runDecision<R, S>({
      store: store(),
      tenant: actor.tenant,
      ...countedAs(dependencies().metrics, 'webhook-endpoint-command'),
      pinned: commandOptions.expectedVersion !== undefined,
      ...(commandOptions.idempotency ? { idempotency: commandOptions.idempotency } : {}),
      meta: meta(context),
      now: dependencies().now,
      ...(concealment ? { reveal: concealment.reveal } : {}),
      decide: async (at) => {
        const { state, version } = await loadWebhookEndpoint(store(), actor.tenant, endpointId);
        const endpoint = liveEndpoint(state);
        if (commandOptions.expectedVersion !== undefined && commandOptions.expectedVersion !== version) {
          throw new StaleVersionError(`the record is at version ${version}, not ${commandOptions.expectedVersion}`);
        }
        const decided = decideAll(webhookEndpointDecider, state, plan.commands, actor, at);
        const after = decided.state!;
        const appended = decided.events.length > 0;
        const answer = result(after, version + decided.events.length);
        return {
          streams: [{ aggregateType: webhookEndpointType, aggregateId: endpointId, expectedVersion: version, events: decided.events }],
          ...(appended && plan.privateItems ? { privateItems: await plan.privateItems(endpoint, after, at) } : {}),
          ...(appended && plan.leavesRegistry ? { lookups: { add: [], remove: [{ ...webhookEndpointRegistry, owner: endpointId }] } } : {}),
          result: answer,
          ...(concealment ? { storedResult: concealment.stored(answer) } : {}),
        };
      },
    });
  };

  /** Queues a delivery's round for the sender; again on a replay too (the queue deduplicates a round). */
  const enqueue = async (tenant: string, delivery: WebhookDeliveryView): Promise<void> => {
    // A test event's record is the endpoint itself (its recordRef says so).
    const record = { aggregateType: delivery.recordRef.type, aggregateId: delivery.recordRef.id };
    await options.queue().enqueue([
      { tenant, endpointId: delivery.endpointId, deliveryId: delivery.id, orderingKey: webhookOrderingKey(delivery.endpointId, record), round: delivery.round },
    ]);
  };

  /** Runs a delivery command, appending to one delivery stream only. */
  const onDelivery = async (
    context: CommandContext,
    endpointId: string,
    commandOptions: CommandOptions,
    decide: (endpoint: WebhookEndpoint, endpointVersion: number) => Promise<{ deliveryId: string; command: WebhookDeliveryCommand; isNew: boolean }>,
  ): Promise<CommandOutcome<WebhookDeliveryView>> => {
    const { actor } = context;
    adminOnly(actor);
    const outcome = await runDecision<WebhookDeliveryView>({
      store: store(),
      tenant: actor.tenant,
      ...countedAs(dependencies().metrics, 'webhook-delivery-command'),
      ...(commandOptions.idempotency ? { idempotency: commandOptions.idempotency } : {}),
      meta: meta(context),
      now: dependencies().now,
      decide: async (at) => {
        const loaded = await loadWebhookEndpoint(store(), actor.tenant, endpointId);
        const endpoint = liveEndpoint(loaded.state);
        if (!endpoint.enabled) throw conflict('the webhook endpoint is disabled: enable it first');
        const { deliveryId, command, isNew } = await decide(endpoint, loaded.version);
        const { state, version } = isNew ? { state: null, version: 0 } : await loadWebhookDelivery(store(), actor.tenant, deliveryId);
        // A delivery of another endpoint is not under this one: the same answer as none at all.
        if (!isNew && (state === null || state.endpointId !== endpointId)) throw notFound('webhook delivery not found');
        const decided = decideAll(webhookDeliveryDecider, state, [command], actor, at);
        return {
          streams: [{ aggregateType: webhookDeliveryType, aggregateId: deliveryId, expectedVersion: version, events: decided.events }],
          result: webhookDeliveryView(decided.state!),
        };
      },
    });
    await enqueue(actor.tenant, outcome.result);
    return outcome;
  };

  return {
    createEndpoint: async (context: CommandContext, input: WebhookEndpointInput & { readonly url: string }, commandOptions: Omit<CommandOptions, 'expectedVersion'> = {}): Promise<CommandOutcome<WebhookSecretResult>> => {
      const { actor } = context;
      adminOnly(actor);
      const endpointId = dependencies().newId();
      const secretId = dependencies().newId();
      const secret = options.signer.newSecret();
      const concealment = concealSecret(actor.tenant, secretId);
      return runDecision<WebhookSecretResult, StoredWebhookSecretResult>({
        store: store(),
        tenant: actor.tenant,
        ...countedAs(dependencies().metrics, 'CreateWebhookEndpoint'),
        ...(commandOptions.idempotency ? { idempotency: commandOptions.idempotency } : {}),
        meta: meta(context),
        now: dependencies().now,
        reveal: concealment.reveal,
        decide: async (at) => {
          const live = await store().readLookup(actor.tenant, webhookEndpointRegistry.scope, webhookEndpointRegistry.value, maxWebhookEndpoints + 1);
          if (live.length >= maxWebhookEndpoints) throw conflict(`a tenant has at most ${maxWebhookEndpoints} webhook endpoints: delete one first`);
          const command: WebhookEndpointCommand = {
            type: 'CreateWebhookEndpoint',
            data: {
              endpointId,
              url: input.url,
              ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
              ...(input.description !== undefined ? { description: input.description } : {}),
              ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
              secretId,
              rules: options.rules(),
            },
          };
          const { events, state } = decideAll(webhookEndpointDecider, null, [command], actor, at);
          const result: WebhookSecretResult = { endpoint: webhookEndpointView(state!, events.length), version: events.length, secret };
          return {
            streams: [{ aggregateType: webhookEndpointType, aggregateId: endpointId, expectedVersion: 0, events }],
            lookups: { add: [{ ...webhookEndpointRegistry, owner: endpointId }], remove: [] },
            privateItems: [{ scope: 'webhook-secret', id: secretId, value: { secret, endpointId }, mode: 'create' }],
            // The idempotency record names the secret's item, never the secret (replays read it back).
            result,
            storedResult: concealment.stored(result),
          };
        },
      });
    },

    /** URL, event types, description, and `enabled` (true: EnableWebhookEndpoint, false: DisableWebhookEndpoint). */
    changeEndpoint: (context: CommandContext, endpointId: string, input: WebhookEndpointInput, commandOptions: CommandOptions = {}): Promise<CommandOutcome<WebhookEndpointResult>> =>
      onEndpoint(
        context,
        endpointId,
        commandOptions,
        { commands: changeCommands(input, options.rules) },
        (endpoint, version) => ({ endpoint: webhookEndpointView(endpoint, version), version }),
      ),

    /** A new secret signs from now on; the current one keeps signing for 24 h, then expires. */
    rotateSecret: (context: CommandContext, endpointId: string, commandOptions: CommandOptions = {}): Promise<CommandOutcome<WebhookSecretResult>> => {
      const secretId = dependencies().newId();
      const secret = options.signer.newSecret();
      const { tenant } = context.actor;
      return onEndpoint(
        context,
        endpointId,
        commandOptions,
        {
          commands: [{ type: 'RotateWebhookSecret', data: { secretId } }],
          privateItems: async (before, after, at) => {
            return [
              { scope: 'webhook-secret', id: secretId, value: { secret, endpointId }, mode: 'create' },
              ...(await expiring(tenant, before.secretId, at, after.previousSecret!.validUntil)),
              // At most two secrets sign: an older previous one still valid is dropped at once.
              ...(before.previousSecret && Date.parse(before.previousSecret.validUntil) > Date.parse(at) ? [erased(before.previousSecret.secretId, endpointId, at)] : []),
            ];
          },
        },
        (endpoint, version) => ({
          endpoint: webhookEndpointView(endpoint, version),
          version,
          secret,
          previousSecretValidUntil: endpoint.previousSecret!.validUntil,
        }),
        concealSecret(tenant, secretId),
      );
    },

    /** The endpoint leaves the registry and its secrets are erased now; its stream stays (the log is kept). */
    deleteEndpoint: (context: CommandContext, endpointId: string, commandOptions: CommandOptions = {}): Promise<CommandOutcome<WebhookEndpointResult>> =>
      onEndpoint(
        context,
        endpointId,
        commandOptions,
        {
          commands: [{ type: 'DeleteWebhookEndpoint' }],
          leavesRegistry: true,
          privateItems: async (before, _after, at) => [
            erased(before.secretId, endpointId, at),
            ...(before.previousSecret && Date.parse(before.previousSecret.validUntil) > Date.parse(at) ? [erased(before.previousSecret.secretId, endpointId, at)] : []),
          ],
        },
        (endpoint, version) => ({ endpoint: webhookEndpointView(endpoint, version), version }),
      ),

    /** A delivery of its own (`webhook.test`), queued in round 1; refused for a disabled endpoint. */
    sendTestEvent: (context: CommandContext, endpointId: string, commandOptions: Omit<CommandOptions, 'expectedVersion'> = {}) => {
      const deliveryId = dependencies().newId();
      return onDelivery(context, endpointId, commandOptions, async (endpoint, version) => {
        return {
          deliveryId,
          isNew: true,
          command: {
            type: 'ScheduleWebhookDelivery',
            data: { deliveryId, endpointId: endpoint.id, eventId: deliveryId, eventType: testEventType, recordRef: { type: webhookEndpointType, id: endpoint.id, version } },
          },
        };
      });
    },

    /** A delivered or failed delivery again, in its next round (refused while it is pending). */
    redeliver: (context: CommandContext, endpointId: string, deliveryId: string, commandOptions: Omit<CommandOptions, 'expectedVersion'> = {}) =>
      onDelivery(context, endpointId, commandOptions, async () => ({ deliveryId, isNew: false, command: { type: 'RequestWebhookRedelivery' } })),
  };
};

export type WebhookEndpointService = ReturnType<typeof webhookEndpointService>;
