import { describe, expect, it } from 'vitest';
import { memoryDependencies } from '../../support/memory-dependencies.ts';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { normaliseName } from '../../../domain/directory/search/names.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { directoryGateway, recordChanged, rowIdempotencyKey } from '../../../import/engine/directory-gateway.ts';

/**
 * The import's gateway on the in-memory event store: rows run the directory's services directly (no
 * HTTP), a replayed row is counted from its stored result, refusals are row issues at input paths.
 */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };


const given = () => {
  const { eventStore, source: dependencies } = memoryDependencies(at);
  return { eventStore, gateway: directoryGateway(dependencies) };
};

describe('directory gateway (in-memory event store)', () => {
  it('given a created row, when its line comes again, then it is counted from the stored result and creates nothing', async () => {
    const { gateway, eventStore } = given();
    const key = rowIdempotencyKey('job-1', 2);
    expect(await gateway.committed(olga, 'companies', key)).toBeNull();
    const created = await gateway.create(olga, 'companies', { legalName: 'Acme Srl', vatNumber: 'IT01234567897' }, key);
    expect(created).toEqual({ outcome: 'created', id: 'id-1' });
    expect(await gateway.committed(olga, 'companies', key)).toEqual({ outcome: 'created', id: 'id-1' });
    expect(await gateway.create(olga, 'companies', { legalName: 'Acme Srl', vatNumber: 'IT01234567897' }, key)).toEqual(created);
    expect((await eventStore.load('t1', 'company', 'id-1')).version).toBe(1);
  });

  it('when a row repeats a VAT number another company holds, then the row is rejected at the field', async () => {
    const { gateway } = given();
    await gateway.create(olga, 'companies', { legalName: 'Acme Srl', vatNumber: 'IT01234567897' }, rowIdempotencyKey('job-1', 2));
    const rejected = await gateway.create(olga, 'companies', { legalName: 'Acme bis', vatNumber: 'IT01234567897' }, rowIdempotencyKey('job-1', 3));
    expect(rejected).toEqual({ outcome: 'rejected', issues: [{ path: 'vatNumber', message: 'is already used by another company (id id-1)' }] });
  });

  it('given a matched record, when it changed since the match, then the update row is rejected as changed; else it is updated or unchanged', async () => {
    const { gateway } = given();
    await gateway.create(olga, 'leads', { companyName: 'Gamma Spa' }, rowIdempotencyKey('job-1', 2));
    const match = await gateway.findMatch(olga, 'leads', 'name', normaliseName('Gamma Spa'), 'Gamma Spa');
    expect(match).toMatchObject({ id: 'id-1', version: 1 });
    expect(await gateway.update(olga, 'leads', match!, { companyName: 'Gamma Spa' }, rowIdempotencyKey('job-2', 2))).toEqual({ outcome: 'unchanged', id: 'id-1' });
    expect(await gateway.update(olga, 'leads', match!, { source: 'fiera' }, rowIdempotencyKey('job-2', 3))).toEqual({ outcome: 'updated', id: 'id-1' });
    expect(await gateway.committed(olga, 'leads', rowIdempotencyKey('job-2', 3))).toEqual({ outcome: 'updated', id: 'id-1' });
    expect(await gateway.update(olga, 'leads', match!, { source: 'web' }, rowIdempotencyKey('job-2', 4))).toEqual({
      outcome: 'rejected',
      issues: [{ path: '', message: recordChanged }],
    });
  });

  it('given a record the job created, when the job is reverted, then it is removed once and then absent', async () => {
    const { gateway, eventStore } = given();
    await gateway.create(olga, 'contacts', { firstName: 'Anna', lastName: 'Neri' }, rowIdempotencyKey('job-1', 2));
    expect(await gateway.remove(olga, 'contacts', 'id-1', 'import:job-1:revert:id-1')).toBe('removed');
    expect(await gateway.remove(olga, 'contacts', 'id-1', 'import:job-1:revert:id-1')).toBe('absent');
    expect((await eventStore.load('t1', 'contact', 'id-1')).events.at(-1)?.type).toBe('ContactRemoved');
  });
});
