import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import type { Commit } from '../../../application/ports/event-store.ts';
import type { Idempotency } from '../../../application/shared/command-context.ts';
import { runDecision } from '../../../application/shared/command-runner.ts';
import { conceal, revealed, type Concealed } from '../../../application/shared/concealed-result.ts';
import { IdempotencyKeyReusedError, conflict } from '../../../application/shared/errors.ts';

/**
 * A result shown once with a secret in it (command-runner.ts `Decision.storedResult` + `reveal`): the
 * idempotency record keeps the result with the secret replaced by a reference to its private item,
 * and every replay — the read before deciding, and a commit that finds the key taken — reads the
 * secret back and answers the first result, key order included.
 */
const at = '2030-01-02T03:04:05.000Z';
const tenant = 'acme';

interface Shown {
  readonly id: string;
  readonly secret: string;
  readonly version: number;
}
type Stored = Concealed<Shown, 'secret', { readonly secretId: string }>;

/** Runs "create a thing with a secret": the secret goes to a private item, the record names it. */
const createWithSecret = (store: MemoryEventStore, options: { idempotency?: Idempotency; secret: string; secretId: string; noReveal?: boolean }) => {
  let decisions = 0;
  let reveals = 0;
  const outcome = runDecision<Shown, Stored>({
    store,
    tenant,
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    meta: { actor: 'ada', commandId: 'cmd', correlationId: 'corr' },
    now: () => at,
    ...(options.noReveal
      ? {}
      : {
          reveal: async (stored: Stored) => {
            reveals += 1;
            const item = await store.readPrivateItem({ scope: 'webhook-secret', tenant, id: stored.secret.secretId }, at);
            if (typeof item?.value['secret'] !== 'string') throw conflict('the secret is gone');
            return revealed(stored, 'secret', item.value['secret']);
          },
        }),
    decide: async () => {
      decisions += 1;
      const result: Shown = { id: 'thing-1', secret: options.secret, version: 1 };
      return {
        streams: [],
        privateItems: [{ scope: 'webhook-secret', id: options.secretId, value: { secret: options.secret, endpointId: 'thing-1' }, mode: 'create' }],
        result,
        storedResult: conceal(result, 'secret', { secretId: options.secretId }),
      };
    },
  });
  return { outcome, decisions: () => decisions, reveals: () => reveals };
};

const key: Idempotency = { key: 'ada:k1', requestHash: 'h1' };
const recordText = async (store: MemoryEventStore) => JSON.stringify(await store.readIdempotency(tenant, key.key, at));

describe('a secret result kept out of the idempotency record', () => {
  it('stores the reference, never the secret, and a replay answers the same result byte for byte', async () => {
    const store = new MemoryEventStore();
    const first = await createWithSecret(store, { idempotency: key, secret: 'whsec_first', secretId: 's1' }).outcome;
    expect(first).toEqual({ result: { id: 'thing-1', secret: 'whsec_first', version: 1 }, replayed: false });

    const record = await store.readIdempotency(tenant, key.key, at);
    expect(record?.result).toEqual({ id: 'thing-1', secret: { secretId: 's1' }, version: 1 });
    expect(await recordText(store)).not.toContain('whsec_first');

    const again = createWithSecret(store, { idempotency: key, secret: 'whsec_other', secretId: 's2' });
    const replayed = await again.outcome;
    expect(replayed.replayed).toBe(true);
    expect(JSON.stringify(replayed.result)).toBe(JSON.stringify(first.result));
    expect([again.decisions(), again.reveals()]).toEqual([0, 1]);
    // Nothing of the replay was written.
    expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant, id: 's2' }, at)).toBeUndefined();
  });

  it('another request under the key is refused before anything is revealed', async () => {
    const store = new MemoryEventStore();
    await createWithSecret(store, { idempotency: key, secret: 'whsec_first', secretId: 's1' }).outcome;
    const other = createWithSecret(store, { idempotency: { ...key, requestHash: 'h2' }, secret: 'whsec_other', secretId: 's2' });
    await expect(other.outcome).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(other.reveals()).toBe(0);
  });

  it('a commit that finds the key taken (a concurrent request won) answers the winner’s secret, revealed', async () => {
    const store = new MemoryEventStore();
    const winner = await createWithSecret(store, { idempotency: key, secret: 'whsec_winner', secretId: 's1' }).outcome;
    // This request read no record (keys almost always new, or the winner committed after the read): it decides and loses the commit.
    const loser = createWithSecret(store, { idempotency: { ...key, lookupFirst: false }, secret: 'whsec_loser', secretId: 's2' });
    const outcome = await loser.outcome;
    expect(outcome).toEqual({ result: winner.result, replayed: true });
    expect([loser.decisions(), loser.reveals()]).toEqual([1, 1]);
    expect(await recordText(store)).not.toContain('whsec_');
    // The loser's secret item went with its failed commit.
    expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant, id: 's2' }, at)).toBeUndefined();
  });

  it('the same after a first read that found nothing: the winner committed between the read and the commit', async () => {
    const store = new MemoryEventStore();
    const read = store.readIdempotency.bind(store);
    let reads = 0;
    store.readIdempotency = async (...args) => (reads++ === 0 ? null : read(...args));
    const first = await createWithSecret(store, { idempotency: key, secret: 'whsec_winner', secretId: 's1' }).outcome;
    expect(first.replayed).toBe(false);
    reads = 0;
    const late = createWithSecret(store, { idempotency: key, secret: 'whsec_late', secretId: 's2' });
    expect(await late.outcome).toEqual({ result: first.result, replayed: true });
    expect([late.decisions(), late.reveals(), reads]).toEqual([1, 1, 2]);
  });

  it('a replay whose secret is gone answers what reveal decides (here a conflict), never the reference', async () => {
    const store = new MemoryEventStore();
    await createWithSecret(store, { idempotency: key, secret: 'whsec_first', secretId: 's1' }).outcome;
    // The secret erased since (an endpoint deleted, a client revoked).
    await store.commit({
      tenant,
      at,
      meta: { actor: 'ada', commandId: 'c2', correlationId: 'corr' },
      streams: [],
      privateItems: [{ scope: 'webhook-secret', id: 's1', value: { secret: null, endpointId: 'thing-1' }, mode: 'replace', expiresAt: at }],
    } satisfies Commit);
    await expect(createWithSecret(store, { idempotency: key, secret: 'whsec_other', secretId: 's2' }).outcome).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('refuses a stored result without a reveal (it could never be replayed), committing nothing', async () => {
    const store = new MemoryEventStore();
    await expect(createWithSecret(store, { idempotency: key, secret: 'whsec_first', secretId: 's1', noReveal: true }).outcome).rejects.toThrow(/no reveal/);
    expect(await store.readIdempotency(tenant, key.key, at)).toBeNull();
    expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant, id: 's1' }, at)).toBeUndefined();
  });

  it('conceal and revealed keep the secret field in its place (a replay renders the same bytes)', () => {
    const shown: Shown = { id: 'a', secret: 's', version: 2 };
    const stored = conceal(shown, 'secret', { secretId: 'x' });
    expect(Object.keys(stored)).toEqual(['id', 'secret', 'version']);
    expect(JSON.stringify(revealed(stored, 'secret', 's'))).toBe(JSON.stringify(shown));
  });
});
