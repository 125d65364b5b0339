import { apiClientNameMax, type ApiClientEvent } from '../../events/integrations/api-client-events.ts';
import type { Actor, Role } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, forbidden, invalid } from '../shared/errors.ts';

/**
 * An API client (docs/api-clients.md): created by an admin with a name and a role, revoked by an
 * admin. Aggregate `api-client`, id = the identity provider's client id. A revoked client stays in
 * the log (its actions keep naming `client:<id>`), is no longer listed, and revoking it again
 * changes nothing.
 */
export interface ApiClient {
  readonly clientId: string;
  readonly name: string;
  readonly role: Role;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revoked: boolean;
  readonly revokedAt: string | null;
}

export type ApiClientState = ApiClient | null;

export type ApiClientCommand =
  | { type: 'CreateApiClient'; data: { clientId: string; name: string; role: Role; scopes: readonly string[] } }
  | { type: 'RevokeApiClient'; data: Record<string, never> };

/** Most live (not revoked) clients a tenant may have: each is an app client in the shared user pool. */
export const maxApiClientsPerTenant = 25;

/** Admins only, on every route (another tenant's client is not found: its stream is not under this tenant). */
export const canManageApiClients = (actor: Actor): boolean => actor.role === 'admin';

const nameOf = (value: string): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid('name', 'must not be blank');
  if (trimmed.length > apiClientNameMax) throw invalid('name', `must be at most ${apiClientNameMax} characters`);
  return trimmed;
};

const decide = (command: ApiClientCommand, state: ApiClientState, context: DecisionContext): ApiClientEvent[] => {
  if (!canManageApiClients(context.actor)) throw forbidden('only administrators manage API clients');
  switch (command.type) {
    case 'CreateApiClient': {
      if (state !== null) throw conflict('the API client exists already');
      const { clientId, role, scopes } = command.data;
      return [{ type: 'ApiClientCreated', data: { clientId, name: nameOf(command.data.name), role, scopes: [...scopes] } }];
    }
    case 'RevokeApiClient':
      if (state === null) throw conflict('the API client does not exist');
      // Idempotent: a revoked client stays revoked; nothing to record again.
      return state.revoked ? [] : [{ type: 'ApiClientRevoked', data: { clientId: state.clientId } }];
  }
};

const evolve = (state: ApiClientState, event: Recorded<ApiClientEvent>): ApiClientState => {
  if (event.type === 'ApiClientCreated') {
    const { clientId, name, role, scopes } = event.data;
    return { clientId, name, role, scopes: scopes ?? [], createdAt: event.at, createdBy: event.actor, revoked: false, revokedAt: null };
  }
  return state === null || state.revoked ? state : { ...state, revoked: true, revokedAt: event.at };
};

export const apiClientDecider: Decider<ApiClientCommand, ApiClientState, ApiClientEvent> = { initialState: null, decide, evolve };
