import { describe, expect, it } from 'vitest';
import { EventStoreApiClientGrants } from '../../../application/integrations/api-client-grants.ts';
import { apiClientService } from '../../../application/integrations/api-client-service.ts';
import type { ApiClientIssuer } from '../../../application/ports/api-client-issuer.ts';
import type { Commit } from '../../../application/ports/event-store.ts';
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
    expect(JSON.stringify(again.result)).toBe(JSON.stringify(first.result));
    expect(created).toEqual(['client1']);
  });

  it('keeps the secret out of the idempotency record: in an api-client-secret item for the record’s day, revealed on a replay', async () => {
    const { service, eventStore } = setup();
    const commits: Commit[] = [];
    const commit = eventStore.commit.bind(eventStore);
    eventStore.commit = async (c) => {
      await commit(c);
      commits.push(c);
    };
    const idempotency = idempotencyFor(ada, 'k1', 'POST /v1/api-clients {"name":"ERP"}');
    const first = await service.createApiClient(context, { name: 'ERP', role: 'standard' }, { idempotency });
    expect(commits[0]!.privateItems).toEqual([
      { scope: 'api-client', id: 'client1', value: { role: 'standard', revoked: false }, mode: 'create' },
      { scope: 'api-client-secret', id: 'client1', value: { clientSecret: 'secret-of-client1' }, mode: 'create', expiresAt: '2026-05-05T10:01:00.000Z' },
    ]);
    const record = await eventStore.readIdempotency('acme', idempotency.key, at);
    expect(JSON.stringify(record)).not.toContain('secret-of-client1');
    expect(record!.result).toEqual({ ...first.result, clientSecret: { clientId: 'client1' } });
    expect(await eventStore.readPrivateItem({ scope: 'api-client-secret', tenant: 'acme', id: 'client1' }, at)).toMatchObject({ value: { clientSecret: 'secret-of-client1' } });
    // Gone when the record is (it outlives it by a minute: the record's expiry is counted in whole seconds).
    expect(await eventStore.readPrivateItem({ scope: 'api-client-secret', tenant: 'acme', id: 'client1' }, '2026-05-05T10:01:00.000Z')).toBeUndefined();
  });

  it('a concurrent request under the same key answers the winner’s client and secret, and its own client goes', async () => {
    const { service, eventStore, created, deleted } = setup();
    const idempotency = idempotencyFor(ada, 'k1', 'POST /v1/api-clients {"name":"ERP"}');
    const first = await service.createApiClient(context, { name: 'ERP', role: 'standard' }, { idempotency });
    // The second request read no record before deciding (the first committed in between).
    const read = eventStore.readIdempotency.bind(eventStore);
    let reads = 0;
    eventStore.readIdempotency = async (...args) => (reads++ === 0 ? null : read(...args));
    const second = await service.createApiClient(context, { name: 'ERP', role: 'standard' }, { idempotency });
    expect(second).toEqual({ result: first.result, replayed: true });
    expect(second.result.clientSecret).toBe('secret-of-client1');
    expect(created).toEqual(['client1', 'client2']);
    expect(deleted).toEqual(['client2']);
  });

  it('a replay after the client was revoked is a conflict: its secret was erased with the revocation', async () => {
    const { service, eventStore } = setup();
    const idempotency = idempotencyFor(ada, 'k1', 'POST /v1/api-clients {"name":"ERP"}');
    await service.createApiClient(context, { name: 'ERP', role: 'standard' }, { idempotency });
    await service.revokeApiClient(context, 'client1');
    expect(await eventStore.readPrivateItem({ scope: 'api-client-secret', tenant: 'acme', id: 'client1' }, at)).toBeUndefined();
    expect(await failure(service.createApiClient(context, { name: 'ERP', role: 'standard' }, { idempotency }))).toMatchObject({ kind: 'conflict' });
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
