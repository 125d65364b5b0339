import { describe, expect, it, vi } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { readCursor } from '../../../application/integrations/dispatch-cursor.ts';
import { dispatchWebhooks, webhookDeliveryId, webhookEventId } from '../../../application/integrations/webhook-dispatcher.ts';
import type { WebhookDispatch, WebhookQueue } from '../../../application/ports/webhook-queue.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import { commandTestEndpoint, createTestEndpoint } from '../../support/webhook-fixtures.ts';

const tenant = 'acme';
const before = '2030-01-01T00:00:00.000Z';
const at = '2030-01-02T00:00:00.000Z';

const recordingQueue = () => {
  const queued: WebhookDispatch[] = [];
  const queue: WebhookQueue = { enqueue: async (dispatches) => void queued.push(...dispatches) };
  return { queued, queue };
};

/** A ticket with `count` events (opened, then comments), as the log has them. */
const ticketEvents = async (store: MemoryEventStore, ticketId: string, count: number, when = at): Promise<StoredEvent[]> => {
  const events = [
    { type: 'TicketOpened', data: { ticketId, number: 1, companyId: 'c-1', subject: 'Printer', type: 'problem', priority: 'normal', assignee: null } },
    ...Array.from({ length: count - 1 }, (_, i) => ({ type: 'TicketCommented', data: { ticketId, commentId: `c${i}`, body: 'hi', visibility: 'public' } })),
  ];
  for (let start = 0; start < events.length; start += 100) {
    const streams = [{ aggregateType: 'ticket', aggregateId: ticketId, expectedVersion: start, events: events.slice(start, start + 100) }];
    await store.commit({ tenant, at: when, meta: { actor: 'olga', commandId: `cmd-${ticketId}-${start}`, correlationId: 'corr' }, streams });
  }
  return (await store.load(tenant, 'ticket', ticketId)).events;
};

const versionsQueued = (queued: readonly WebhookDispatch[], endpointId: string, ticketId: string) =>
  queued.filter((d) => d.endpointId === endpointId).map((d) => {
    for (let v = 1; v <= 200; v += 1) if (webhookDeliveryId(endpointId, webhookEventId({ aggregateType: 'ticket', aggregateId: ticketId, version: v })) === d.deliveryId) return v;
    return -1;
  });

