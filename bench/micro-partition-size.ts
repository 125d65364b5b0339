/**
 * `node bench/micro-partition-size.ts` (≈ 2 minutes). Micro-benchmark: does DynamoDB Local's Query
 * time grow with the number of items in the queried partition when `begins_with` returns one item? Compares a growing partition ("big") with small ones
 * while the table grows by the same amount. It does (bench/RESULTS.md): why the directory's search
 * buckets are as long as each token kind allows (domain/directory/search/tokens.ts).
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startBenchEnvironment } from './environment.ts';
import { fmtMs, percentile, runConcurrently } from './stats.ts';

const env = await startBenchEnvironment();
const table = env.tables.readModels;
const write = async (items: Record<string, unknown>[]) => {
  for (let s = 0; s < items.length; s += 25) {
    let pending: unknown[] | undefined = items.slice(s, s + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length) {
      const r: { UnprocessedItems?: Record<string, unknown[]> } = await env.db.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = r.UnprocessedItems?.[table];
    }
  }
};
const key = (i: number) => String(i).padStart(7, '0');
const seed = async (pk: (i: number) => string, from: number, to: number) => {
  await runConcurrently(Math.ceil((to - from) / 100), 8, async (b) => {
    const items = [];
    for (let i = from + b * 100; i < Math.min(to, from + b * 100 + 100); i++) items.push({ pk: pk(i), sk: `c:c${key(i)}#co-${i}`, version: 0, aggregateId: `co-${i}` });
    await write(items);
  });
};
const q = async (pk: string, prefix: string) =>
  env.db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': pk, ':sk': prefix }, Limit: 201 }));
let seeded = 0;
try {
  for (const size of [1000, 10_000, 50_000]) {
    const t0 = performance.now();
    await seed(() => 'bench#big', seeded, size);                  // one partition holds them all
    await seed((i) => `bench#small#${i % 5000}`, seeded, size);   // the same number spread over 5,000 partitions
    console.error(`seeded ${size} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    seeded = size;
    for (const [label, pk] of [['big partition', () => 'bench#big'], ['small partition', (i: number) => `bench#small#${i % 5000}`]] as const) {
      const { latencies } = await runConcurrently(200, 1, async (k) => {
        const i = (k * 7919) % size;
        const r = await q(pk(i), `c:c${key(i)}#`);
        if (r.Items?.length !== 1) throw new Error(`expected 1 item, got ${r.Items?.length}`);
      });
      console.log(`${size}\t${label}\tp50 ${fmtMs(percentile(latencies, 50))}\tp99 ${fmtMs(percentile(latencies, 99))}`);
    }
  }
} finally {
  await env.stop();
}
