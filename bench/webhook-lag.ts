/**
 * Webhook delivery lag (issue 17, docs/webhooks.md "Pipeline"): from the moment a commit returns to
 * the moment a local receiver (node:http on 127.0.0.1) has the request, through the whole local
 * pipeline — stream poller, publisher, local bus, the real dispatcher, the local FIFO queue, the real
 * sender (10 s timeout, SSRF-safe client, Standard Webhooks signature).
 *
 * (a) one healthy endpoint; (b) the same healthy endpoint beside one that never answers (each of its
 * attempts times out after 10 s and is retried): the healthy endpoint's lag must not grow. One
 * ticket opened per `BENCH_WEBHOOK_INTERVAL_MS` (default 500), `BENCH_WEBHOOK_N` (default 60) per phase.
 *
 *   npm run bench:webhook-lag
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtNum, summarize, type Summary } from './stats.ts';

const n = envInt('BENCH_WEBHOOK_N', 60);
const intervalMs = envInt('BENCH_WEBHOOK_INTERVAL_MS', 500);
const warmup = 5;
const log = (line: string) => console.error(line);

const env = await startBenchEnvironment();
// The stack asks for an S3 endpoint; nothing here uses S3 (no reports, no imports).
process.env['AWS_ENDPOINT_URL_S3'] ??= 'http://127.0.0.1:9';
const { startLocalStack } = await import('../test/support/local-stack.ts');
const { createTestEndpoint } = await import('../test/support/webhook-fixtures.ts');
const { EventStore } = await import('../adapters/dynamodb/event-store.ts');

/** Arrival times (performance.now) of the first request per ticket id, per path. */
const arrivals = new Map<string, number>();
const hanging = new Set<() => void>();
/** Requests the timing-out endpoint received (its circuit breaker lets one probe through at a time). */
let slowRequests = 0;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const at = performance.now();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { record: { id: string } } };
    const key = `${request.url}|${body.data.record.id}`;
    if (!arrivals.has(key)) arrivals.set(key, at);
    if (process.env['BENCH_DEBUG']) log(`arrival ${key}`);
    if (request.url === '/slow') {
      slowRequests += 1;
      hanging.add(() => response.destroy());
      return;
    }
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const stack = await startLocalStack({ reports: false, rebuilds: false });
const store = new EventStore(env.db, env.tables.events);

const openTicket = async (tenant: string, ticketId: string): Promise<number> => {
  await store.commit({
    tenant,
    at: new Date().toISOString(),
    meta: { actor: 'bench', commandId: randomUUID(), correlationId: randomUUID() },
    streams: [{ aggregateType: 'ticket', aggregateId: ticketId, expectedVersion: 0, events: [{ type: 'TicketOpened', data: { ticketId, number: 1, companyId: 'c-1', subject: 'Bench', type: 'problem', priority: 'normal', assignee: null } }] }],
  });
  return performance.now();
};

const phase = async (name: string, paths: readonly string[]): Promise<Summary> => {
  const tenant = `bench-wh-${randomUUID().slice(0, 8)}`;
  for (const path of paths) {
    await createTestEndpoint(store, tenant, { endpointId: `ep${path.replace('/', '-')}`, url: `${receiverUrl}${path}`, at: new Date(Date.now() - 1000).toISOString() });
  }
  const committed = new Map<string, number>();
  for (let i = 0; i < warmup + n; i += 1) {
    const ticketId = `tk-${i}`;
    committed.set(ticketId, await openTicket(tenant, ticketId));
    await sleep(intervalMs);
  }
  const deadline = performance.now() + 30_000;
  const lagOf = (ticketId: string) => {
    const at = arrivals.get(`/ok|${ticketId}`);
    return at === undefined ? undefined : at - committed.get(ticketId)!;
  };
  while (performance.now() < deadline && [...committed.keys()].some((id) => lagOf(id) === undefined)) await sleep(50);
  const samples = [...committed.keys()].slice(warmup).map(lagOf).filter((lag): lag is number => lag !== undefined);
  const missing = n - samples.length;
  const summary = summarize(samples);
  log(`${name}: p50 ${fmtNum(summary.p50, 0)} ms, p99 ${fmtNum(summary.p99, 0)} ms, max ${fmtNum(summary.max, 0)} ms, n ${summary.n}, missing ${missing}, load ${loadavg()[0]!.toFixed(2)}, requests to the timing-out endpoint ${slowRequests}`);
  for (const key of [...arrivals.keys()]) arrivals.delete(key);
  return summary;
};

try {
  const alone = await phase('(a) one healthy endpoint', ['/ok']);
  const beside = await phase('(b) healthy beside a timing-out endpoint', ['/ok', '/slow']);
  console.log(`\nWebhook delivery lag, commit -> local receiver, ${n} tickets per phase, one per ${intervalMs} ms\n`);
  console.log('| phase | n | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|');
  for (const [name, s] of [['(a) one healthy endpoint', alone], ['(b) the healthy endpoint beside one that times out (10 s)', beside]] as const) {
    console.log(`| ${name} | ${s.n} | ${fmtNum(s.p50, 0)} ms | ${fmtNum(s.p90, 0)} ms | ${fmtNum(s.p99, 0)} ms | ${fmtNum(s.max, 0)} ms |`);
  }
  console.log(`\np99 (b) / p99 (a): ${fmtNum(beside.p99 / alone.p99, 2)}×`);
} finally {
  hanging.forEach((end) => end());
  server.closeAllConnections();
  server.close();
  await stack.stop();
  await env.stop();
}
