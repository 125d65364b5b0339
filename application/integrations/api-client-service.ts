import { apiClientDecider, canManageApiClients, maxApiClientsPerTenant, type ApiClient, type ApiClientCommand } from '../../domain/integrations/api-client.ts';
import type { Actor, Role } from '../../domain/shared/actor.ts';
import type { ApiClientIssuer, IssuedApiClient } from '../ports/api-client-issuer.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { countedAs, runDecision } from '../shared/command-runner.ts';
import { conceal, revealed, type Concealed } from '../shared/concealed-result.ts';
import { conflict, forbidden, notFound } from '../shared/errors.ts';
import { loadState } from '../shared/load-state.ts';
import { apiClientGrantScope, grantValue } from './api-client-grants.ts';
import { apiClientSecretItem, erasedClientSecret, keptClientSecret } from './api-client-secrets.ts';

export const apiClientType = 'api-client';

/**
 * The tenant's live API clients: a lookup entry (scope `api-client`, value `all`, owner = clientId)
 * given in the creation commit and taken in the revocation commit, read strongly consistent — a
 * client just created is listed at once, a revoked one no longer.
 */
const registry = { scope: 'api-client', value: 'all' } as const;

/** An API client as admins see it: never its secret (that is shown once, in the creation answer). */
export const apiClientView = (client: ApiClient) => ({
  id: client.clientId,
  name: client.name,
  role: client.role,
  clientId: client.clientId,
  scopes: [...client.scopes],
  createdAt: client.createdAt,
});
export type ApiClientView = ReturnType<typeof apiClientView>;

/** The creation answer: the client, its secret (once) and where to get tokens. */
export type CreatedApiClient = ApiClientView & { readonly clientSecret: string; readonly tokenUrl: string };

/**
 * The creation answer as its idempotency record keeps it: the secret replaced by the client id its
 * `api-client-secret` item is kept under, read back on a replay (command-runner.ts `Decision.storedResult`).
 */
export type StoredCreatedApiClient = Concealed<CreatedApiClient, 'clientSecret', { readonly clientId: string }>;

const adminOnly = (actor: Actor): void => {
  if (!canManageApiClients(actor)) throw forbidden('only administrators manage API clients');
};

const metaOf = (context: CommandContext, commandId: string) => ({
  actor: context.actor.userId,
  commandId,
  correlationId: context.correlationId,
  ...(context.requestId ? { requestId: context.requestId } : {}),
});

/**
 * API clients (docs/api-clients.md): create at the identity provider and record, list, revoke.
 *
 * Create: the provider creates the app client first (its id is the aggregate's), then ONE commit holds
 * ApiClientCreated, the grant (private item `api-client`, mode create) and the registry entry. If that
 * commit fails — or a concurrent request with the same Idempotency-Key won — the app client just
 * created is deleted at the provider again (compensation), so no client exists that the API does not
 * know. A client whose answer was lost gets the same client back on its retry (same key, same body)
 * instead of one it cannot use: the idempotency record keeps the answer WITHOUT the secret (every
 * function with access to the events table reads those records), and the secret is kept for the
 * record's day in a private item only the integrations API reads (`api-client-secret`, per tenant,
 * written in the same commit, api-client-secrets.ts); a replay reads it back. Revoking erases it.
 *
 * Revoke: ApiClientRevoked + the grant re-put revoked (mode replace) + the registry entry taken, in one
 * commit — tokens are refused from the next request on — then the app client is deleted at the
 * provider (no new tokens). Revoking a revoked client records nothing and answers the same (DELETE is
 * idempotent), and deletes at the provider again: a retry finishes a deletion that failed.
 */
