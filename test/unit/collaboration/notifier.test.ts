import { describe, expect, it } from 'vitest';
import { notifyUsers, systemMessageId } from '../../../application/collaboration/notifier.ts';
import { messageDecider } from '../../../domain/collaboration/direct-message.ts';
import type { Locale, PeopleDirectory, UserProfile } from '../../../domain/access/people.ts';
import { loadState } from '../../../application/shared/load-state.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import { memoryDependencies } from '../../support/memory-dependencies.ts';
import { appendTo, quoteContent } from '../../support/sales-events.ts';

/**
 * The collaboration notifier's policy on the in-memory event store: who gets a system message for
 * which event, in which language, and that a redelivered event sends nothing new.
 */

const tenant = 'acme';
const at = '2030-05-14T09:00:00.000Z';
const locales: Record<string, Locale> = { olga: 'it', tom: 'en', pawel: 'pl', zsofi: 'hu' };

const people: PeopleDirectory = {
  user: async (t, userId) =>
    t === tenant && locales[userId]
      ? ({ tenant, userId, name: `${userId[0]!.toUpperCase()}${userId.slice(1)}`, email: `${userId}@x.test`, timezone: 'Europe/Rome', locale: locales[userId]!, role: 'standard', groups: [], active: true } satisfies UserProfile)
      : undefined,
  group: async () => undefined,
  users: async () => [],
  tenants: async () => [tenant],
};

let position = 0;
const event = (type: string, aggregateType: string, aggregateId: string, data: unknown, actor = 'olga'): StoredEvent => ({
  aggregateType,
  aggregateId,
  version: ++position,
  type,
  data,
  at,
  meta: { tenant, actor, commandId: `c-${position}`, correlationId: `corr-${position}` },
});

const setup = () => {
  const { eventStore, source } = memoryDependencies(at, { people });
  const messageFor = async (source_: StoredEvent, recipient: string) =>
    (await loadState(eventStore, tenant, 'message', systemMessageId(source_, recipient), messageDecider)).state;
  return { eventStore, source, messageFor };
};

const scheduled = (assignee: unknown, actor = 'olga') =>
  event('ActivityScheduled', 'activity', 'act-1', { activityId: 'act-1', details: { subject: 'Chiamare Rossi' }, assignee, status: 'planned' }, actor);

