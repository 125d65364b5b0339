import { describe, expect, it } from 'vitest';
import { provisionUser } from '../../../application/administration/provision-people.ts';
import { EventStoreUserAccess } from '../../../adapters/people/event-store-user-access.ts';
import { memoryDependencies } from '../../support/memory-dependencies.ts';
import { memoryPeople } from '../../support/memory-people.ts';

const at = '2026-03-02T09:00:00.000Z';
const olga = { userId: 'olga', name: 'Olga', email: 'olga@acme.example', timezone: 'Europe/Warsaw', locale: 'pl' as const, role: 'manager' as const };

describe('a user’s access, read by the HTTP edge', () => {
  it('given a registered user, gives the role and activity of record and the groups of the people read model', async () => {
    const { dependencies, eventStore } = memoryDependencies(at);
    await provisionUser(dependencies, 't-acme', olga);
    const access = new EventStoreUserAccess(eventStore, { people: memoryPeople('t-acme', { olga: { role: 'standard', groups: ['g-support'] } }) });

    await expect(access.find('t-acme', 'olga')).resolves.toEqual({ role: 'manager', active: true, groups: ['g-support'] });
  });

  it('given a user the read model has not caught up with yet, gives no groups rather than failing', async () => {
    const { dependencies, eventStore } = memoryDependencies(at);
    await provisionUser(dependencies, 't-acme', olga);
    const access = new EventStoreUserAccess(eventStore, { people: memoryPeople('t-acme', {}) });

    await expect(access.find('t-acme', 'olga')).resolves.toEqual({ role: 'manager', active: true, groups: [] });
  });

  it('without a people directory, does not claim to know the groups; without a user of record, knows nobody', async () => {
    const { dependencies, eventStore } = memoryDependencies(at);
    await provisionUser(dependencies, 't-acme', olga);
    const access = new EventStoreUserAccess(eventStore);

    await expect(access.find('t-acme', 'olga')).resolves.toEqual({ role: 'manager', active: true });
    await expect(access.find('t-acme', 'nobody')).resolves.toBeUndefined();
    await expect(access.find('t-other', 'olga')).resolves.toBeUndefined();
  });
});
