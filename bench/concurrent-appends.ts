import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { measureRawRate, type RateResult } from './raw-transactions.ts';
import { runConcurrently, summarize, type Summary } from './stats.ts';
import { benchActor, commentTicket, CountingEventStore, openTicket } from './ticket-commands.ts';

/**
 * (c) Appends per second with `concurrency` writers on distinct tickets, against the raw rate
 * (the same number of concurrent one-put TransactWriteItems) measured in the same run, the paths
 * taking turns in `rounds` rounds.
 *
 * - command path: runCommand + ticket decider, CommentTicket on the writer's own tickets
 *   (strongly consistent Query of the stream -> decide -> one TransactWriteItems). This is the figure
 *   the target is checked against.
 * - commit only: EventStore.commit of a pre-built TicketCommented (validation + one transaction).
 * - open ticket, one tenant: OpenTicket from every writer in the same tenant. All of them advance the
 *   tenant's gapless ticket counter, so they serialise on one item (informative, no target).
 */

/** Rate plus the CPU the bench process (client side: SDK, zod, decide) spent per operation. */
export interface MeasuredRate extends RateResult {
  readonly cpuMsPerOp: number;
}

export interface PathRate extends MeasuredRate {
  readonly commits: number;
  readonly failedCommits: number;
  readonly loads: number;
}

export interface ConcurrentAppendsResult {
  readonly raw: MeasuredRate;
  readonly commandPath: PathRate;
  readonly commitOnly: MeasuredRate;
  readonly openOneTenant: PathRate & { readonly errors: number };
  /** commandPath.perSecond / raw.perSecond */
  readonly ratio: number;
  readonly eventsPerTicket: number;
}

const rate = (total: number, concurrency: number, wallMs: number, latency: Summary, cpu: NodeJS.CpuUsage): MeasuredRate => ({
  operations: total,
  concurrency,
  wallMs,
  perSecond: (total / wallMs) * 1000,
  latency,
  cpuMsPerOp: (cpu.user + cpu.system) / 1000 / total,
});

export const measureConcurrentAppends = async (
  db: DynamoDBDocumentClient,
  table: string,
  options: { total: number; concurrency: number; eventsPerTicket: number; openTotal: number; rounds: number },
): Promise<ConcurrentAppendsResult> => {
  const { total, concurrency, eventsPerTicket, rounds } = options;

  // Tickets to comment on, opened beforehand (sequentially: no counter contention), so that no
  // ticket grows beyond `eventsPerTicket` events and every writer has its own tickets.
  const tenant = 'bench-appends';
  const actor = benchActor(tenant);
  const setupStore = new EventStore(db, table);
  const perWriter = Math.ceil(total / concurrency);
  const ticketsPerWriter = Math.max(1, Math.ceil(perWriter / Math.max(1, eventsPerTicket - 1)));
  const tickets: string[][] = [];
  for (let w = 0; w < concurrency; w += 1) {
    const own: string[] = [];
    for (let t = 0; t < ticketsPerWriter; t += 1) {
      const id = randomUUID();
      await openTicket(setupStore, actor, id);
      own.push(id);
    }
    tickets.push(own);
  }

  // Warm the command path (module JIT, connection pool): one comment per writer, not measured.
  await Promise.all(tickets.map((own) => commentTicket(setupStore, actor, own[0]!)));

  /** Accumulates one path's rounds: wall time, latencies and the bench process's CPU. */
  const accumulator = () => {
    let wallMs = 0;
    let cpuMicros = 0;
    let operations = 0;
    const latencies: number[] = [];
    return {
      async round(operationsInRound: number, run: () => Promise<{ wallMs: number; latencies: number[] }>) {
        const cpu = process.cpuUsage();
        const result = await run();
        const used = process.cpuUsage(cpu);
        cpuMicros += used.user + used.system;
        wallMs += result.wallMs;
        operations += operationsInRound;
        latencies.push(...result.latencies);
      },
      result: (): MeasuredRate => rate(operations, concurrency, wallMs, summarize(latencies), { user: cpuMicros, system: 0 }),
    };
  };

  const rawPath = accumulator();
  const commandAcc = accumulator();
  const commitAcc = accumulator();
  const store = new CountingEventStore(db, table);
  const commitStore = new EventStore(db, table);
  const done = new Array<number>(concurrency).fill(0);
  const streams = Array.from({ length: concurrency }, () => ({ id: randomUUID(), version: 0 }));

  // The paths take turns (raw, command, commit; `rounds` times), so that none of them profits
  // alone from a warmer JVM or suffers alone from a growing table.
  for (let round = 0; round < rounds; round += 1) {
    const share = Math.floor(total / rounds) + (round < total % rounds ? 1 : 0);
    await rawPath.round(share, async () => {
      const result = await measureRawRate(db, table, { total: share, concurrency });
      return { wallMs: result.wallMs, latencies: result.latencies };
    });
    await commandAcc.round(share, () =>
      runConcurrently(share, concurrency, async (_index, worker) => {
        const own = tickets[worker]!;
        const ticketId = own[done[worker]! % own.length]!;
        done[worker]! += 1;
        await commentTicket(store, actor, ticketId);
      }),
    );
    // Commit only: each writer appends to its own stream, tracking the version itself.
    await commitAcc.round(share, () =>
      runConcurrently(share, concurrency, async (_index, worker) => {
        const stream = streams[worker]!;
        await commitStore.commit({
          tenant: 'bench-commit',
          at: new Date().toISOString(),
          meta: { actor: 'bench-operator', commandId: randomUUID(), correlationId: randomUUID() },
          streams: [
            {
              aggregateType: 'ticket',
              aggregateId: stream.id,
              expectedVersion: stream.version,
              events: [
                {
                  type: 'TicketCommented',
                  data: { ticketId: stream.id, commentId: randomUUID(), body: 'Tried again after a restart: same error.', visibility: 'public' },
                },
              ],
            },
          ],
        });
        stream.version += 1;
      }),
    );
  }
  const raw = rawPath.result();
  const commandPath: PathRate = { ...commandAcc.result(), commits: store.commits, failedCommits: store.failures, loads: store.loads };
  const commitOnly = commitAcc.result();

  // Every writer opens tickets in ONE tenant: the per-tenant ticket counter is a single hot item.
  const openStore = new CountingEventStore(db, table);
  const openActor = benchActor('bench-open-hot');
  let errors = 0;
  const cpu = process.cpuUsage();
  const openRun = await runConcurrently(options.openTotal, concurrency, async () => {
    try {
      await openTicket(openStore, openActor);
    } catch {
      errors += 1;
    }
  });
  const openOneTenant = {
    ...rate(options.openTotal, concurrency, openRun.wallMs, summarize(openRun.latencies), process.cpuUsage(cpu)),
    commits: openStore.commits,
    failedCommits: openStore.failures,
    loads: openStore.loads,
    errors,
  };

  return { raw, commandPath, commitOnly, openOneTenant, ratio: commandPath.perSecond / raw.perSecond, eventsPerTicket };
};
