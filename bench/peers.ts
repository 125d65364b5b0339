/**
 * `npm run bench:peers`: our append against a peer's on ONE DynamoDB Local, the paths taking turns
 * (every append with 1 writer, every round with BENCH_PEERS_WRITERS [16]) so that none profits alone
 * from a warmer JVM or a quieter machine. Prints figures, asserts nothing.
 *
 * - castore: `pushEvent` of @castore/core + @castore/event-storage-adapter-dynamodb 2.4.2 (one
 *   conditioned PutItem per event), on a table of its own (its keys are `aggregateId`/`version`).
 *   That table has the NEW_IMAGE stream our events table has (contract/tables.ts): DynamoDB Local
 *   writes a stream record with every put, which costs it a quarter of its write rate or more, so a
 *   peer without one is measured on a lighter table, not with a lighter append.
 * - castore, no stream: the same on a table without a stream, as this bench ran before 2026-12-02
 *   (kept so that the figures stay comparable with the older ones, and the stream's share shows).
 * - ours: `EventStore.commit` of the same event (one conditioned PutItem since issue 12).
 * - ours, 2 items / raw, 2 items: a commit of one event with its idempotency record (what a POST with
 *   an Idempotency-Key commits) against a pre-built TransactWriteItems of the same two items, both on
 *   a second events table (so each single-event path has a table holding only its own items).
 * Workloads: new streams (version 1 of a fresh id) and existing streams (each writer its own stream).
 * Sizes: BENCH_PEERS_N [400] appends per path and workload with 1 writer, BENCH_PEERS_CONCURRENT_N
 * [1200] with the writers, in BENCH_PEERS_ROUNDS [4] rounds.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EventStore as CastoreEventStore, EventType } from '@castore/core';
import { DynamoDBSingleTableEventStorageAdapter } from '@castore/event-storage-adapter-dynamodb';
import { idempotencyKey, singletonVersion, streamKey } from '../adapters/dynamodb/event-keys.ts';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { eventsTable } from '../contract/tables.ts';
import { localAwsConfig } from '../local/dynamodb-local.ts';
import { ensureTables } from '../local/tables.ts';
import { startBenchEnvironment } from './environment.ts';
import { cpuSnapshot, foreignLoad } from './machine-load.ts';
import { envInt, fmtMs, fmtNum, runConcurrently, summarize, timed } from './stats.ts';

const n = envInt('BENCH_PEERS_N', 400);
const writers = envInt('BENCH_PEERS_WRITERS', 16);
const concurrentN = envInt('BENCH_PEERS_CONCURRENT_N', 1200);
const rounds = envInt('BENCH_PEERS_ROUNDS', 4);
const log = (line: string) => process.stderr.write(`[peers] ${line}\n`);

const paths = ['castore', 'castore, no stream', 'ours', 'ours, 2 items', 'raw, 2 items'] as const;
type Path = (typeof paths)[number];
type Workload = 'new' | 'existing';
const payload = (ticketId: string) => ({ ticketId, commentId: randomUUID(), body: 'Tried again after a restart: same error.', visibility: 'public' });
const meta = () => ({ actor: 'bench-operator', commandId: randomUUID(), correlationId: randomUUID() });

const env = await startBenchEnvironment();
const lowLevel = new DynamoDBClient({ ...localAwsConfig, endpoint: env.endpoint, maxAttempts: 3 });
try {
  const castoreTable = async (tableName: string, stream: boolean) => {
    await lowLevel.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'aggregateId', AttributeType: 'S' },
          { AttributeName: 'version', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'aggregateId', KeyType: 'HASH' },
          { AttributeName: 'version', KeyType: 'RANGE' },
        ],
        ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: eventsTable.stream } } : {}),
      }),
    );
    return new CastoreEventStore({
      eventStoreId: 'tickets',
      eventTypes: [new EventType({ type: 'TicketCommented' })],
      reducer: (_aggregate: unknown, event: { aggregateId: string; version: number }) => ({ aggregateId: event.aggregateId, version: event.version }),
      eventStorageAdapter: new DynamoDBSingleTableEventStorageAdapter({ tableName, dynamoDBClient: lowLevel }),
    });
  };
  const castore = await castoreTable('castore-events', true);
  const castoreNoStream = await castoreTable('castore-events-no-stream', false);
  const ours = new EventStore(env.db, env.tables.events);
  // The 2-item paths write to tables of their own: DynamoDB Local slows down as a table grows, so
  // every single-event path gets a table that holds only its own items, like Castore's.
  const multi = { events: 'bench-peers-multi-events', readModels: 'bench-peers-multi-read-models' };
  await ensureTables(lowLevel, multi);
  const oursMulti = new EventStore(env.db, multi.events);
  const table = multi.events;

  /** A stream per path and writer for the "existing" workload; the paths never share one. */
  const own = Object.fromEntries(paths.map((p) => [p, Array.from({ length: writers }, () => ({ id: randomUUID(), version: 0 }))])) as Record<Path, { id: string; version: number }[]>;
  const tenant = 'bench-peers';

  const appendOnce = async (path: Path, id: string, version: number): Promise<void> => {
    const at = new Date().toISOString();
    if (path === 'castore' || path === 'castore, no stream') {
      await (path === 'castore' ? castore : castoreNoStream).pushEvent({ aggregateId: id, version: version + 1, type: 'TicketCommented', payload: payload(id), metadata: meta() });
      return;
    }
    const event = { type: 'TicketCommented', data: payload(id) };
    if (path === 'ours') {
      await ours.commit({ tenant, at, meta: meta(), streams: [{ aggregateType: 'ticket', aggregateId: id, expectedVersion: version, events: [event] }] });
      return;
    }
    const key = `bench:${randomUUID()}`;
    const response = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    if (path === 'raw, 2 items') {
      const item = { pk: streamKey(tenant, 'ticket', id), version: version + 1, kind: 'event', tenant, aggregateType: 'ticket', aggregateId: id, ...event, schemaVersion: 1, meta: { ...meta(), tenant }, at };
      const record = { pk: idempotencyKey(tenant, key), version: singletonVersion, kind: 'idempotency', requestHash: 'h', result: JSON.stringify(response), createdAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + 86_400 };
      await env.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: table, Item: record, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return;
    }
    await oursMulti.commit({
      tenant,
      at,
      meta: meta(),
      streams: [{ aggregateType: 'ticket', aggregateId: id, expectedVersion: version, events: [event] }],
      idempotency: { key, requestHash: 'h', result: response },
    });
  };
  const append = async (path: Path, workload: Workload, writer: number) => {
    if (workload === 'new') return appendOnce(path, randomUUID(), 0);
    const stream = own[path][writer]!;
    await appendOnce(path, stream.id, stream.version);
    stream.version += 1;
  };

  log('warming up');
  for (let i = 0; i < 200; i += 1) await append(paths[i % paths.length]!, i % 8 < 4 ? 'new' : 'existing', 0);
  await runConcurrently(400, writers, (i, w) => append(paths[i % paths.length]!, 'new', w));

  const cpuBefore = cpuSnapshot(env.dynamoProcessGroup);
  const started = performance.now();
  const rows: string[] = [];
  for (const workload of ['new', 'existing'] as const) {
    log(`1 writer, ${workload} streams, ${n} appends per path`);
    const single = Object.fromEntries(paths.map((p) => [p, [] as number[]])) as Record<Path, number[]>;
    for (let i = 0; i < n * paths.length; i += 1) {
      const path = paths[i % paths.length]!;
      single[path].push((await timed(() => append(path, workload, 0))).ms);
    }
    log(`${writers} writers, ${workload} streams, ${concurrentN} appends per path in ${rounds} rounds`);
    const acc = Object.fromEntries(paths.map((p) => [p, { wallMs: 0, cpuMs: 0, latencies: [] as number[] }])) as Record<Path, { wallMs: number; cpuMs: number; latencies: number[] }>;
    for (let round = 0; round < rounds; round += 1) {
      const share = Math.floor(concurrentN / rounds) + (round < concurrentN % rounds ? 1 : 0);
      const order = round % 2 ? [...paths].reverse() : paths;
      for (const path of order) {
        const cpu = process.cpuUsage();
        const result = await runConcurrently(share, writers, (_i, w) => append(path, workload, w));
        const used = process.cpuUsage(cpu);
        acc[path].cpuMs += (used.user + used.system) / 1000;
        acc[path].wallMs += result.wallMs;
        acc[path].latencies.push(...result.latencies);
      }
    }
    const perSecond = (p: Path) => (acc[p].latencies.length / acc[p].wallMs) * 1000;
    for (const path of paths) {
      const s = summarize(single[path]);
      const c = summarize(acc[path].latencies);
      rows.push(`| ${workload} streams | ${path} | ${fmtMs(s.p50)} | ${fmtMs(s.p99)} | ${fmtNum(perSecond(path), 0)} | ${fmtMs(c.p50)} | ${fmtMs(c.p99)} | ${fmtNum(acc[path].cpuMs / acc[path].latencies.length, 3)} |`);
    }
    const p50 = (p: Path) => summarize(single[p]).p50;
    rows.push(`| ${workload} streams | ours / castore | ${fmtNum(p50('ours') / p50('castore'), 2)}× the time | | ${fmtNum(perSecond('ours') / perSecond('castore'), 2)}× the rate | | | |`);
    rows.push(`| ${workload} streams | ours / castore, no stream | ${fmtNum(p50('ours') / p50('castore, no stream'), 2)}× the time | | ${fmtNum(perSecond('ours') / perSecond('castore, no stream'), 2)}× the rate | | | |`);
    rows.push(`| ${workload} streams | ours, 2 items / raw | ${fmtNum(p50('ours, 2 items') / p50('raw, 2 items'), 2)}× the time | | ${fmtNum(perSecond('ours, 2 items') / perSecond('raw, 2 items'), 2)}× the rate | | | |`);
  }
  const load = foreignLoad(cpuBefore, cpuSnapshot(env.dynamoProcessGroup));
  const lines = [
    `Peers, ${new Date().toISOString()}, Node ${process.version}, measured section ${fmtNum((performance.now() - started) / 1000, 0)} s; ` +
      `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; other processes used ${load ? `${(load.otherProcesses * 100).toFixed(0)} %` : 'n/a'} of the machine's CPU` +
      `${load ? `, steal ${(load.steal * 100).toFixed(0)} %` : ''}.`,
    '',
    `| workload | path | 1 writer p50 | 1 writer p99 | ${writers} writers appends/s | ${writers} writers p50 | ${writers} writers p99 | bench process CPU ms per append (${writers} writers) |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  lowLevel.destroy();
  await env.stop();
}