export const apiClientService = (
  dependencies: ApplicationDependencySource,
  issuer: () => ApiClientIssuer,
  /** The OAuth scope of a role (contract/api-client-scopes.ts `roleScope`, given by the edge: the application imports no contract). */
  roleScope: (role: Role) => string,
) => ({
  createApiClient: async (
    context: CommandContext,
    input: { readonly name: string; readonly role: Role },
    options: Pick<CommandOptions, 'idempotency'> = {},
  ): Promise<CommandOutcome<CreatedApiClient>> => {
    const { eventStore, newId, now } = dependencies();
    const { actor } = context;
    adminOnly(actor);
    const scopes = [roleScope(input.role)];
    const command = (clientId: string): ApiClientCommand => ({ type: 'CreateApiClient', data: { clientId, name: input.name, role: input.role, scopes } });
    // Refuse a bad name before anything exists at the provider.
    apiClientDecider.decide(command('pending'), null, { actor, now: now() });

    const provider = issuer();
    let issued: IssuedApiClient | undefined;
    let outcome: CommandOutcome<CreatedApiClient>;
    try {
      outcome = await runDecision<CreatedApiClient, StoredCreatedApiClient>({
        store: eventStore,
        tenant: actor.tenant,
        ...countedAs(dependencies().metrics, 'CreateApiClient'),
        ...(options.idempotency ? { idempotency: options.idempotency } : {}),
        meta: metaOf(context, newId()),
        now,
        // A replay (the read before deciding, or a concurrent request that committed first) reads the secret back.
        reveal: async (stored) => {
          const item = await eventStore.readPrivateItem(apiClientSecretItem(actor.tenant, stored.clientSecret.clientId), now());
          const secret = item?.value['clientSecret'];
          if (typeof secret !== 'string') throw conflict('the API client this request created has been revoked since: its secret is gone; send a new request with a new Idempotency-Key');
          return revealed(stored, 'clientSecret', secret);
        },
        decide: async (at) => {
          const live = await eventStore.readLookup(actor.tenant, registry.scope, registry.value, maxApiClientsPerTenant + 1);
          if (live.length >= maxApiClientsPerTenant) throw conflict(`a tenant may have at most ${maxApiClientsPerTenant} API clients; revoke one first`);
          // Once per request, even if the decision is taken again.
          issued ??= await provider.create({ name: input.name.trim(), scopes });
          const { clientId, clientSecret } = issued;
          const events = apiClientDecider.decide(command(clientId), null, { actor, now: at });
          const state = events.reduce((s, event) => apiClientDecider.evolve(s, { ...event, at, actor: actor.userId }), apiClientDecider.initialState)!;
          const result: CreatedApiClient = { ...apiClientView(state), clientSecret, tokenUrl: provider.tokenUrl };
          return {
            streams: [{ aggregateType: apiClientType, aggregateId: clientId, expectedVersion: 0, events }],
            lookups: { add: [{ ...registry, owner: clientId }], remove: [] },
            privateItems: [
              { scope: apiClientGrantScope, id: clientId, value: grantValue(input.role, false), mode: 'create' },
              keptClientSecret(clientId, clientSecret, at),
            ],
            result,
            // The idempotency record names the secret's item, never the secret.
            storedResult: conceal(result, 'clientSecret', { clientId }),
          };
        },
      });
    } catch (error) {
      if (issued) await provider.delete(issued.clientId);
      throw error;
    }
    // Another request with the same key committed first: its client is the answer, this one goes.
    if (outcome.replayed && issued) await provider.delete(issued.clientId);
    return outcome;
  },

  /** The tenant's live clients, newest first, without secrets. */
  listApiClients: async (actor: Actor): Promise<{ items: ApiClientView[] }> => {
    adminOnly(actor);
    const { eventStore } = dependencies();
    const ids = await eventStore.readLookup(actor.tenant, registry.scope, registry.value, 100);
    const states = await Promise.all(ids.map((id) => loadState(eventStore, actor.tenant, apiClientType, id, apiClientDecider)));
    const clients = states.map(({ state }) => state).filter((client): client is ApiClient => client !== null && !client.revoked);
    clients.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.clientId.localeCompare(b.clientId));
    return { items: clients.map(apiClientView) };
  },

  revokeApiClient: async (context: CommandContext, clientId: string): Promise<void> => {
    const { eventStore, newId, now } = dependencies();
    const { actor } = context;
    adminOnly(actor);
    await runDecision<null>({
      store: eventStore,
      tenant: actor.tenant,
      ...countedAs(dependencies().metrics, 'RevokeApiClient'),
      meta: metaOf(context, newId()),
      now,
      decide: async (at) => {
        // Another tenant's client is not in this tenant's streams: not found, like one that never existed.
        const { state, version } = await loadState(eventStore, actor.tenant, apiClientType, clientId, apiClientDecider);
        if (state === null) throw notFound('API client not found');
        const events = apiClientDecider.decide({ type: 'RevokeApiClient', data: {} }, state, { actor, now: at });
        if (events.length === 0) return { streams: [], result: null };
        return {
          streams: [{ aggregateType: apiClientType, aggregateId: clientId, expectedVersion: version, events }],
          lookups: { add: [], remove: [{ ...registry, owner: clientId }] },
          privateItems: [
            { scope: apiClientGrantScope, id: clientId, value: grantValue(state.role, true), mode: 'replace' },
            // A revoked client's secret is never shown again, not even to a replay of its creation.
            erasedClientSecret(clientId, at),
          ],
          result: null,
        };
      },
    });
    await issuer().delete(clientId);
  },
});

export type ApiClientService = ReturnType<typeof apiClientService>;
