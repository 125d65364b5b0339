import type { WebhookDisableReason, WebhookEndpointEvent } from '../../events/integrations/webhook-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, forbidden, invalid, notFound } from '../shared/errors.ts';
import { webhookUrl, type WebhookUrlRules } from './webhook-url.ts';

/** Both secrets sign for this long after a rotation, so receivers switch without losing a delivery. */
export const secretOverlapMs = 24 * 60 * 60 * 1000;
/** An endpoint whose deliveries have failed for this long is disabled (and the admins told). */
export const failingLimitMs = 5 * 24 * 60 * 60 * 1000;
export const maxDescriptionLength = 500;

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  /** `null`: every event type. */
  readonly eventTypes: readonly string[] | null;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly disabledReason: WebhookDisableReason | null;
  /** When disabled for failing: the first failure of the streak that disabled it. */
  readonly failingSince: string | null;
  /** The secret that signs from now on. */
  readonly secretId: string;
  /** The secret replaced by the last rotation, and until when it still signs. */
  readonly previousSecret: { readonly secretId: string; readonly validUntil: string } | null;
  readonly deleted: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `null` until the endpoint is created. A deleted endpoint stays in the state (its stream is kept). */
export type WebhookEndpointState = WebhookEndpoint | null;

/** What a save checks against: the URL rules of the deployment and the event types there are. */
export interface EndpointRules extends WebhookUrlRules {
  readonly knownEventTypes: readonly string[];
}

export type WebhookEndpointCommand =
  | {
      type: 'CreateWebhookEndpoint';
      data: {
        endpointId: string;
        url: string;
        eventTypes?: readonly string[] | null;
        description?: string | null;
        enabled?: boolean;
        /** The id of the secret the application generated and stores in the same commit. */
        secretId: string;
        rules: EndpointRules;
      };
    }
  | {
      type: 'ChangeWebhookEndpoint';
      data: { url?: string; eventTypes?: readonly string[] | null; description?: string | null; rules: EndpointRules };
    }
  | { type: 'EnableWebhookEndpoint' }
  | { type: 'DisableWebhookEndpoint' }
  /** From the sender: deliveries have failed without a success since `failingSince`. */
  | { type: 'MarkWebhookEndpointFailing'; data: { failingSince: string } }
  | { type: 'RotateWebhookSecret'; data: { secretId: string } }
  | { type: 'DeleteWebhookEndpoint' };

/** The secrets that sign a message sent at `at`: the current one first, the previous one within its 24 h. */
export const validSecretIds = (endpoint: WebhookEndpoint, at: string): string[] => {
  const previous = endpoint.previousSecret;
  const stillValid = previous !== null && Date.parse(at) < Date.parse(previous.validUntil);
  return stillValid ? [endpoint.secretId, previous.secretId] : [endpoint.secretId];
};

/** Whether an event of this type is to be sent to the endpoint now. */
export const endpointWants = (endpoint: WebhookEndpoint, eventType: string): boolean =>
  endpoint.enabled && !endpoint.deleted && (endpoint.eventTypes === null || endpoint.eventTypes.includes(eventType));

const eventTypeFilter = (value: readonly string[] | null | undefined, known: readonly string[]): string[] | null => {
  if (value === null || value === undefined) return null;
  if (value.length === 0) throw invalid('eventTypes', 'must name at least one event type, or be null for all');
  value.forEach((type, index) => {
    if (!known.includes(type)) throw invalid(`eventTypes.${index}`, `is not an event type: ${type}`);
  });
  // A set: the order the admin typed them in means nothing, duplicates neither.
  return [...new Set(value)].sort();
};

const descriptionOf = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (trimmed.length > maxDescriptionLength) throw invalid('description', `must be at most ${maxDescriptionLength} characters`);
  return trimmed;
};

const secretIdOf = (value: string): string => {
  if (value.trim() === '') throw invalid('secretId', 'must not be blank');
  return value;
};

const sameFilter = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((type, index) => type === b[index]));

/** Webhooks are an admin's business (system actors, like the sender, are admins too). */
const admin = (context: DecisionContext): void => {
  if (context.actor.role !== 'admin') throw forbidden('only an admin manages webhooks');
};

const existing = (state: WebhookEndpointState): WebhookEndpoint => {
  if (state === null || state.deleted) throw notFound('webhook endpoint not found');
  return state;
};

