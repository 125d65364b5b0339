import { describe, expect, it } from 'vitest';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { requestService } from '../../../application/requests/request-service.ts';
import type { CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError } from '../../../application/shared/errors.ts';
import { rankAt } from '../../../domain/requests/board-rank.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/**
 * The customer-requests service on the in-memory event store: numbers from the `request` sequence,
 * a card placed last in its column at the command's time (registered or reopened), the tenant's
 * default catalogues, references named by input field.
 */
const start = '2030-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const mara: Actor = { tenant: 't1', userId: 'mara', role: 'manager', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });

const given = async () => {
  let clock = start;
  const { eventStore, source } = memoryDependencies(start, { now: () => clock });
  // A company everyone of the tenant sees (no responsible user), as the directory would have written it.
  await eventStore.commit({
    tenant: 't1',
    at: start,
    meta: { actor: 'ada', commandId: 'k0', correlationId: 'c0' },
    streams: [
      {
        aggregateType: 'company',
        aggregateId: 'acme',
        expectedVersion: 0,
        events: [
          {
            type: 'CompanyRegistered',
            data: {
              companyId: 'acme',
              code: 'C000001',
              profile: {
                legalName: 'Acme Srl',
                aliases: [],
                kind: 'client',
                vatNumber: null,
                taxCode: null,
                addresses: [],
                phones: [],
                emails: [],
                website: null,
                categories: [],
                area: null,
                segments: [],
                tags: [],
              },
              responsibleUserId: null,
              accountManagers: [],
              status: null,
            },
          },
        ],
      },
    ],
  });
  return { eventStore, requests: requestService(source), setClock: (to: string) => (clock = to) };
};

describe('request service (in-memory event store)', () => {
  it('given a tenant, when requests are registered, then they are numbered 1, 2 and placed last in the first status of the default catalogue', async () => {
    const { requests, eventStore, setClock } = await given();
    const first = await requests.registerRequest(context(olga), { companyId: 'acme', description: 'Call back' });
    setClock('2030-03-02T09:05:00.000Z');
    const second = await requests.registerRequest(context(olga), { companyId: 'acme', description: 'Send prices', requestType: 'commercial', responsibleId: 'olga' });
    expect(first.result).toMatchObject({ id: 'id-1', version: 1, created: true, record: { number: 1, status: 'new', requestType: 'other', rank: rankAt(start) } });
    expect(second.result.record).toMatchObject({ number: 2, requestType: 'commercial', responsibleId: 'olga', rank: rankAt('2030-03-02T09:05:00.000Z') });
    expect(await eventStore.readSequence('t1', 'request')).toBe(2);
  });

  it('given a closed request, when a manager reopens it later, then it goes last in its column at the time of the reopening', async () => {
    const { requests, setClock } = await given();
    const { result } = await requests.registerRequest(context(olga), { companyId: 'acme', description: 'Call back', responsibleId: 'olga' });
    await requests.closeRequest(context(olga), result.id, { outcome: 'done' });
    setClock('2030-03-05T10:00:00.000Z');
    const reopened = await requests.reopenRequest(context(mara), result.id, { reason: 'again' });
    expect(reopened.result.record).toMatchObject({ closed: false, rank: rankAt('2030-03-05T10:00:00.000Z'), version: 3 });
    const history = await requests.requestHistory(olga, result.id);
    expect(history.items.map((item) => item.type)).toEqual(['RequestRegistered', 'RequestClosed', 'RequestReopened']);
  });

  it('when the input names what does not exist, then an invalid-input error names each field of the input', async () => {
    const { requests } = await given();
    const error = await failure(requests.registerRequest(context(olga), { companyId: 'nope', contactId: 'ct-x', description: 'x', responsibleId: 'ghost' }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).issues.map((issue) => issue.path)).toEqual(['companyId', 'contactId', 'responsibleId']);
    const { result } = await requests.registerRequest(context(olga), { companyId: 'acme', description: 'x' });
    const assigning = await failure(requests.assignResponsible(context(olga), result.id, 'ghost'));
    expect((assigning as DomainError).issues.map((issue) => issue.path)).toEqual(['userId']);
  });

  it('when a request does not exist or another tenant asks, then it is not found', async () => {
    const { requests } = await given();
    const { result } = await requests.registerRequest(context(olga), { companyId: 'acme', description: 'x' });
    const stranger: Actor = { ...mara, tenant: 't2' };
    for (const error of [await failure(requests.closeRequest(context(olga), 'missing')), await failure(requests.getRequest(stranger, result.id))]) {
      expect(error).toMatchObject({ kind: 'not_found' });
    }
  });
});
