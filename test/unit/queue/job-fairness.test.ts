import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalJobQueue, SqsJobQueue } from '../../../adapters/queue/job-queue.ts';
import { rebuildQueueEnv, rebuildQueueFromEnv } from '../../../adapters/queue/rebuild-queue.ts';
import { SqsReportQueue } from '../../../adapters/queue/report-queue.ts';
import { jobSliceSeconds, slicedRemainingMs } from '../../../contract/job-limits.ts';

/**
 * The job queues are fair across tenants (contract/job-limits.ts): every message is sent with its
 * tenant as message group (SQS fair queues), the local queue serves groups in turn, and a job's
 * handler sees only its slice of the invocation.
 */
const url = 'https://sqs.eu-central-1.amazonaws.com/123456789012/jobs';
const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

describe('SQS job messages carry their tenant as MessageGroupId', () => {
  it('imports, exports and continuations', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const queue = new SqsJobQueue(new SQSClient({ region: 'eu-central-1' }), url);
    await queue.send({ tenant: 'acme', jobId: 'j1' });
    await queue.send({ tenant: 'acme', jobId: 'j1', runId: 'r1' });
    await queue.send({ kind: 'export', tenant: 'globex', jobId: 'e1' });
    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: url, MessageBody: JSON.stringify({ tenant: 'acme', jobId: 'j1' }), MessageGroupId: 'acme' },
      { QueueUrl: url, MessageBody: JSON.stringify({ tenant: 'acme', jobId: 'j1', runId: 'r1' }), MessageGroupId: 'acme' },
      { QueueUrl: url, MessageBody: JSON.stringify({ kind: 'export', tenant: 'globex', jobId: 'e1' }), MessageGroupId: 'globex' },
    ]);
  });

  it('reports (with their retry delay) and projection rebuilds', async () => {
    sqs.on(SendMessageCommand).resolves({});
    await new SqsReportQueue(new SQSClient({ region: 'eu-central-1' }), url).send({ tenant: 'acme', jobId: 'r1' }, { delaySeconds: 30 });
    process.env[rebuildQueueEnv] = url;
    await rebuildQueueFromEnv().send({ kind: 'projection-rebuild', tenant: 'globex', jobId: 'b1' });
    delete process.env[rebuildQueueEnv];
    const inputs = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { QueueUrl: url, MessageBody: JSON.stringify({ tenant: 'acme', jobId: 'r1' }), MessageGroupId: 'acme', DelaySeconds: 30 },
      { QueueUrl: url, MessageBody: JSON.stringify({ kind: 'projection-rebuild', tenant: 'globex', jobId: 'b1' }), MessageGroupId: 'globex' },
    ]);
  });
});

describe('the local job queue serves tenants in turn', () => {
  const run = async (concurrency: number, send: (queue: LocalJobQueue) => Promise<void>) => {
    const queue = new LocalJobQueue();
    const order: string[] = [];
    queue.consume(
      async (body) => {
        const { tenant, jobId } = JSON.parse(body) as { tenant?: string; jobId?: string };
        order.push(`${tenant ?? 'none'}:${jobId ?? body}`);
        await new Promise((resolve) => setImmediate(resolve));
      },
      { concurrency },
    );
    await send(queue);
    await queue.drain();
    return order;
  };

  it("a tenant's backlog does not hold back a tenant that queued after it", async () => {
    const order = await run(1, async (queue) => {
      for (const jobId of ['1', '2', '3']) await queue.send({ tenant: 'a', jobId });
      await queue.send({ tenant: 'b', jobId: '1' });
      await queue.send({ tenant: 'c', jobId: '1' });
    });
    expect(order).toEqual(['a:1', 'b:1', 'c:1', 'a:2', 'a:3']);
  });

  it('a message without a group is a group of its own (as in SQS); with room for all, all run at once', async () => {
    const ungrouped = await run(1, async (queue) => {
      await queue.send({ tenant: 'a', jobId: '1' });
      await queue.send({ tenant: 'a', jobId: '2' });
      queue.sendRaw(JSON.stringify({ jobId: 'n1' }));
      queue.sendRaw(JSON.stringify({ jobId: 'n2' }));
    });
    expect(ungrouped).toEqual(['a:1', 'none:n1', 'none:n2', 'a:2']);
    const unlimited = await run(Infinity, async (queue) => {
      for (const jobId of ['1', '2']) await queue.send({ tenant: 'a', jobId });
    });
    expect(unlimited.sort()).toEqual(['a:1', 'a:2']);
  });

  it('keeps its at-least-once delivery: three receives, then the dead-letter queue', async () => {
    const queue = new LocalJobQueue();
    let receives = 0;
    queue.consume(
      async () => {
        receives += 1;
        throw new Error('boom');
      },
      { concurrency: 1 },
    );
    await queue.send({ tenant: 'a', jobId: 'x' });
    await queue.drain();
    expect(receives).toBe(queue.maxReceiveCount);
    expect(queue.deadLetters).toEqual([JSON.stringify({ tenant: 'a', jobId: 'x' })]);
  });
});

describe('a job message runs for one slice of its invocation', () => {
  it('the remaining time a handler sees reaches its reserve once the slice is spent, or at the end of the invocation if that comes first', () => {
    let left = 900_000;
    const remaining = slicedRemainingMs(() => left, 120_000, 60_000);
    expect(remaining()).toBe(180_000);
    left -= 60_000;
    expect(remaining()).toBe(120_000); // the slice is spent: at the reserve, the job continues in a new message
    const short = slicedRemainingMs(() => 100_000, 120_000);
    expect(short()).toBe(100_000); // already inside the reserve: unchanged
    expect(jobSliceSeconds).toBeGreaterThan(0);
  });
});
