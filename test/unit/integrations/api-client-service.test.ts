import { describe, expect, it } from 'vitest';
import { EventStoreApiClientGrants } from '../../../application/integrations/api-client-grants.ts';
import { apiClientService } from '../../../application/integrations/api-client-service.ts';
import type { ApiClientIssuer } from '../../../application/ports/api-client-issuer.ts';
import { idempotencyFor } from '../../../application/shared/command-context.ts';
import { roleScope } from '../../../contract/api-client-scopes.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';

/**
 * The API client service on the memory event store with a recording issuer: the provider's client
 * and the log never disagree — a failed commit deletes the client just created (compensation), a
 * concurrent request under the same key keeps its own and this one's goes — and the grant follows.
 */
const at = '2026-05-04T10:00:00.000Z';
const ada: Actor = { tenant: 'acme', userId: 'ada', role: 'admin', groups: [] };
const context = { actor: ada, correlationId: 'corr' };

const recordingIssuer = () => {
  const created: string[] = [];
  const deleted: string[] = [];
  const issuer: ApiClientIssuer = {
    create: async () => {
      const clientId = `client${created.length + 1}`;
      created.push(clientId);
      return { clientId, clientSecret: `secret-of-${clientId}` };
    },
    delete: async (clientId) => void deleted.push(clientId),
    tokenUrl: 'https://auth.example/oauth2/token',
  };
  return { issuer, created, deleted };
};

const setup = () => {
  const memory = memoryDependencies(at);
  const provider = recordingIssuer();
  const service = apiClientService(memory.source, () => provider.issuer, roleScope);
  const grants = new EventStoreApiClientGrants(memory.eventStore, () => at);
  return { ...memory, ...provider, service, grants };
};

describe('the API client service', () => {
  it('creates at the provider and commits the event, the grant and the registry entry together', async () => {
    const { service, grants, created } = setup();
    const { result } = await service.createApiClient(context, { name: 'ERP', role: 'standard' });
    expect(result).toEqual({ id: 'client1', clientId: 'client1', name: 'ERP', role: 'standard', scopes: ['cronaca/role.standard'], createdAt: at, clientSecret: 'secret-of-client1', tokenUrl: 'https://auth.example/oauth2/token' });
    expect(created).toEqual(['client1']);
    expect(await grants.find('client1')).toEqual({ clientId: 'client1', tenant: 'acme', role: 'standard', revoked: false });
    expect((await service.listApiClients(ada)).items.map((item) => item.id)).toEqual(['client1']);
  });

  it('deletes the provider’s client again when the commit fails (compensation), and rethrows', async () => {
    const { service, eventStore, created, deleted, grants } = setup();
    eventStore.commit = async () => {
      throw new Error('DynamoDB is down');
    };
    expect(await failure(service.createApiClient(context, { name: 'ERP', role: 'standard' }))).toMatchObject({ message: 'DynamoDB is down' });
    expect(created).toEqual(['client1']);
    expect(deleted).toEqual(['client1']);
    expect(await grants.find('client1')).toBeUndefined();
  });

  it('asks the provider nothing for a refused request (bad name, not an admin)', async () => {
    const { service, created } = setup();
    await failure(service.createApiClient(context, { name: ' ', role: 'standard' }));
    await failure(service.createApiClient({ ...context, actor: { ...ada, role: 'manager' } }, { name: 'X', role: 'standard' }));
    expect(created).toEqual([]);
  });

  it('replays a repeated key without asking the provider again', async () => {
    const { service, created } = setup();
    const idempotency = idempotencyFor(ada, 'k1', 'POST /v1/api-clients {"name":"ERP"}');
    const first = await service.createApiClient(context, { name: 'ERP', role: 'standard' }, { idempotency });
    const again = await service.createApiClient(context, { name: 'ERP', role: 'standard' }, { idempotency });
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(created).toEqual(['client1']);
  });

  it('revokes: the grant says revoked, the provider deletes, and a second revocation writes nothing but deletes again', async () => {
    const { service, grants, deleted, eventStore } = setup();
    await service.createApiClient(context, { name: 'ERP', role: 'manager' });
    await service.revokeApiClient(context, 'client1');
    expect(await grants.find('client1')).toEqual({ clientId: 'client1', tenant: 'acme', role: 'manager', revoked: true });
    expect(deleted).toEqual(['client1']);
    expect((await service.listApiClients(ada)).items).toEqual([]);
    const version = (await eventStore.load('acme', 'api-client', 'client1')).version;
    await service.revokeApiClient(context, 'client1');
    expect((await eventStore.load('acme', 'api-client', 'client1')).version).toBe(version);
    expect(deleted).toEqual(['client1', 'client1']);
  });

  it("does not find another tenant's client", async () => {
    const { service } = setup();
    await service.createApiClient(context, { name: 'ERP', role: 'manager' });
    expect(await failure(service.revokeApiClient({ ...context, actor: { ...ada, tenant: 'other' } }, 'client1'))).toMatchObject({ kind: 'not_found' });
  });
});