describe('the webhook dispatcher', () => {
  it('reads the registry once and does nothing else for a tenant without endpoints', async () => {
    const store = new MemoryEventStore();
    const [event] = await ticketEvents(store, 't1', 1);
    const { queue, queued } = recordingQueue();
    const spies = { load: vi.spyOn(store, 'load'), pages: vi.spyOn(store, 'pages'), commit: vi.spyOn(store, 'commit'), lookup: vi.spyOn(store, 'readLookup') };
    expect(await dispatchWebhooks({ eventStore: store, queue }, event!, at)).toEqual({ kind: 'no-endpoints' });
    expect(spies.lookup).toHaveBeenCalledTimes(1);
    expect([spies.load.mock.calls.length, spies.pages.mock.calls.length, spies.commit.mock.calls.length, queued.length]).toEqual([0, 0, 0, 0]);
  });

  it('queues a record in version order whatever order the bus brings its events in, once each', async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'ep-1', url: 'https://hooks.example.com/a', at: before });
    const events = await ticketEvents(store, 't1', 4);
    const { queue, queued } = recordingQueue();
    // Out of order and duplicated: v3, v1, v3, v4, v2, v4.
    for (const version of [3, 1, 3, 4, 2, 4]) await dispatchWebhooks({ eventStore: store, queue }, events[version - 1]!, at);
    expect(versionsQueued(queued, 'ep-1', 't1')).toEqual([1, 2, 3, 4]);
    expect(new Set(queued.map((d) => d.orderingKey))).toEqual(new Set(['ep-1:ticket:t1']));
    const delivery = await store.load(tenant, 'webhook-delivery', queued[0]!.deliveryId);
    expect(delivery.events.map((e) => [e.type, e.data])).toEqual([
      ['WebhookDeliveryScheduled', { deliveryId: queued[0]!.deliveryId, endpointId: 'ep-1', eventId: 'ticket-t1-v1', eventType: 'TicketOpened', recordRef: { type: 'ticket', id: 't1', version: 1 } }],
    ]);
  });

  it('sends each endpoint what it wants: its types, while enabled, from its creation on', async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'all', url: 'https://hooks.example.com/all', at: before });
    await createTestEndpoint(store, tenant, { endpointId: 'comments', url: 'https://hooks.example.com/c', eventTypes: ['TicketCommented'], at: before });
    await createTestEndpoint(store, tenant, { endpointId: 'off', url: 'https://hooks.example.com/off', at: before });
    await commandTestEndpoint(store, tenant, 'off', { type: 'DisableWebhookEndpoint' }, before);
    await createTestEndpoint(store, tenant, { endpointId: 'late', url: 'https://hooks.example.com/late', at: '2030-01-03T00:00:00.000Z' });
    const events = await ticketEvents(store, 't1', 3);
    const { queue, queued } = recordingQueue();
    await dispatchWebhooks({ eventStore: store, queue }, events[2]!, at);
    expect(versionsQueued(queued, 'all', 't1')).toEqual([1, 2, 3]);
    expect(versionsQueued(queued, 'comments', 't1')).toEqual([2, 3]);
    expect(queued.filter((d) => d.endpointId === 'off' || d.endpointId === 'late')).toEqual([]);
  });

  it('redoes what a crash between the commit and the queue left, keeping the deliveries it committed', async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'ep-1', url: 'https://hooks.example.com/a', at: before });
    const events = await ticketEvents(store, 't1', 2);
    const broken: WebhookQueue = { enqueue: async () => Promise.reject(new Error('queue unavailable')) };
    await expect(dispatchWebhooks({ eventStore: store, queue: broken }, events[1]!, at)).rejects.toThrow('queue unavailable');
    const { queue, queued } = recordingQueue();
    // The bus retries the same event: the cursor did not move, the deliveries exist: queued now.
    expect(await dispatchWebhooks({ eventStore: store, queue }, events[1]!, at)).toEqual({ kind: 'dispatched', from: 0, to: 2, deliveries: 2, requeued: 0 });
    expect(versionsQueued(queued, 'ep-1', 't1')).toEqual([1, 2]);
    expect((await store.load(tenant, 'webhook-delivery', queued[0]!.deliveryId)).version).toBe(1);
  });

  it('splits more than 100 deliveries into several commits, queued in version order', async () => {
    const store = new MemoryEventStore();
    for (const id of ['e1', 'e2', 'e3']) await createTestEndpoint(store, tenant, { endpointId: id, url: `https://hooks.example.com/${id}`, at: before });
    const events = await ticketEvents(store, 't1', 45);
    const { queue, queued } = recordingQueue();
    const commits = vi.spyOn(store, 'commit');
    expect(await dispatchWebhooks({ eventStore: store, queue }, events[44]!, at)).toEqual({ kind: 'dispatched', from: 0, to: 45, deliveries: 135, requeued: 0 });
    expect(commits).toHaveBeenCalledTimes(3);
    const expected = Array.from({ length: 45 }, (_, i) => i + 1);
    for (const id of ['e1', 'e2', 'e3']) expect(versionsQueued(queued, id, 't1')).toEqual(expected);
  });

  it('leaves out an endpoint deleted from the registry', async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'gone', url: 'https://hooks.example.com/g', at: before });
    await commandTestEndpoint(store, tenant, 'gone', { type: 'DeleteWebhookEndpoint' }, before);
    const [event] = await ticketEvents(store, 't1', 1);
    const { queue, queued } = recordingQueue();
    expect(await dispatchWebhooks({ eventStore: store, queue }, event!, at)).toEqual({ kind: 'no-endpoints' });
    expect(queued).toEqual([]);
  });

  it('keeps the order when dispatchers of the same record run at once: first queueings in version order', async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'ep-1', url: 'https://hooks.example.com/a', at: before });
    const events = await ticketEvents(store, 't1', 6);
    const { queue, queued } = recordingQueue();
    await Promise.all([5, 2, 6, 1, 4, 3].map((version) => dispatchWebhooks({ eventStore: store, queue }, events[version - 1]!, at)));
    // Repeats are the queue's to drop (deduplication id); what counts is each delivery's first queueing.
    const first = queued.filter((d, index) => queued.findIndex((other) => other.deliveryId === d.deliveryId) === index);
    expect(versionsQueued(first, 'ep-1', 't1')).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await readCursor(store, tenant, { aggregateType: 'ticket', aggregateId: 't1' })).cursor).toBe(6);
  });

  it('moves the cursor with one conditional item, however long the record: the first event after an endpoint writes O(1)', async () => {
    const store = new MemoryEventStore();
    const events = await ticketEvents(store, 't1', 260, '2029-06-01T00:00:00.000Z');
    await createTestEndpoint(store, tenant, { endpointId: 'ep-1', url: 'https://hooks.example.com/a', at: before });
    const late = await ticketEvents(store, 't2', 1);
    const { queue, queued } = recordingQueue();
    // Version 261 of a long ticket, the first event since the endpoint: one cursor item, no delivery
    // for the 260 versions before the endpoint.
    await store.commit({ tenant, at, meta: { actor: 'olga', commandId: 'c261', correlationId: 'corr' }, streams: [{ aggregateType: 'ticket', aggregateId: 't1', expectedVersion: 260, events: [{ type: 'TicketCommented', data: { ticketId: 't1', commentId: 'c261', body: 'hi', visibility: 'public' } }] }] });
    const v261 = (await store.load(tenant, 'ticket', 't1')).events.at(-1)!;
    const commits = vi.spyOn(store, 'commit');
    expect(await dispatchWebhooks({ eventStore: store, queue }, v261, at)).toEqual({ kind: 'dispatched', from: 0, to: 261, deliveries: 1, requeued: 0 });
    const items = (commit: Parameters<typeof store.commit>[0]) => commit.streams.reduce((n, s) => n + s.events.length, 0) + (commit.sequences?.length ?? 0);
    // The delivery, its plan and the pending mark; then the cursor settles.
    expect(commits.mock.calls.map(([commit]) => items(commit))).toEqual([3, 1]);
    expect(queued.map((d) => d.deliveryId)).toEqual([webhookDeliveryId('ep-1', 'ticket-t1-v261')]);
    expect(events).toHaveLength(260);
    // The next event: one item again.
    commits.mockClear();
    await dispatchWebhooks({ eventStore: store, queue }, late[0]!, at);
    expect(commits.mock.calls.map(([commit]) => items(commit))).toEqual([3, 1]);
  });
});