describe('the collaboration notifier', () => {
  it('tells a user an activity was assigned to them by someone else, in their language', async () => {
    const { source, messageFor } = setup();
    const source_ = scheduled({ kind: 'user', userId: 'tom' });
    expect(await notifyUsers(source, source_)).toBe(1);
    const message = await messageFor(source_, 'tom');
    expect(message).toMatchObject({
      from: 'system',
      to: { kind: 'user', userId: 'tom' },
      recipients: ['tom'],
      subject: 'An activity was assigned to you: Chiamare Rossi',
      cause: { eventType: 'ActivityScheduled', record: { type: 'activity', id: 'act-1' }, by: 'olga' },
    });
    expect(message?.body).toContain('Olga');
    expect(message?.body).toContain('/v1/activities/act-1');
  });

  it('sends nothing on self-assignment, nor for a group assignee', async () => {
    const { source } = setup();
    expect(await notifyUsers(source, scheduled({ kind: 'user', userId: 'olga' }))).toBe(0);
    expect(await notifyUsers(source, scheduled({ kind: 'group', groupId: 'sales' }))).toBe(0);
    expect(await notifyUsers(source, event('TicketAssigned', 'ticket', 't-1', { ticketId: 't-1', from: null, to: { kind: 'user', userId: 'tom' } }, 'tom'))).toBe(0);
  });

  it('is idempotent per source event: a redelivery writes nothing', async () => {
    const { eventStore, source, messageFor } = setup();
    const source_ = event('TicketAssigned', 'ticket', 't-1', { ticketId: 't-1', from: null, to: { kind: 'user', userId: 'pawel' } });
    expect(await notifyUsers(source, source_)).toBe(1);
    expect(await notifyUsers(source, source_)).toBe(0);
    expect((await eventStore.load(tenant, 'message', systemMessageId(source_, 'pawel'))).version).toBe(1);
    expect((await messageFor(source_, 'pawel'))?.subject).toBe('Przypisano Ci zgłoszenie');
  });

  it('sends two deliveries racing the same event exactly one message', async () => {
    const { eventStore, source } = setup();
    const source_ = event('TicketOpened', 'ticket', 't-2', { ticketId: 't-2', subject: 'Guasto', assignee: { kind: 'user', userId: 'zsofi' } });
    const sent = await Promise.all([notifyUsers(source, source_), notifyUsers(source, source_)]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await eventStore.load(tenant, 'message', systemMessageId(source_, 'zsofi'))).version).toBe(1);
  });

  it("tells the quote's operator when someone else accepted it, and not when they did", async () => {
    const { eventStore, source, messageFor } = setup();
    await appendTo(
      eventStore,
      tenant,
      { aggregateType: 'quote', aggregateId: 'q-1', expectedVersion: 0 },
      [{ type: 'QuoteDrafted', data: { quoteId: 'q-1', reference: 'Q-2027-00001', year: 2027, number: 1, content: quoteContent({ operatorId: 'olga' }) } }],
      { at },
    );
    const accepted = (actor: string) =>
      event('QuoteAccepted', 'quote', 'q-1', { quoteId: 'q-1', revision: 1, orderId: 'o-1', orderReference: 'SO-2027-00001', opportunityId: null }, actor);
    expect(await notifyUsers(source, accepted('olga'))).toBe(0);
    const byTom = accepted('tom');
    expect(await notifyUsers(source, byTom)).toBe(1);
    expect((await messageFor(byTom, 'olga'))?.subject).toBe('Il tuo preventivo Q-2027-00001 è stato accettato');
  });

  it('tells each user mentioned on the board, but not the author', async () => {
    const { source, messageFor } = setup();
    const posted = event('BoardMessagePosted', 'board-message', 'b-1', { messageId: 'b-1', authorId: 'olga', body: '@tom @zsofi @olga', mentions: ['tom', 'zsofi', 'olga'] });
    expect(await notifyUsers(source, posted)).toBe(2);
    expect((await messageFor(posted, 'zsofi'))?.subject).toBe('Megemlítettek a faliújságon');
    expect((await messageFor(posted, 'tom'))?.body).toContain('/v1/board/messages/b-1');
    expect(await messageFor(posted, 'olga')).toBeNull();
  });

  it('gives every system message a valid record id', () => {
    const id = systemMessageId(event('TicketAssigned', 'ticket', 'x'.repeat(100), {}), 'y'.repeat(100));
    expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/);
  });

  it('tells every active admin, in their language, that a webhook endpoint was disabled for failing; an admin disabling it tells nobody', async () => {
    const profile = (userId: string, role: 'admin' | 'standard', active = true): UserProfile =>
      ({ tenant, userId, name: userId, email: `${userId}@x.test`, timezone: 'Europe/Rome', locale: locales[userId] ?? 'en', role, groups: [], active }) satisfies UserProfile;
    const team = [profile('olga', 'admin'), profile('zsofi', 'admin'), profile('pawel', 'admin', false), profile('tom', 'standard')];
    const { eventStore, source } = memoryDependencies(at, { people: { ...people, users: async () => team } });
    const messageFor = async (source_: StoredEvent, recipient: string) =>
      (await loadState(eventStore, tenant, 'message', systemMessageId(source_, recipient), messageDecider)).state;
    const failing = event('WebhookEndpointDisabled', 'webhook-endpoint', 'ep-1', { endpointId: 'ep-1', reason: 'failing', failingSince: '2030-05-09T09:00:00.000Z' }, 'system:webhooks');
    expect(await notifyUsers(source, failing)).toBe(2);
    expect((await messageFor(failing, 'olga'))?.subject).toBe('Webhook ep-1 disattivato: le consegne non riescono da 5 giorni');
    expect((await messageFor(failing, 'zsofi'))?.subject).toBe('A(z) ep-1 webhook letiltva: a kézbesítések 5 napja sikertelenek');
    expect((await messageFor(failing, 'olga'))?.body).toBe('Avviso automatico di Cronaca: /v1/webhooks/ep-1');
    expect((await messageFor(failing, 'zsofi'))?.body).toBe('A Cronaca automatikus értesítése: /v1/webhooks/ep-1');
    expect(await messageFor(failing, 'pawel')).toBeNull();
    expect(await messageFor(failing, 'tom')).toBeNull();
    // Delivered again by the bus: nothing new.
    expect(await notifyUsers(source, failing)).toBe(0);
    const byAdmin = event('WebhookEndpointDisabled', 'webhook-endpoint', 'ep-1', { endpointId: 'ep-1', reason: 'admin' }, 'olga');
    expect(await notifyUsers(source, byAdmin)).toBe(0);
  });
});
