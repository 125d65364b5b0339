import { InvalidKeyPartError } from '../../adapters/dynamodb/event-keys.ts';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Commit, EventStorePort } from '../../application/ports/event-store.ts';
import {
  IdempotencyKeyTakenError,
  PrivateItemChangedError,
  PrivateItemExistsError,
  SequenceConflictError,
  StreamConflictError,
  UniqueKeyTakenError,
} from '../../application/ports/event-store-errors.ts';
import { InvalidEventError, UnknownEventError } from '../../events/catalogue.ts';
import { commented, commit, commitAt, opened } from './commit-fixtures.ts';

/**
 * What every `EventStorePort` does, run against DynamoDB Local (test/integration/event-store-contract.test.ts)
 * and the memory store (test/unit/memory-event-store.test.ts), so application tests on the memory
 * store mean what they would on DynamoDB. Each test works in a tenant of its own.
 */
export const describeEventStoreContract = (name: string, makeStore: () => EventStorePort): void => {
  const at = commitAt;
  const uniqueTenant = () => `t-${randomUUID().slice(0, 8)}`;

  const open = (id: string, expectedVersion = 0): Commit['streams'][number] => ({
    aggregateType: 'ticket',
    aggregateId: id,
    expectedVersion,
    events: [opened(id)],
  });

  describe(`event store contract: ${name}`, () => {
    it('appends events in one commit and loads them back in order, validated, with their metadata', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await store.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [opened('a'), commented('a', 'c1')] }]));
      const { events, version } = await store.load(tenant, 'ticket', 'a');
      expect(version).toBe(2);
      expect(events.map((e) => [e.version, e.type])).toEqual([
        [1, 'TicketOpened'],
        [2, 'TicketCommented'],
      ]);
      expect(events[0]).toMatchObject({ aggregateType: 'ticket', aggregateId: 'a', at, meta: { actor: 'olga', correlationId: 'corr', tenant } });
      expect(events[0]!.data).toEqual(opened('a').data);
      expect(await store.load(tenant, 'ticket', 'nothing')).toEqual({ events: [], version: 0 });
    });

    it('refuses an id that cannot be part of a key, on load and on commit, with the typed error', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await expect(store.load(tenant, 'ticket', 'a#b')).rejects.toBeInstanceOf(InvalidKeyPartError);
      await expect(store.load(tenant, 'ticket', '')).rejects.toBeInstanceOf(InvalidKeyPartError);
      await expect(store.commit(commit(tenant, [open('a#b')]))).rejects.toBeInstanceOf(InvalidKeyPartError);
    });

    it('reads a stream a page at a time, from after a given version', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await store.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [opened('a'), commented('a', 'c1'), commented('a', 'c2')] }]));
      const read = async (afterVersion?: number) => {
        const versions: number[] = [];
        for await (const page of store.pages(tenant, 'ticket', 'a', afterVersion === undefined ? {} : { afterVersion })) versions.push(...page.map((e) => e.version));
        return versions;
      };
      expect(await read()).toEqual([1, 2, 3]);
      expect(await read(1)).toEqual([2, 3]);
      expect(await read(3)).toEqual([]);
    });

    it('keeps tenants apart: the same aggregate, counter, claim and key in another tenant are others', async () => {
      const store = makeStore();
      const [a, b] = [uniqueTenant(), uniqueTenant()];
      await store.commit(
        commit(a, [open('x')], {
          sequences: [{ name: 'ticket', from: 0, to: 1 }],
          claims: [{ scope: 'vat', value: 'IT1', owner: 'x' }],
          idempotency: { key: 'k', requestHash: 'h', result: { statusCode: 201, headers: {}, body: '' } },
        }),
      );
      expect((await store.load(b, 'ticket', 'x')).version).toBe(0);
      expect(await store.readSequence(b, 'ticket')).toBe(0);
      expect(await store.readClaim(b, 'vat', 'IT1')).toBeUndefined();
      expect(await store.readIdempotency(b, 'k', at)).toBeNull();
    });

    it('refuses a second writer on the same version slot, naming the stream, and writes nothing', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await store.commit(commit(tenant, [open('a')]));
      const error = await store.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [opened('a', 2)] }])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamConflictError);
      expect(error).toMatchObject({ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0 });
      const { events } = await store.load(tenant, 'ticket', 'a');
      expect(events.map((e) => (e.data as { number: number }).number)).toEqual([1]);
    });

    it('lets exactly one of many colliding writers win; no event is lost or duplicated', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await store.commit(commit(tenant, [open('a')]));
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 1, events: [commented('a', `c${i}`)] }]))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StreamConflictError);
      expect((await store.load(tenant, 'ticket', 'a')).events.map((e) => e.version)).toEqual([1, 2]);
    });

    it('commits several streams atomically: one conflict leaves every stream untouched', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await store.commit(commit(tenant, [open('b')]));
      const both = (expectedB: number) => commit(tenant, [open('a'), { aggregateType: 'ticket', aggregateId: 'b', expectedVersion: expectedB, events: [commented('b', 'c1')] }]);
      const error = await store.commit(both(0)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamConflictError);
      expect(error).toMatchObject({ aggregateId: 'b', expectedVersion: 0 });
      expect((await store.load(tenant, 'ticket', 'a')).version).toBe(0);
      await store.commit(both(1));
      expect((await store.load(tenant, 'ticket', 'a')).version).toBe(1);
      expect((await store.load(tenant, 'ticket', 'b')).version).toBe(2);
    });

    it('writes nothing of a commit whose last item fails: no event, counter step, claim, release, lookup or key', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await store.commit(commit(tenant, [open('owner')], { claims: [{ scope: 'vat', value: 'taken', owner: 'owner' }, { scope: 'vat', value: 'old', owner: 'x' }] }));
      const error = await store
        .commit(
          commit(tenant, [open('x'), open('y')], {
            sequences: [{ name: 'ticket', from: 0, to: 1 }],
            claims: [{ scope: 'email', value: 'x@example.test', owner: 'x' }, { scope: 'vat', value: 'taken', owner: 'x' }],
            releases: [{ scope: 'vat', value: 'old', owner: 'x' }],
            lookups: { add: [{ scope: 'name', value: 'rossi', owner: 'x' }], remove: [] },
            idempotency: { key: 'k', requestHash: 'h', result: { statusCode: 201, headers: {}, body: '' } },
          }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UniqueKeyTakenError);
      expect(error).toMatchObject({ scope: 'vat', value: 'taken', owner: 'owner' });
      expect((await store.load(tenant, 'ticket', 'x')).version).toBe(0);
      expect((await store.load(tenant, 'ticket', 'y')).version).toBe(0);
      expect(await store.readSequence(tenant, 'ticket')).toBe(0);
      expect(await store.readClaim(tenant, 'email', 'x@example.test')).toBeUndefined();
      expect(await store.readClaim(tenant, 'vat', 'old')).toBe('x');
      expect(await store.readLookup(tenant, 'name', 'rossi')).toEqual([]);
      expect(await store.readIdempotency(tenant, 'k', at)).toBeNull();
    });

    it('claims a unique value: another owner is refused with the owner named, the same owner is harmless, a release frees it', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const claim = (owner: string) => commit(tenant, [open(owner)], { claims: [{ scope: 'vat', value: 'IT01234567890', owner }] });
      await store.commit(claim('first'));
      const error = await store.commit(claim('second')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UniqueKeyTakenError);
      expect(error).toMatchObject({ scope: 'vat', value: 'IT01234567890', owner: 'first' });
      expect((await store.load(tenant, 'ticket', 'second')).version).toBe(0);
      expect(await store.readClaim(tenant, 'vat', 'IT01234567890')).toBe('first');

      // Claiming again for the same owner (a record re-saving its own value) succeeds.
      await store.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'first', expectedVersion: 1, events: [commented('first', 'c1')] }], { claims: [{ scope: 'vat', value: 'IT01234567890', owner: 'first' }] }));
      expect(await store.readClaim(tenant, 'vat', 'IT01234567890')).toBe('first');

      // Only its owner can release it; released, another record can claim it.
      const foreign = await store.commit(commit(tenant, [], { releases: [{ scope: 'vat', value: 'IT01234567890', owner: 'second' }] })).catch((e: unknown) => e);
      expect(foreign).toBeInstanceOf(UniqueKeyTakenError);
      expect(await store.readClaim(tenant, 'vat', 'IT01234567890')).toBe('first');
      await store.commit(commit(tenant, [], { releases: [{ scope: 'vat', value: 'IT01234567890', owner: 'first' }] }));
      expect(await store.readClaim(tenant, 'vat', 'IT01234567890')).toBeUndefined();
      await store.commit(claim('second'));
      expect(await store.readClaim(tenant, 'vat', 'IT01234567890')).toBe('second');
      // Releasing a value nobody holds is harmless.
      await store.commit(commit(tenant, [], { releases: [{ scope: 'vat', value: 'free', owner: 'first' }] }));
    });

    it('20 parallel claims of one value: exactly one succeeds', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.commit(commit(tenant, [open(`r${i}`)], { claims: [{ scope: 'vat', value: 'PL5260250274', owner: `r${i}` }] }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(UniqueKeyTakenError);
    });

    it('advances a sequence only from the value the decision saw: gapless, a stale step is refused', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const next = (id: string, from: number) => commit(tenant, [{ ...open(id), events: [opened(id, from + 1)] }], { sequences: [{ name: 'ticket', from, to: from + 1 }] });
      expect(await store.readSequence(tenant, 'ticket')).toBe(0);
      expect(await store.readSequence(tenant, 'ticket', { hint: true })).toBe(0);
      await store.commit(next('a', 0));
      // A store's hint after its own commit is the value it committed.
      expect(await store.readSequence(tenant, 'ticket', { hint: true })).toBe(1);
      const error = await store.commit(next('b', 0)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SequenceConflictError);
      expect(error).toMatchObject({ sequence: 'ticket' });
      expect((await store.load(tenant, 'ticket', 'b')).version).toBe(0);
      await store.commit(next('b', 1));
      await store.commit(next('c', 2));
      await expect(store.commit(next('d', 1))).rejects.toBeInstanceOf(SequenceConflictError);
      expect(await store.readSequence(tenant, 'ticket')).toBe(3);
      expect(await store.readSequence(tenant, 'other')).toBe(0);
    });

    it('records the idempotency record with the events; a second commit with the key writes nothing; it expires by the caller\'s clock', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      // Any JSON result comes back exactly, key order included.
      const result = { id: 'a', version: 1, created: true, record: { zeta: 1, alpha: [{ b: 2, a: null }], name: 'Łódź' } };
      const withKey = (id: string) => commit(tenant, [open(id)], { idempotency: { key: 'olga:key-1', requestHash: 'h1', result } });
      await store.commit(withKey('a'));
      await expect(store.commit(withKey('b'))).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
      expect((await store.load(tenant, 'ticket', 'b')).version).toBe(0);
      const stored = await store.readIdempotency(tenant, 'olga:key-1', at);
      expect(stored).toEqual({ key: 'olga:key-1', requestHash: 'h1', result, createdAt: at });
      expect(JSON.stringify(stored?.result)).toBe(JSON.stringify(result));
      const later = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();
      expect(await store.readIdempotency(tenant, 'olga:key-1', later(23.9))).toMatchObject({ requestHash: 'h1' });
      expect(await store.readIdempotency(tenant, 'olga:key-1', later(24.1))).toBeNull();
      expect(await store.readIdempotency(tenant, 'olga:other', at)).toBeNull();
    });

    it('reports the idempotency key before any other failed condition of the same commit', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const idempotency = { key: 'olga:key-2', requestHash: 'h', result: { statusCode: 201, headers: {}, body: '{}' } };
      const first = commit(tenant, [open('a')], { sequences: [{ name: 'ticket', from: 0, to: 1 }], claims: [{ scope: 'vat', value: 'IT9', owner: 'a' }], idempotency });
      await store.commit(first);
      // The same request again: its slot, counter step and claim (for another owner) all fail too.
      const again = commit(tenant, [open('a')], { sequences: [{ name: 'ticket', from: 0, to: 1 }], claims: [{ scope: 'vat', value: 'IT9', owner: 'b' }], idempotency });
      const error = await store.commit(again).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdempotencyKeyTakenError);
      expect(error).toMatchObject({ key: 'olga:key-2' });
    });

    it('validates events on append: unknown types and invalid data are refused before anything is written', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const stream = { aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0 };
      await expect(store.commit(commit(tenant, [{ ...stream, events: [{ type: 'TicketVanished', data: {} }] }]))).rejects.toBeInstanceOf(UnknownEventError);
      const bad = { type: 'TicketOpened', data: { ticketId: 'a', number: -1, companyId: 'c', subject: 's', type: 't', priority: 'p', assignee: null } };
      const error = await store.commit(commit(tenant, [{ ...stream, events: [opened('a'), bad] }], { claims: [{ scope: 'vat', value: 'v', owner: 'a' }] })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as Error).message).toContain('number');
      expect((await store.load(tenant, 'ticket', 'a')).version).toBe(0);
      expect(await store.readClaim(tenant, 'vat', 'v')).toBeUndefined();
    });

    it('refuses a commit of more than 100 items and writes none of them', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const events = Array.from({ length: 100 }, (_, i) => commented('a', `c${i}`));
      const claims = [{ scope: 'vat', value: 'v', owner: 'a' }];
      await expect(store.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events }], { claims }))).rejects.toThrow(/at most 100 items/);
      expect((await store.load(tenant, 'ticket', 'a')).version).toBe(0);
      await store.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: events.slice(1) }], { claims }));
      expect((await store.load(tenant, 'ticket', 'a')).version).toBe(99);
    });

    it('keeps lookup values with the events: readable once committed, up to a limit, taken away, and never from a lost race', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const holders = Array.from({ length: 12 }, (_, i) => `h-${i}`);
      await Promise.all(holders.map((id) => store.commit(commit(tenant, [open(id)], { lookups: { add: [{ scope: 'name', value: 'rossi', owner: id }], remove: [] } }))));
      expect((await store.readLookup(tenant, 'name', 'rossi')).toSorted()).toEqual(holders.toSorted());
      expect(await store.readLookup(tenant, 'name', 'rossi', 5)).toHaveLength(5);
      expect(await store.readLookup(uniqueTenant(), 'name', 'rossi')).toEqual([]);

      // Moving a holder from one value to another; adding a value it holds already is harmless.
      const move = { add: [{ scope: 'name', value: 'bianchi', owner: 'h-0' }, { scope: 'name', value: 'verdi', owner: 'h-1' }], remove: [{ scope: 'name', value: 'rossi', owner: 'h-0' }] };
      await store.commit(commit(tenant, [], { lookups: move }));
      await store.commit(commit(tenant, [], { lookups: { add: [{ scope: 'name', value: 'verdi', owner: 'h-1' }], remove: [] } }));
      expect(await store.readLookup(tenant, 'name', 'bianchi')).toEqual(['h-0']);
      expect(await store.readLookup(tenant, 'name', 'verdi')).toEqual(['h-1']);
      expect(await store.readLookup(tenant, 'name', 'rossi')).not.toContain('h-0');
      expect(await store.readLookup(tenant, 'name', 'rossi')).toHaveLength(11);

      const error = await store.commit(commit(tenant, [open('h-2')], { lookups: { add: [{ scope: 'name', value: 'neri', owner: 'h-2' }], remove: [] } })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamConflictError);
      expect(await store.readLookup(tenant, 'name', 'neri')).toEqual([]);
    });

    it('refuses a commit that touches one item twice and writes nothing', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      await expect(store.commit(commit(tenant, [open('a'), open('a')]))).rejects.toThrow();
      await expect(
        store.commit(commit(tenant, [open('b')], { claims: [{ scope: 'vat', value: 'v', owner: 'b' }], releases: [{ scope: 'vat', value: 'v', owner: 'b' }] })),
      ).rejects.toThrow();
      expect((await store.load(tenant, 'ticket', 'a')).version).toBe(0);
      expect((await store.load(tenant, 'ticket', 'b')).version).toBe(0);
    });
    it('keeps private items with the events: created once, replaced at will, expired by the reader\'s clock, apart per tenant, global for API clients', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const other = uniqueTenant();
      const secretId = `s-${randomUUID().slice(0, 8)}`;
      const secret = (mode: 'create' | 'replace', value: string, expiresAt?: string) =>
        commit(tenant, [], { privateItems: [{ scope: 'webhook-secret', id: secretId, value: { secret: value, endpointId: 'e1' }, mode, ...(expiresAt ? { expiresAt } : {}) }] });
      await store.commit(secret('create', 'whsec_one'));
      expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant, id: secretId }, at)).toEqual({ tenant, value: { secret: 'whsec_one', endpointId: 'e1' } });
      expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant: other, id: secretId }, at)).toBeUndefined();

      // `create` on an existing item: refused, typed, and nothing else of the commit is written.
      const error = await store.commit({ ...secret('create', 'whsec_two'), streams: [open('p1')] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrivateItemExistsError);
      expect((await store.load(tenant, 'ticket', 'p1')).version).toBe(0);

      // `replace` overwrites; an item past its expiry is absent for a reader at or after that time.
      await store.commit(secret('replace', 'whsec_one', '2030-01-01T00:00:00.000Z'));
      expect((await store.readPrivateItem({ scope: 'webhook-secret', tenant, id: secretId }, '2029-12-31T23:59:59.000Z'))?.expiresAt).toBe('2030-01-01T00:00:00.000Z');
      expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant, id: secretId }, '2030-01-01T00:00:00.000Z')).toBeUndefined();

      // An API client's grant has no tenant in its key: found by its id alone, naming its tenant.
      const clientId = `c${randomUUID().replaceAll('-', '')}`;
      await store.commit(commit(tenant, [], { privateItems: [{ scope: 'api-client', id: clientId, value: { role: 'standard', revoked: false }, mode: 'create' }] }));
      expect(await store.readPrivateItem({ scope: 'api-client', id: clientId }, at)).toEqual({ tenant, value: { role: 'standard', revoked: false } });
      expect(await store.commit(commit(other, [], { privateItems: [{ scope: 'api-client', id: clientId, value: { role: 'admin', revoked: false }, mode: 'create' }] })).catch((e: unknown) => e)).toBeInstanceOf(
        PrivateItemExistsError,
      );
    });
    it('swaps a private item only from the revision its writer read: one of two racing writers wins, the other is told, typed', async () => {
      const store = makeStore();
      const tenant = uniqueTenant();
      const id = `e-${randomUUID().slice(0, 8)}`;
      const key = { scope: 'webhook-health', tenant, id } as const;
      const swap = (expectRevision: number, probe: string, streams: Commit['streams'] = []) =>
        commit(tenant, streams, { privateItems: [{ scope: 'webhook-health', id, value: { endpointId: id, probeClaimedAt: probe }, mode: 'swap', expectRevision }] });

      // From nothing (revision 0): the first swap writes revision 1; a second writer that also read 0 loses.
      await store.commit(swap(0, 'first'));
      expect(await store.readPrivateItem(key, at)).toEqual({ tenant, value: { endpointId: id, probeClaimedAt: 'first' }, revision: 1 });
      const lost = await store.commit({ ...swap(0, 'second'), streams: [open('s1')] }).catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(PrivateItemChangedError);
      expect((await store.load(tenant, 'ticket', 's1')).version).toBe(0);
      expect((await store.readPrivateItem(key, at))?.value['probeClaimedAt']).toBe('first');

      // From the revision read: accepted, alone (one item) or with events (a transaction).
      await store.commit(swap(1, 'third'));
      await store.commit(swap(2, 'fourth', [open('s2')]));
      expect(await store.readPrivateItem(key, at)).toEqual({ tenant, value: { endpointId: id, probeClaimedAt: 'fourth' }, revision: 3 });
      expect(await store.commit(swap(2, 'stale')).catch((e: unknown) => e)).toBeInstanceOf(PrivateItemChangedError);
      // A swapped item never expires: an expiry would hide it from readers (revision 0) while its stored revision still conditions the swap.
      await expect(store.commit({ ...swap(3, 'expiring'), privateItems: [{ scope: 'webhook-health', id, value: { endpointId: id }, mode: 'swap', expectRevision: 3, expiresAt: at }] })).rejects.toThrow('cannot expire');

      // An item no swap wrote (a `replace`) is at revision 0.
      const plain = `e-${randomUUID().slice(0, 8)}`;
      await store.commit(commit(tenant, [], { privateItems: [{ scope: 'webhook-health', id: plain, value: { endpointId: plain }, mode: 'replace' }] }));
      expect(await store.readPrivateItem({ scope: 'webhook-health', tenant, id: plain }, at)).toEqual({ tenant, value: { endpointId: plain } });
      expect(await store.commit(commit(tenant, [], { privateItems: [{ scope: 'webhook-health', id: plain, value: { endpointId: plain }, mode: 'swap', expectRevision: 1 }] })).catch((e: unknown) => e)).toBeInstanceOf(PrivateItemChangedError);
      await store.commit(commit(tenant, [], { privateItems: [{ scope: 'webhook-health', id: plain, value: { endpointId: plain }, mode: 'swap', expectRevision: 0 }] }));
      expect((await store.readPrivateItem({ scope: 'webhook-health', tenant, id: plain }, at))?.revision).toBe(1);
    });
  });
};
