import { describe, it } from 'vitest';
import { apiClientDecider } from '../../../domain/integrations/api-client.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

/** The API client decider: creation, revocation (idempotent), admin only, given/when/then. */
const now = '2026-05-04T10:00:00.000Z';
const ada: Actor = { tenant: 'acme', userId: 'ada', role: 'admin', groups: [] };
const mia: Actor = { tenant: 'acme', userId: 'mia', role: 'manager', groups: [] };
const spec = deciderSpec(apiClientDecider, { actor: ada, now });

const scopes = ['cronaca/role.standard'];
const create = (name = '  ERP sync  ') => ({ type: 'CreateApiClient' as const, data: { clientId: 'c1', name, role: 'standard' as const, scopes } });
const created = { type: 'ApiClientCreated' as const, data: { clientId: 'c1', name: 'ERP sync', role: 'standard' as const, scopes } };
const revoke = { type: 'RevokeApiClient' as const, data: {} };

describe('API client decider', () => {
  it('creates a client with its trimmed name, role and scopes', () => {
    spec.given([]).when(create()).then([created]).andState({ clientId: 'c1', name: 'ERP sync', role: 'standard', createdBy: 'ada', createdAt: now, revoked: false });
  });

  it('refuses a blank or too long name, naming the field', () => {
    spec.given([]).when(create('   ')).thenThrows('invalid', { path: 'name' });
    spec.given([]).when(create('x'.repeat(101))).thenThrows('invalid', { path: 'name' });
  });

  it('refuses a second creation under the same id', () => {
    spec.given([created]).when(create()).thenThrows('conflict');
  });

  it('lets only administrators create or revoke', () => {
    spec.as(mia).given([]).when(create()).thenThrows('forbidden');
    spec.as(mia).given([created]).when(revoke).thenThrows('forbidden');
  });

  it('revokes a live client', () => {
    spec.given([created]).when(revoke).then([{ type: 'ApiClientRevoked', data: { clientId: 'c1' } }]).andState({ revoked: true, revokedAt: now });
  });

  it('revoking a revoked client records nothing (DELETE is idempotent)', () => {
    spec.given([created, { type: 'ApiClientRevoked', data: { clientId: 'c1' } }]).when(revoke).thenNothing();
  });

  it('cannot revoke a client that does not exist', () => {
    spec.given([]).when(revoke).thenThrows('conflict');
  });
});
