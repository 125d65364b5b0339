import { describe, expect, it } from 'vitest';
import { directoryGateway, recordChanged } from '../../import/engine/directory-gateway.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * An update row is merged into the record its match loaded (`rowToUpdate`), so the gateway applies it
 * to that version only: a record changed in between is a rejected row, never overwritten with the
 * contact data the row's merge did not see.
 */
describe('directoryGateway.update', () => {
  const dependencies = testDependencies();
  const gateway = directoryGateway(() => dependencies);

  it('applies the row to the version the match saw; a record changed since is a rejected row', async () => {
    const olga = actorIn(uniqueTenant('gw'), 'olga');
    const created = await gateway.create(olga, 'companies', { legalName: 'Acme', phones: [{ type: 'main', number: '+39 02 1234567' }] }, 'create-1');
    if (created.outcome !== 'created') throw new Error(JSON.stringify(created));
    const match = { id: created.id, version: 1, record: { phones: [{ type: 'main' as const, number: '+39 02 1234567' }] } };

    expect(await gateway.update(olga, 'companies', match, { legalName: 'Acme' }, 'row-1')).toEqual({ outcome: 'unchanged', id: created.id });
    expect(await gateway.update(olga, 'companies', match, { legalName: 'Acme S.p.A.' }, 'row-2')).toEqual({ outcome: 'updated', id: created.id });
    // Version 2 now: the same match is stale.
    const stale = await gateway.update(olga, 'companies', match, { legalName: 'Acme', phones: [] }, 'row-3');
    // A row-level issue (no path): the errors file gives the sentence alone.
    expect(stale).toEqual({ outcome: 'rejected', issues: [{ path: '', message: recordChanged }] });
    const { events } = await dependencies.eventStore.load(olga.tenant, 'company', created.id);
    expect(events).toHaveLength(2);
  });
});