describe('what the webhook dispatcher never plans', () => {
  const commitOne = async (store: MemoryEventStore, aggregateType: string, aggregateId: string, type: string, data: unknown): Promise<StoredEvent> => {
    await store.commit({ tenant, at, meta: { actor: 'olga', commandId: `cmd-${aggregateId}`, correlationId: 'corr' }, streams: [{ aggregateType, aggregateId, expectedVersion: 0, events: [{ type, data }] }] });
    return (await store.load(tenant, aggregateType, aggregateId)).events[0]!;
  };

  it('private event types: not for an endpoint taking every type, nor for one that names them', async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'all', url: 'https://hooks.example.com/all', at: before });
    // Saved before the rule refused them (the fixture knows every catalogue type): planning still refuses.
    await createTestEndpoint(store, tenant, { endpointId: 'named', url: 'https://hooks.example.com/n', eventTypes: ['NoteWritten', 'MessageSent', 'TicketOpened'], at: before });
    const note = await commitOne(store, 'note', 'n1', 'NoteWritten', { noteId: 'n1', authorId: 'olga', body: 'my secret plan' });
    const message = await commitOne(store, 'message', 'm1', 'MessageSent', {
      messageId: 'm1', from: 'olga', to: { kind: 'user', userId: 'piotr' }, recipients: ['piotr'], subject: null, body: 'between us', cause: null,
    });
    const [ticket] = await ticketEvents(store, 't1', 1);
    const { queue, queued } = recordingQueue();
    for (const event of [note, message]) {
      expect(await dispatchWebhooks({ eventStore: store, queue }, event, at)).toMatchObject({ kind: 'dispatched', deliveries: 0 });
    }
    expect(queued).toEqual([]);
    await dispatchWebhooks({ eventStore: store, queue }, ticket!, at);
    expect(queued.map((d) => d.endpointId).toSorted()).toEqual(['all', 'named']);
  });
});

