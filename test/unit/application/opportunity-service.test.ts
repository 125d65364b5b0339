import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import type { ApplicationDependencies } from '../../../application/ports/application-dependencies.ts';
import { opportunityService } from '../../../application/sales/opportunity-service.ts';
import { DomainError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/** The sales context's service on the in-memory event store: the opportunity a lead conversion opened. */
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 't1', userId: 'rita', role: 'restricted', groups: [] };

const unused = <T>(name: string): T =>
  new Proxy({}, { get: () => () => Promise.reject(new Error(`${name} is not used by the opportunity service`)) }) as T;

const given = async () => {
  const eventStore = new MemoryEventStore();
  await eventStore.commit({
    tenant: 't1',
    at: '2026-03-02T09:00:00.000Z',
    meta: { actor: 'olga', commandId: 'k0', correlationId: 'c0' },
    streams: [
      {
        aggregateType: 'opportunity',
        aggregateId: 'o1',
        expectedVersion: 0,
        events: [
          {
            type: 'OpportunityCreated',
            data: { opportunityId: 'o1', title: 'Beta Srl', companyId: 'c1', contactId: null, leadId: 'l1', stage: 'new', ownerId: 'olga' },
          },
        ],
      },
    ],
  });
  const dependencies = {
    eventStore,
    readModels: unused('readModels'),
    now: () => '2026-03-02T10:00:00.000Z',
    newId: () => 'unused',
    people: unused('people'),
    peopleOfRecord: unused('peopleOfRecord'),
    settings: unused('settings'),
  } as ApplicationDependencies;
  return opportunityService(() => dependencies);
};

describe('opportunity service (in-memory event store)', () => {
  it('answers the opportunity with its version to its owner', async () => {
    const opportunities = await given();
    const { record, version } = await opportunities.getOpportunity(olga, 'o1');
    expect(version).toBe(1);
    expect(record).toMatchObject({ id: 'o1', title: 'Beta Srl', companyId: 'c1', contactId: null, leadId: 'l1', stage: 'new', ownerId: 'olga', version: 1 });
  });

  it('is not found for a restricted user who does not own it, or when it does not exist', async () => {
    const opportunities = await given();
    for (const [actor, id] of [[rita, 'o1'], [olga, 'nope']] as const) {
      const error = await opportunities.getOpportunity(actor, id).then(() => undefined, (e: unknown) => e);
      expect(error, `${actor.userId} ${id}`).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('not_found');
    }
  });
});