export const decide = (
  command: WebhookEndpointCommand,
  state: WebhookEndpointState,
  context: DecisionContext,
): WebhookEndpointEvent[] => {
  admin(context);
  switch (command.type) {
    case 'CreateWebhookEndpoint': {
      if (state !== null) throw conflict('webhook endpoint already exists');
      const { data } = command;
      return [
        {
          type: 'WebhookEndpointCreated',
          data: {
            endpointId: data.endpointId,
            url: webhookUrl('url', data.url, data.rules),
            eventTypes: eventTypeFilter(data.eventTypes, data.rules.knownEventTypes),
            description: descriptionOf(data.description),
            enabled: data.enabled ?? true,
            secretId: secretIdOf(data.secretId),
          },
        },
      ];
    }
    case 'ChangeWebhookEndpoint': {
      const endpoint = existing(state);
      const { data } = command;
      const url = data.url === undefined ? endpoint.url : webhookUrl('url', data.url, data.rules);
      const eventTypes =
        data.eventTypes === undefined ? endpoint.eventTypes : eventTypeFilter(data.eventTypes, data.rules.knownEventTypes);
      const description = data.description === undefined ? endpoint.description : descriptionOf(data.description);
      const changes = {
        ...(url !== endpoint.url ? { url } : {}),
        ...(!sameFilter(eventTypes, endpoint.eventTypes) ? { eventTypes: eventTypes && [...eventTypes] } : {}),
        ...(description !== endpoint.description ? { description } : {}),
      };
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'WebhookEndpointChanged', data: { endpointId: endpoint.id, ...changes } }];
    }
    case 'EnableWebhookEndpoint': {
      const endpoint = existing(state);
      return endpoint.enabled ? [] : [{ type: 'WebhookEndpointEnabled', data: { endpointId: endpoint.id } }];
    }
    case 'DisableWebhookEndpoint': {
      const endpoint = existing(state);
      return endpoint.enabled ? [{ type: 'WebhookEndpointDisabled', data: { endpointId: endpoint.id, reason: 'admin' } }] : [];
    }
    case 'MarkWebhookEndpointFailing': {
      const endpoint = existing(state);
      const { failingSince } = command.data;
      const since = Date.parse(failingSince);
      if (Number.isNaN(since)) throw invalid('failingSince', 'must be a date and time');
      if (since > Date.parse(context.now)) throw invalid('failingSince', 'must not be in the future');
      // Disabled already (by an admin, or by an earlier report): nothing to decide. Not yet 5 days: wait.
      if (!endpoint.enabled || Date.parse(context.now) - since < failingLimitMs) return [];
      return [
        {
          type: 'WebhookEndpointDisabled',
          data: { endpointId: endpoint.id, reason: 'failing', failingSince: new Date(since).toISOString() },
        },
      ];
    }
    case 'RotateWebhookSecret': {
      const endpoint = existing(state);
      const secretId = secretIdOf(command.data.secretId);
      if (secretId === endpoint.secretId || secretId === endpoint.previousSecret?.secretId) {
        throw conflict('the new secret must not be one the endpoint already has');
      }
      // At most two secrets sign: rotating again within 24 h drops the older previous one at once.
      return [
        {
          type: 'WebhookSecretRotated',
          data: {
            endpointId: endpoint.id,
            secretId,
            previousSecretId: endpoint.secretId,
            previousValidUntil: new Date(Date.parse(context.now) + secretOverlapMs).toISOString(),
          },
        },
      ];
    }
    case 'DeleteWebhookEndpoint': {
      const endpoint = existing(state);
      return [{ type: 'WebhookEndpointDeleted', data: { endpointId: endpoint.id } }];
    }
  }
};

const touch = (endpoint: WebhookEndpoint, at: string, change: Partial<WebhookEndpoint>): WebhookEndpoint => ({
  ...endpoint,
  ...change,
  updatedAt: at,
});

export const evolve = (state: WebhookEndpointState, event: Recorded<WebhookEndpointEvent>): WebhookEndpointState => {
  if (event.type === 'WebhookEndpointCreated') {
    const { data } = event;
    return {
      id: data.endpointId,
      url: data.url,
      eventTypes: data.eventTypes,
      description: data.description,
      enabled: data.enabled,
      disabledReason: data.enabled ? null : 'admin',
      failingSince: null,
      secretId: data.secretId,
      previousSecret: null,
      deleted: false,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'WebhookEndpointChanged': {
      const { url, eventTypes, description } = event.data;
      return touch(state, event.at, {
        ...(url !== undefined ? { url } : {}),
        ...(eventTypes !== undefined ? { eventTypes } : {}),
        ...(description !== undefined ? { description } : {}),
      });
    }
    case 'WebhookEndpointEnabled':
      return touch(state, event.at, { enabled: true, disabledReason: null, failingSince: null });
    case 'WebhookEndpointDisabled':
      return touch(state, event.at, { enabled: false, disabledReason: event.data.reason, failingSince: event.data.failingSince ?? null });
    case 'WebhookSecretRotated':
      return touch(state, event.at, {
        secretId: event.data.secretId,
        previousSecret: { secretId: event.data.previousSecretId, validUntil: event.data.previousValidUntil },
      });
    case 'WebhookEndpointDeleted':
      return touch(state, event.at, { deleted: true, enabled: false });
  }
};

export const webhookEndpointDecider: Decider<WebhookEndpointCommand, WebhookEndpointState, WebhookEndpointEvent> = {
  initialState: null,
  decide,
  evolve,
};
