import { describe, expect, it } from 'vitest';
import { LocalFifoQueue, type LocalFifoMessage } from '../../../adapters/queue/local-fifo-queue.ts';

/** A queue on a test clock: visibility waits pass when the test moves the clock, never by waiting. */
const setup = (options: { concurrency?: number; maxReceiveCount?: number; batchSize?: number } = {}) => {
  const clock = { ms: 1_000_000 };
  const queue = new LocalFifoQueue({ clock: () => clock.ms, visibilityTimeoutMs: 30_000, pollMs: 1, ...options });
  const advance = (ms: number) => {
    clock.ms += ms;
    queue.poke();
  };
  return { clock, queue, advance };
};

const entry = (groupId: string, body: string, deduplicationId = body) => ({ groupId, body, deduplicationId });

describe('the local FIFO queue', () => {
  it('hands out a group in order and holds it while one of its messages waits out a visibility', async () => {
    const { queue, advance } = setup({ batchSize: 1 });
    const seen: string[] = [];
    let failFirst = true;
    queue.consume(async (batch) => {
      const [message] = batch as [LocalFifoMessage];
      seen.push(message.body);
      if (message.body === 'a1' && failFirst) {
        failFirst = false;
        queue.changeVisibility(message.messageId, 60_000);
        return { failed: [message.messageId] };
      }
      return { failed: [] };
    });
    queue.send([entry('A', 'a1'), entry('A', 'a2'), entry('B', 'b1')]);
    await queue.idle();
    // a2 waits behind a1 (invisible for 60 s of the queue's clock); B is not held by A.
    expect(seen).toEqual(['a1', 'b1']);
    advance(59_999);
    await queue.idle();
    expect(seen).toEqual(['a1', 'b1']);
    advance(1);
    await queue.idle();
    expect(seen).toEqual(['a1', 'b1', 'a1', 'a2']);
    expect(queue.size).toBe(0);
  });

  it('drops a deduplication id seen within five minutes, and takes it again after', async () => {
    const { queue, advance } = setup();
    const seen: string[] = [];
    queue.consume(async (batch) => {
      seen.push(...batch.map((m) => m.body));
      return { failed: [] };
    });
    queue.send([entry('A', 'x', 'dedup-1')]);
    queue.send([entry('A', 'x', 'dedup-1')]);
    await queue.idle();
    expect(seen).toEqual(['x']);
    advance(5 * 60 * 1000);
    queue.send([entry('A', 'x', 'dedup-1')]);
    await queue.idle();
    expect(seen).toEqual(['x', 'x']);
  });

  it('moves a message received more than maxReceiveCount times to the dead letters, and counts receives', async () => {
    const { queue, advance } = setup({ maxReceiveCount: 3 });
    const counts: number[] = [];
    queue.consume(async (batch) => {
      counts.push(...batch.map((m) => m.receiveCount));
      return { failed: batch.map((m) => m.messageId) };
    });
    queue.send([entry('A', 'poison'), entry('A', 'next')]);
    for (let i = 0; i < 4; i += 1) {
      await queue.idle();
      advance(30_000);
    }
    await queue.idle();
    // Both in each batch (the group's consecutive messages), failed together: receive counts go up together.
    expect(counts).toEqual([1, 1, 2, 2, 3, 3]);
    expect(queue.deadLetters).toEqual(['poison', 'next']);
  });

  it('batches up to the batch size across groups, and runs N consumers at once', async () => {
    const { queue } = setup({ concurrency: 2, batchSize: 10 });
    const sizes: number[] = [];
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    queue.consume(async (batch) => {
      sizes.push(batch.length);
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
      return { failed: [] };
    });
    queue.send(Array.from({ length: 25 }, (_, i) => entry(`g${i}`, `m${i}`)));
    expect(sizes).toEqual([10, 10]);
    while (gates.length > 0 || queue.size > 0) {
      gates.splice(0).forEach((open) => open());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await queue.idle();
    expect(sizes).toEqual([10, 10, 5]);
    expect(most).toBe(2);
  });

  it('frees a group at once when its message is acknowledged while the batch is still running', async () => {
    const { queue } = setup({ concurrency: 2, batchSize: 2 });
    const seen: string[] = [];
    let release: (() => void) | undefined;
    queue.consume(async (batch) => {
      seen.push(...batch.map((m) => m.body));
      const slow = batch.find((m) => m.groupId === 'slow');
      for (const message of batch) if (message !== slow) queue.acknowledge(message.messageId);
      if (slow) await new Promise<void>((resolve) => (release = resolve));
      return { failed: [] };
    });
    queue.send([entry('slow', 's1'), entry('fast', 'f1')]);
    queue.send([entry('fast', 'f2')]);
    await new Promise((resolve) => setImmediate(resolve));
    // f2 went out in another batch while s1's batch still runs.
    expect(seen).toEqual(['s1', 'f1', 'f2']);
    release?.();
    await queue.idle();
    expect(queue.size).toBe(0);
  });
});
