import { describe, expect, it } from 'vitest';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { companyService } from '../../../application/directory/company-service.ts';
import { leadService } from '../../../application/directory/lead-service.ts';
import { UniqueKeyTakenError } from '../../../application/ports/event-store-errors.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError, IdempotencyKeyReusedError, StaleVersionError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/**
 * The directory's services on the in-memory event store: no DynamoDB, no HTTP. What they promise —
 * the record after each command, typed refusals, idempotent retries, pinned versions, one commit for
 * a conversion — holds for every entry point (the API, an import's rows).
 */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });


const given = () => {
  const { eventStore, source: dependencies } = memoryDependencies(at);
  return { eventStore, companies: companyService(dependencies), leads: leadService(dependencies) };
};


describe('company service (in-memory event store)', () => {
  it('given no company, when one is registered, then it gets the first code and the record after the command', async () => {
    const { companies } = given();
    const { result, replayed } = await companies.registerCompany(context(olga), { legalName: ' Acme Srl ', vatNumber: 'IT01234567897' });
    expect(replayed).toBe(false);
    expect(result).toMatchObject({ id: 'id-1', version: 1, created: true, record: { code: 'C000001', legalName: 'Acme Srl', responsibleUserId: null } });
    expect(await companies.getCompany(olga, result.id)).toMatchObject({ version: 1, record: { id: 'id-1', vatNumber: 'IT01234567897' } });
  });

  it('given a company, when an update pins a version it has moved past, then it is refused as stale and nothing is appended', async () => {
    const { companies, eventStore } = given();
    const { result } = await companies.registerCompany(context(olga), { legalName: 'Acme Srl' });
    const updated = await companies.updateCompany(context(olga), result.id, { website: 'acme.example' }, { expectedVersion: 1 });
    expect(updated.result).toMatchObject({ version: 2, created: false, record: { website: 'https://acme.example/' } });
    expect(await failure(companies.updateCompany(context(olga), result.id, { website: 'other.example' }, { expectedVersion: 1 }))).toBeInstanceOf(StaleVersionError);
    expect((await eventStore.load('t1', 'company', result.id)).version).toBe(2);
  });

  it('given a company holding a VAT number, when another registers the same number, then the unique key is taken', async () => {
    const { companies } = given();
    const { result } = await companies.registerCompany(context(olga), { legalName: 'Acme Srl', vatNumber: 'IT01234567897' });
    const error = await failure(companies.registerCompany(context(olga), { legalName: 'Acme bis', vatNumber: 'IT 01234567897' }));
    expect(error).toBeInstanceOf(UniqueKeyTakenError);
    expect(error).toMatchObject({ scope: 'company-vat', owner: result.id });
  });

  it('when the same idempotency key comes again, then the first result is replayed; with another request, it is refused', async () => {
    const { companies } = given();
    const key = (request: string) => ({ idempotency: idempotencyFor(olga, 'k1', request) });
    const first = await companies.registerCompany(context(olga), { legalName: 'Acme Srl' }, key('Acme'));
    const again = await companies.registerCompany(context(olga), { legalName: 'Acme Srl' }, key('Acme'));
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(await failure(companies.registerCompany(context(olga), { legalName: 'Beta Srl' }, key('Beta')))).toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('when the input names a user who does not exist, then an invalid-input error names the input field', async () => {
    const { companies } = given();
    const error = await failure(companies.registerCompany(context(olga), { legalName: 'Acme Srl', accountManagers: ['ghost'] }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', issues: [{ path: 'accountManagers' }] });
  });

  it('given companies, when a bulk update runs, then each is reported with its version or its typed refusal, as plain data', async () => {
    const { companies } = given();
    const { result } = await companies.registerCompany(context(olga), { legalName: 'Acme Srl' });
    const bulk = await companies.bulkUpdateCompanies(context(olga), [result.id, 'missing'], { type: 'addTag', tag: 'vip' });
    expect(bulk.result).toEqual({
      results: [
        { id: result.id, ok: true, version: 2 },
        { id: 'missing', ok: false, failure: { error: 'domain', kind: 'not_found', message: 'company not found', issues: [] } },
      ],
      succeeded: 1,
      failed: 1,
    });
    expect(JSON.parse(JSON.stringify(bulk.result))).toEqual(bulk.result);
  });
});

describe('lead conversion (in-memory event store)', () => {
  it('given a lead, when it is converted, then the lead, a company and a contact commit together and a retry replays the result', async () => {
    const { leads, companies, eventStore } = given();
    const lead = await leads.createLead(context(olga), { companyName: 'Gamma Spa', firstName: 'Anna', lastName: 'Neri' });
    const key = { idempotency: idempotencyFor(olga, 'convert-1', 'convert') };
    // The duplicate check reads the search index; a fresh tenant has nothing like the lead.
    const converted = await leads.convertLead(context(olga), lead.result.id, { skipDuplicateCheck: true }, key);
    expect(converted.result).toMatchObject({ lead: { id: lead.result.id, version: 2 }, createdCompany: true, createdContact: true, opportunityId: null });
    expect((await companies.getCompany(olga, converted.result.companyId)).record).toMatchObject({ legalName: 'Gamma Spa', code: 'C000001' });
    expect((await eventStore.load('t1', 'contact', converted.result.contactId!)).version).toBe(1);
    expect(await leads.convertLead(context(olga), lead.result.id, { skipDuplicateCheck: true }, key)).toEqual({ result: converted.result, replayed: true });
  });

  it('given a lead at version 1, when a conversion pins version 0, then it is refused as stale', async () => {
    const { leads } = given();
    const lead = await leads.createLead(context(olga), { companyName: 'Gamma Spa' });
    expect(await failure(leads.convertLead(context(olga), lead.result.id, { skipDuplicateCheck: true }, { expectedVersion: 0 }))).toBeInstanceOf(StaleVersionError);
  });
});
