import { describe, expect, it } from 'vitest';
import type { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { requestGeneration, type GenerateDocumentInput } from '../../../application/requests/request-generation.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError, StaleVersionError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { memoryPeople } from '../../support/memory-people.ts';

/**
 * Generating a ticket, a quote or a meeting from a customer request on the in-memory event store:
 * one commit over the request and the new document (and its counter), defaults from the request,
 * the request's rules before the document's, nothing written on a refusal. Fixed clock, never today.
 */
const at = '2026-03-02T09:00:00.000Z';
const tenant = 't1';
const olga: Actor = { tenant, userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant, userId: 'rita', role: 'restricted', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });
const users = ['olga', 'tom', 'rita'];

const profile = (legalName: string, kind: string) => ({
  legalName,
  aliases: [],
  kind,
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
});

const append = (store: MemoryEventStore, aggregateType: string, aggregateId: string, events: { type: string; data: unknown }[], version = 0) =>
  store.commit({
    tenant,
    at,
    meta: { actor: 'olga', commandId: `seed-${aggregateId}-${version}`, correlationId: 'c0' },
    streams: [{ aggregateType, aggregateId, expectedVersion: version, events }],
  });

const company = (store: MemoryEventStore, id: string, code: string, kind = 'client') =>
  append(store, 'company', id, [
    { type: 'CompanyRegistered', data: { companyId: id, code, profile: profile(id, kind), responsibleUserId: null, accountManagers: [], status: null } },
  ]);

const description = 'The printer on the second floor jams every morning since the last firmware update, please send someone\nSecond line';

const customerRequest = (store: MemoryEventStore, id: string, change: { companyId?: string; responsibleId?: string | null } = {}) =>
  append(store, 'request', id, [
    {
      type: 'RequestRegistered',
      data: {
        requestId: id,
        number: 1,
        companyId: change.companyId ?? 'acme',
        contactId: null,
        requestType: 'support',
        description,
        channel: 'phone',
        status: 'new',
        rank: 'U',
        responsibleId: change.responsibleId === undefined ? 'tom' : change.responsibleId,
      },
    },
  ]);

const given = async (now = at) => {
  const { eventStore, source } = memoryDependencies(now, {
    people: memoryPeople(tenant, { olga: { timezone: 'Europe/Rome' }, rita: {} }),
    peopleOfRecord: { activeUser: async (t, userId) => t === tenant && users.includes(userId), group: async () => false },
  });
  await company(eventStore, 'acme', 'C000001');
  await company(eventStore, 'supplier', 'C000002', 'supplier');
  await customerRequest(eventStore, 'req-1');
  return { eventStore, generate: requestGeneration(source) };
};

const ticket: GenerateDocumentInput = { document: 'ticket' };
const meeting: GenerateDocumentInput = { document: 'meeting', start: '2026-03-05T10:00:00+01:00', end: '2026-03-05T11:00:00+01:00' };
const quote: GenerateDocumentInput = { document: 'quote', amount: '100.00' };

const refusal = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

/** Nothing of a refused generation was written: the request unchanged, no document, no number taken. */
const untouched = async (store: MemoryEventStore, requestVersion = 1) => {
  expect((await store.load(tenant, 'request', 'req-1')).version).toBe(requestVersion);
  expect((await store.load(tenant, 'ticket', 'id-1')).version).toBe(0);
  expect(await store.readSequence(tenant, 'ticket')).toBe(0);
};