describe('a dispatcher that stopped between committing deliveries and queueing them', () => {
  const broken: WebhookQueue = { enqueue: async () => Promise.reject(new Error('queue unavailable')) };

  /** Two ticket events, the deliveries of both committed for `ep-1` (and `keep`), none queued. */
  const crashed = async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'ep-1', url: 'https://hooks.example.com/a', at: before });
    await createTestEndpoint(store, tenant, { endpointId: 'keep', url: 'https://hooks.example.com/k', eventTypes: ['TicketClosed'], at: before });
    const events = await ticketEvents(store, 't1', 3);
    await expect(dispatchWebhooks({ eventStore: store, queue: broken }, events[1]!, at)).rejects.toThrow('queue unavailable');
    const committed = [1, 2].map((v) => webhookDeliveryId('ep-1', webhookEventId({ aggregateType: 'ticket', aggregateId: 't1', version: v })));
    for (const id of committed) expect((await store.load(tenant, 'webhook-delivery', id)).version).toBe(1);
    return { store, events, committed };
  };

  const changes: Record<string, (store: MemoryEventStore) => Promise<void>> = {
    disabled: (store) => commandTestEndpoint(store, tenant, 'ep-1', { type: 'DisableWebhookEndpoint' }, at),
    deleted: (store) => commandTestEndpoint(store, tenant, 'ep-1', { type: 'DeleteWebhookEndpoint' }, at),
    'filtered out': (store) =>
      commandTestEndpoint(store, tenant, 'ep-1', { type: 'ChangeWebhookEndpoint', data: { eventTypes: ['TicketClosed'], rules: { local: true, knownEventTypes: ['TicketClosed'] } } }, at),
  };

  for (const [change, apply] of Object.entries(changes)) {
    it(`queues the deliveries it committed on the retry, though the endpoint is now ${change}`, async () => {
      const { store, events, committed } = await crashed();
      await apply(store);
      const { queue, queued } = recordingQueue();
      expect(await dispatchWebhooks({ eventStore: store, queue }, events[1]!, at)).toEqual({ kind: 'dispatched', from: 0, to: 2, deliveries: 0, requeued: 2 });
      expect(queued.map((d) => d.deliveryId)).toEqual(committed);
      expect((await readCursor(store, tenant, events[1]!)).pending).toBe(false);
    });
  }

  it('queues them when a later event of the record comes first, before the later one', async () => {
    const { store, events, committed } = await crashed();
    await changes.disabled!(store);
    const { queue, queued } = recordingQueue();
    expect(await dispatchWebhooks({ eventStore: store, queue }, events[2]!, at)).toEqual({ kind: 'dispatched', from: 0, to: 3, deliveries: 0, requeued: 2 });
    expect(queued.map((d) => d.deliveryId)).toEqual(committed);
    // Settled: the retry of the crashed event is a no-op.
    expect(await dispatchWebhooks({ eventStore: store, queue }, events[1]!, at)).toEqual({ kind: 'already-dispatched', cursor: 3 });
  });

  it('an earlier event that comes late goes as far as the pending plan: nothing it planned is left behind the cursor', async () => {
    const store = new MemoryEventStore();
    await createTestEndpoint(store, tenant, { endpointId: 'ep-1', url: 'https://hooks.example.com/a', at: before });
    const events = await ticketEvents(store, 't1', 5);
    const { queue, queued } = recordingQueue();
    await dispatchWebhooks({ eventStore: store, queue }, events[1]!, at); // v1–v2 settled
    // The run of v5 commits the deliveries of v3–v5 and its plan, then cannot queue them.
    await expect(dispatchWebhooks({ eventStore: store, queue: broken }, events[4]!, at)).rejects.toThrow('queue unavailable');
    await changes.disabled!(store);
    // v3 arrives late: it requeues v3–v5 and settles at 5, not at 3.
    expect(await dispatchWebhooks({ eventStore: store, queue }, events[2]!, at)).toEqual({ kind: 'dispatched', from: 2, to: 5, deliveries: 0, requeued: 3 });
    expect(versionsQueued(queued, 'ep-1', 't1')).toEqual([1, 2, 3, 4, 5]);
    expect(await dispatchWebhooks({ eventStore: store, queue }, events[4]!, at)).toEqual({ kind: 'already-dispatched', cursor: 5 });
  });

  it('a dispatcher that read the cursor before the plan was committed cannot settle past it', async () => {
    const { store, events, committed } = await crashed();
    await changes.disabled!(store);
    // This dispatcher's first read of the cursor predates the crashed run's commit (a stale view).
    const readSequence = store.readSequence.bind(store);
    vi.spyOn(store, 'readSequence').mockImplementationOnce(async () => 0).mockImplementation(readSequence);
    const { queue, queued } = recordingQueue();
    expect(await dispatchWebhooks({ eventStore: store, queue }, events[2]!, at)).toMatchObject({ kind: 'dispatched', to: 3, requeued: 2 });
    expect(queued.map((d) => d.deliveryId)).toEqual(committed);
  });
});