describe('generating a document from a customer request', () => {
  it('opens a ticket pre-filled from the request, linked both ways, in one commit with the ticket counter', async () => {
    const { eventStore, generate } = await given();
    const { result, replayed } = await generate(context(olga), 'req-1', ticket);
    expect(replayed).toBe(false);
    expect(result.document).toMatchObject({
      kind: 'ticket',
      id: 'id-1',
      reference: '1',
      record: {
        number: 1,
        companyId: 'acme',
        subject: 'The printer on the second floor jams every morning since the last firmware…',
        description,
        assignee: { userId: 'tom' },
        origin: { kind: 'request', id: 'req-1' },
        version: 1,
      },
    });
    expect(result.request).toMatchObject({ id: 'req-1', version: 2, closed: false, documents: [{ kind: 'ticket', id: 'id-1', reference: '1', at, by: 'olga' }] });

    const request = await eventStore.load(tenant, 'request', 'req-1');
    const opened = await eventStore.load(tenant, 'ticket', 'id-1');
    expect(request.events.at(-1)).toMatchObject({ type: 'RequestDocumentGenerated', data: { requestId: 'req-1', document: { kind: 'ticket', id: 'id-1', reference: '1' } } });
    expect(opened.events).toHaveLength(1);
    expect(opened.events[0]).toMatchObject({ type: 'TicketOpened', data: { ticketId: 'id-1', number: 1, origin: { kind: 'request', id: 'req-1' } } });
    // One commit: one command id on both streams' events.
    expect(request.events.at(-1)!.meta.commandId).toBe(opened.events[0]!.meta.commandId);
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(1);
  });

  it('`close: true` closes the request in the same commit, with the outcome; a later generation is refused', async () => {
    const { eventStore, generate } = await given();
    const { result } = await generate(context(olga), 'req-1', { ...ticket, close: true, outcome: 'handed to support' });
    expect(result.request).toMatchObject({ version: 3, closed: true, closedBy: 'olga', outcome: 'handed to support' });
    const request = await eventStore.load(tenant, 'request', 'req-1');
    expect(request.events.slice(1).map((e) => e.type)).toStrictEqual(['RequestDocumentGenerated', 'RequestClosed']);

    expect((await refusal(generate(context(olga), 'req-1', ticket))).kind).toBe('conflict');
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(1);
  });

  it('drafts a quote to the request’s company, operated by its responsible, valid from the actor’s today for 30 days', async () => {
    // 23:30 UTC on 31 December is already 1 January in Rome (olga's zone): the quote's day and year.
    const { eventStore, generate } = await given('2026-12-31T23:30:00.000Z');
    const { result } = await generate(context(olga), 'req-1', quote);
    expect(result.document).toMatchObject({
      kind: 'quote',
      reference: 'Q-2027-00001',
      record: {
        party: { kind: 'company', id: 'acme' },
        operatorId: 'tom',
        validFrom: '2027-01-01',
        validUntil: '2027-01-31',
        description,
        status: 'draft',
        origin: { kind: 'request', id: 'req-1' },
      },
    });
    expect(await eventStore.readSequence(tenant, 'quote-2027')).toBe(1);
    expect((await eventStore.load(tenant, 'quote', result.document.id)).events[0]).toMatchObject({ type: 'QuoteDrafted', data: { origin: { kind: 'request', id: 'req-1' } } });
  });

  it('fixes a meeting: an activity of type meeting about the request’s company, for its responsible', async () => {
    const { eventStore, generate } = await given();
    const { result } = await generate(context(olga), 'req-1', { ...meeting, subject: 'Visit about the printer' });
    expect(result.document).toMatchObject({
      kind: 'meeting',
      reference: 'Visit about the printer',
      record: {
        type: 'meeting',
        related: { kind: 'company', id: 'acme' },
        assignee: { userId: 'tom' },
        start: '2026-03-05T09:00:00.000Z',
        notes: description,
        origin: { kind: 'request', id: 'req-1' },
      },
    });
    expect((await eventStore.load(tenant, 'activity', result.document.id)).events[0]).toMatchObject({ type: 'ActivityScheduled', data: { origin: { kind: 'request', id: 'req-1' } } });
  });

  it('refuses before anything is planned when the request has no responsible (409 naming responsibleId)', async () => {
    const { eventStore, generate } = await given();
    await customerRequest(eventStore, 'req-2', { responsibleId: null });
    const error = await refusal(generate(context(olga), 'req-2', ticket));
    expect(error.kind).toBe('conflict');
    expect(error.issues.map((i) => i.path)).toStrictEqual(['responsibleId']);
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(0);
  });

  it('an invisible or missing request is not found; a stale If-Match is stale; nothing is written', async () => {
    const { eventStore, generate } = await given();
    expect((await refusal(generate(context(rita), 'req-1', ticket))).kind).toBe('not_found');
    expect((await refusal(generate(context(olga), 'nope', ticket))).kind).toBe('not_found');
    expect(await failure(generate(context(olga), 'req-1', ticket, { expectedVersion: 7 }))).toBeInstanceOf(StaleVersionError);
    await untouched(eventStore);
    const pinned = await generate(context(olga), 'req-1', ticket, { expectedVersion: 1 });
    expect(pinned.result.request.version).toBe(2);
  });

  it('the document is checked as if created directly: its fields refused by name (422), what the request gave as 409 on the request’s field', async () => {
    const { eventStore, generate } = await given();
    const backwards = await refusal(generate(context(olga), 'req-1', { ...meeting, end: '2026-03-05T08:00:00+01:00' }));
    expect([backwards.kind, backwards.issues.map((i) => i.path)]).toStrictEqual(['invalid', ['end']]);
    const unpriced = await refusal(generate(context(olga), 'req-1', { document: 'quote' }));
    expect([unpriced.kind, unpriced.issues.map((i) => i.path)]).toStrictEqual(['invalid', ['lines']]);
    const stranger = await refusal(generate(context(olga), 'req-1', { ...ticket, assignee: { userId: 'ghost' } }));
    expect([stranger.kind, stranger.issues.map((i) => i.path)]).toStrictEqual(['invalid', ['assignee.userId']]);

    await customerRequest(eventStore, 'req-2', { companyId: 'supplier' });
    const supplier = await refusal(generate(context(olga), 'req-2', quote));
    expect([supplier.kind, supplier.issues.map((i) => i.path)]).toStrictEqual(['conflict', ['companyId']]);
    await customerRequest(eventStore, 'req-3', { responsibleId: 'gone' });
    const gone = await refusal(generate(context(olga), 'req-3', ticket));
    expect([gone.kind, gone.issues.map((i) => i.path)]).toStrictEqual(['conflict', ['responsibleId']]);
    await untouched(eventStore);
  });

  it('a retry under the same idempotency key replays the first answer and generates nothing more', async () => {
    const { eventStore, generate } = await given();
    const idempotency = idempotencyFor(olga, 'k1', 'generate req-1 ticket');
    const first = await generate(context(olga), 'req-1', ticket, { idempotency });
    const again = await generate(context(olga), 'req-1', ticket, { idempotency });
    expect(again).toStrictEqual({ result: first.result, replayed: true });
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(1);
    expect((await eventStore.load(tenant, 'request', 'req-1')).version).toBe(2);
  });

  it('two concurrent generations both succeed with gapless numbers; with close, exactly one does', async () => {
    const open = await given();
    const both = await Promise.all([open.generate(context(olga), 'req-1', ticket), open.generate(context(olga), 'req-1', ticket)]);
    expect(both.map((o) => o.result.document.reference).toSorted()).toStrictEqual(['1', '2']);
    expect((await open.eventStore.load(tenant, 'request', 'req-1')).version).toBe(3);

    const closing = await given();
    const settled = await Promise.allSettled([
      closing.generate(context(olga), 'req-1', { ...ticket, close: true }),
      closing.generate(context(olga), 'req-1', { ...ticket, close: true }),
    ]);
    expect(settled.map((s) => s.status).toSorted()).toStrictEqual(['fulfilled', 'rejected']);
    const rejected = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as DomainError).kind).toBe('conflict');
    expect(await closing.eventStore.readSequence(tenant, 'ticket')).toBe(1);
    expect((await closing.eventStore.load(tenant, 'ticket', 'id-3')).version + (await closing.eventStore.load(tenant, 'ticket', 'id-1')).version).toBe(1);
  });
});
