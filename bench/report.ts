import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { BundlesResult } from './bundles.ts';
import type { CapacityResult } from './capacity-units.ts';
import type { ConcurrentAppendsResult } from './concurrent-appends.ts';
import type { HttpOpenTicketResult } from './http-open-ticket.ts';
import type { ProjectionLagResult } from './projection-lag.ts';
import type { RawLatencyResult } from './raw-transactions.ts';
import type { ForeignLoad } from './machine-load.ts';
import { fmtBytes, fmtMs, fmtNum, type Summary } from './stats.ts';

/** Everything one run measured; a section is absent when it was skipped (BENCH_ONLY) or failed. */
export interface BenchResults {
  readonly startedAt: Date;
  readonly durationMs?: number;
  readonly config: Readonly<Record<string, number | string>>;
  readonly dynamoDbLocalRelease: string;
  /** 1-minute load average before the run started (other work on the machine skews every figure). */
  readonly loadAtStart: number;
  readonly raw?: RawLatencyResult;
  readonly http?: HttpOpenTicketResult;
  /** (b) again after the stream poller was stopped. */
  readonly httpQuiet?: HttpOpenTicketResult;
  readonly appends?: ConcurrentAppendsResult;
  readonly lag?: ProjectionLagResult;
  readonly capacity?: CapacityResult;
  readonly bundles?: BundlesResult;
  readonly errors: readonly { readonly section: string; readonly message: string }[];
  /** Every section: duration and the share of the machine other processes used meanwhile. */
  readonly sections?: readonly { readonly name: string; readonly seconds: number; readonly foreign?: ForeignLoad }[];
}

export const targets = {
  httpToRawP50: 2,
  appendsToRaw: 0.7,
  lagP99Ms: 1_000,
  bundleBytes: 1_000_000,
  coldImportMs: 200,
} as const;

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memory: string;
  readonly node: string;
  readonly os: string;
}

export const machine = (): Machine => {
  let cpuModel = 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch {
    // not Linux
  }
  let memory = 'unknown';
  try {
    const free = execFileSync('free', ['-h'], { encoding: 'utf8' });
    const mem = /^Mem:\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(free);
    memory = mem ? `${mem[1]} total, ${mem[3]} free at start (free -h)` : free.trim();
  } catch {
    // no `free`
  }
  let os = `${process.platform} ${process.arch}`;
  try {
    os = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // keep platform/arch
  }
  return { cpus: availableParallelism(), cpuModel, memory, node: process.version, os };
};

const verdict = (met: boolean | undefined): string => (met === undefined ? 'n/a' : met ? 'MET' : 'MISSED');
const pNN = (s: Summary): string => `p50 ${fmtMs(s.p50)} · p99 ${fmtMs(s.p99)}`;
const pct = (ratio: number): string => `${(ratio * 100).toFixed(0)}%`;

interface Row {
  readonly measure: string;
  readonly figure: string;
  readonly target: string;
  readonly met?: boolean;
}

/** The headline rows: every figure with its target. */
export const headlineRows = (r: BenchResults): Row[] => {
  const rows: Row[] = [];
  if (r.raw) {
    rows.push({ measure: '(a) raw TransactWriteItems, 1 conditioned put', figure: pNN(r.raw.latency), target: '— (baseline)' });
  }
  if (r.http) {
    const ratio = r.raw ? r.http.plain.p50 / r.raw.latency.p50 : Number.NaN;
    rows.push({ measure: '(b) POST /v1/tickets over local HTTP', figure: pNN(r.http.plain), target: '—' });
    rows.push({
      measure: '(b) POST /v1/tickets p50 ÷ (a) p50',
      figure: `${fmtNum(ratio, 2)}×`,
      target: `≤ ${targets.httpToRawP50}×`,
      ...(r.raw ? { met: ratio <= targets.httpToRawP50 } : {}),
    });
    if (r.http.raw) {
      rows.push({
        measure: '(b) p50 ÷ interleaved raw-transaction p50 (same conditions)',
        figure: `${fmtNum(r.http.plain.p50 / r.http.raw.p50, 2)}× (raw ${fmtMs(r.http.raw.p50)})`,
        target: `≤ ${targets.httpToRawP50}× (informative)`,
      });
    }
    if (r.httpQuiet?.raw) {
      rows.push({
        measure: '(b) with the stream poller stopped: p50 ÷ interleaved raw p50',
        figure: `${pNN(r.httpQuiet.plain)} = ${fmtNum(r.httpQuiet.plain.p50 / r.httpQuiet.raw.p50, 2)}× (raw ${fmtMs(r.httpQuiet.raw.p50)})`,
        target: `≤ ${targets.httpToRawP50}× (informative)`,
      });
    }
    if (r.http.floor) {
      rows.push({
        measure: '(b) its DynamoDB floor, interleaved (one 2-item TransactWriteItems, raw)',
        figure: `p50 ${fmtMs(r.http.floor.transaction.p50)} = ${fmtNum(r.http.floor.transaction.p50 / (r.http.raw?.p50 ?? Number.NaN), 2)}× the interleaved raw`,
        target: '—',
      });
    }
  }
  if (r.appends) {
    const a = r.appends;
    rows.push({ measure: `(c) raw rate, ${a.raw.concurrency} writers`, figure: `${fmtNum(a.raw.perSecond, 0)} tx/s`, target: '— (baseline)' });
    rows.push({
      measure: `(c) command path (load+decide+commit), ${a.commandPath.concurrency} writers`,
      figure: `${fmtNum(a.commandPath.perSecond, 0)} appends/s = ${pct(a.ratio)} of raw`,
      target: `≥ ${pct(targets.appendsToRaw)}`,
      met: a.ratio >= targets.appendsToRaw,
    });
  }
  if (r.lag) {
    rows.push({
      measure: '(d) projection lag commit -> gsi1 (open list)',
      figure: pNN(r.lag.lag) + (r.lag.timeouts ? ` (${r.lag.timeouts} timed out)` : ''),
      target: `p99 ≤ ${targets.lagP99Ms} ms`,
      met: r.lag.timeouts === 0 && r.lag.lag.p99 <= targets.lagP99Ms,
    });
  }
  if (r.capacity) {
    for (const row of r.capacity.rows) {
      rows.push({
        measure: `(e) ${row.name}`,
        figure: `${fmtNum(row.command.rcuPriced, 1)} RCU + ${fmtNum(row.command.wcuPriced, 1)} WCU` + (row.projection.wcu || row.projection.rcu ? `; projection ${fmtNum(row.projection.rcu, 1)} RCU + ${fmtNum(row.projection.wcu, 1)} WCU` : ''),
        target: '—',
      });
    }
  }
  if (r.bundles) {
    for (const f of r.bundles.failures) {
      rows.push({ measure: `(f) ${f.name} bundle`, figure: `FAILED: ${f.message.slice(0, 60)}`, target: '≤ 1 MB, ≤ 200 ms' });
    }
    for (const b of r.bundles.bundles) {
      rows.push({ measure: `(f) ${b.name} bundle size`, figure: fmtBytes(b.bytes), target: '≤ 1 MB', met: b.bytes <= targets.bundleBytes });
      rows.push({
        measure: `(f) ${b.name} cold import (median)`,
        figure: `${fmtMs(b.coldImport.p50)}; with --enable-source-maps ${fmtMs(b.coldImportSourceMaps.p50)}`,
        target: `≤ ${targets.coldImportMs} ms`,
        met: b.coldImport.p50 <= targets.coldImportMs && b.coldImportSourceMaps.p50 <= targets.coldImportMs,
      });
    }
  }
  return rows;
};

/** Fixed-width text table for the terminal. */
export const textTable = (rows: readonly Row[]): string => {
  const header = ['Measure', 'Figure', 'Target', 'Met?'];
  const cells = rows.map((row) => [row.measure, row.figure, row.target, verdict(row.met)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
};

const mdTable = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** The same figures as markdown, ready for bench/RESULTS.md. */
export const markdown = (r: BenchResults, m: Machine): string => {
  const out: string[] = [];
  out.push(`## Run of ${r.startedAt.toISOString()}`);
  out.push('');
  out.push(
    `Machine: ${m.cpus} CPUs (nproc), ${m.cpuModel}; memory ${m.memory}; ${m.os}; Node ${m.node}; DynamoDB Local \`${r.dynamoDbLocalRelease}\` (in memory, one instance for the whole run).`,
  );
  out.push(
    `Load average (1 min) before the run: ${fmtNum(r.loadAtStart, 2)}` +
      (r.loadAtStart > 0.5 * m.cpus ? ' — other work was running on the machine; figures are skewed accordingly.' : ' (quiet machine).'),
  );
  out.push(`Sizes: ${Object.entries(r.config).map(([k, v]) => `${k}=${v}`).join(', ')}.` + (r.durationMs ? ` Total run ${fmtNum(r.durationMs / 1000, 0)} s.` : ''));
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push(mdTable(['Measure', 'Figure', 'Target', 'Met?'], headlineRows(r).map((row) => [row.measure, row.figure, row.target, verdict(row.met)])));

  const latencyRow = (name: string, s: Summary) => [name, String(s.n), fmtMs(s.p50), fmtMs(s.p90), fmtMs(s.p99), fmtMs(s.max)];
  const latency: string[][] = [];
  if (r.raw) latency.push(latencyRow('(a) raw TransactWriteItems (1 put), sequential', r.raw.latency));
  if (r.http) {
    latency.push(latencyRow('(b) POST /v1/tickets over local HTTP (stream poller + projector running)', r.http.plain));
    if (r.http.idempotent) latency.push(latencyRow('(b) … with Idempotency-Key', r.http.idempotent));
    latency.push(latencyRow('(b) … the support handler invoked in-process (no HTTP, no JWT check)', r.http.inProcess));
    if (r.http.raw) latency.push(latencyRow('(b) … (a)\'s raw transaction, interleaved', r.http.raw));
    if (r.http.floor) {
      latency.push(latencyRow('(b) … its DynamoDB floor, raw, interleaved: TransactWriteItems (event put + counter put)', r.http.floor.transaction));
    }
  }
  if (r.httpQuiet) {
    latency.push(latencyRow('(b) POST /v1/tickets over local HTTP, stream poller stopped', r.httpQuiet.plain));
    latency.push(latencyRow('(b) … in-process, stream poller stopped', r.httpQuiet.inProcess));
    if (r.httpQuiet.raw) latency.push(latencyRow('(b) … (a)\'s raw transaction, interleaved, stream poller stopped', r.httpQuiet.raw));
  }
  if (r.lag) latency.push(latencyRow(`(d) projection lag to gsi1 (index polled every ${r.lag.pollMs} ms)`, r.lag.lag));
  if (latency.length) {
    out.push('', '### Latency', '', mdTable(['Measure', 'n', 'p50', 'p90', 'p99', 'max'], latency));
  }

  if (r.appends) {
    const a = r.appends;
    const rateRow = (name: string, x: ConcurrentAppendsResult['raw'], extra = '') => [
      name,
      String(x.operations),
      fmtNum(x.perSecond, 0),
      pct(x.perSecond / a.raw.perSecond),
      fmtMs(x.latency.p50),
      fmtMs(x.latency.p99),
      fmtNum(x.cpuMsPerOp, 2),
      extra,
    ];
    out.push('', `### Throughput, ${a.raw.concurrency} concurrent writers`, '');
    out.push(
      mdTable(
        ['Path', 'ops', 'ops/s', 'of raw', 'p50', 'p99', 'bench CPU ms/op', 'notes'],
        [
          rateRow('raw TransactWriteItems, 1 conditioned put', a.raw),
          rateRow(
            'command path: runCommand + ticket decider, CommentTicket (Query + TransactWriteItems)',
            a.commandPath,
            `distinct tickets, ≤ ${a.eventsPerTicket} events each; ${a.commandPath.failedCommits} failed commits`,
          ),
          rateRow('EventStore.commit only (pre-built TicketCommented)', a.commitOnly),
          rateRow(
            'OpenTicket, all writers in ONE tenant (shared ticket counter)',
            a.openOneTenant,
            `${a.openOneTenant.commits} commits for ${a.openOneTenant.operations} tickets (${a.openOneTenant.failedCommits} conflicts), ${a.openOneTenant.errors} errors`,
          ),
        ],
      ),
    );
  }

  if (r.capacity) {
    const c = r.capacity;
    out.push('', '### Capacity units per command (ReturnConsumedCapacity)', '');
    out.push(
      `DynamoDB Local returned ConsumedCapacity on ${c.reported} of ${c.requests} metered requests, but under-reports in two places, so the RCU and WCU columns apply AWS's pricing rules and show DynamoDB Local's own figure in brackets: TransactWriteItems is mis-reported (1, 2 or 3 small puts all report 2 WCU; two 3 KB puts report 6 instead of 12) — priced here at 2 WCU per started KB per item, from the marshalled item sizes; a Query that finds nothing is reported as 0 — AWS charges its minimum (1 RCU strongly consistent). Mean of ${c.rows[0]?.samples ?? 0} commands each, through the real support handler (in-process); projection = the projector applying the command's events.`,
    );
    out.push('');
    out.push(
      mdTable(
        ['Command', 'RCU (reported)', 'WCU (reported)', 'requests', 'projection RCU', 'projection WCU', 'projection requests'],
        c.rows.map((row) => [
          row.name,
          `${fmtNum(row.command.rcuPriced, 1)} (${fmtNum(row.command.rcu, 1)})`,
          `${fmtNum(row.command.wcuPriced, 1)} (${fmtNum(row.command.wcu, 1)})`,
          row.command.requests,
          fmtNum(row.projection.rcu, 1),
          fmtNum(row.projection.wcu, 1),
          row.projection.requests,
        ]),
      ),
    );
  }

  if (r.bundles) {
    out.push('', '### Lambda bundles', '');
    out.push(`Bundled with esbuild using ${r.bundles.source}. Cold import = median of fresh \`node\` processes timing \`await import(bundle)\`.`);
    out.push('');
    out.push(
      mdTable(
        ['Function', 'bundle', 'gzip', 'source map', 'largest inputs', 'cold import p50', 'with --enable-source-maps'],
        r.bundles.bundles.map((b) => [
          `${b.name} (\`${b.entry}\`)`,
          fmtBytes(b.bytes),
          fmtBytes(b.gzipBytes),
          fmtBytes(b.mapBytes),
          b.topInputs.map((i) => `${i.name} ${fmtBytes(i.bytes)}`).join(', '),
          `${fmtMs(b.coldImport.p50)} (n=${b.coldImport.runs}, max ${fmtMs(b.coldImport.max)})`,
          `${fmtMs(b.coldImportSourceMaps.p50)} (n=${b.coldImportSourceMaps.runs})`,
        ]),
      ),
    );
  }

  if (r.bundles?.failures.length) {
    out.push('');
    for (const f of r.bundles.failures) out.push(`- **${f.name}** (\`${f.entry}\`) could not be measured: ${f.message}`);
  }

  if (r.sections?.length) {
    out.push('', '### Sections', '');
    out.push(
      'Other processes = busy CPU of the whole machine (/proc/stat user+nice+system) minus the bench process (with its child processes) and DynamoDB Local; steal = time the hypervisor gave to other guests. Both as a share of the machine over the section; above ~10 % together, that section\'s figures are skewed.',
    );
    out.push('');
    out.push(
      mdTable(
        ['Section', 'duration', 'other processes', 'steal'],
        r.sections.map((s) => [
          s.name,
          `${fmtNum(s.seconds, 1)} s`,
          s.foreign ? `${(s.foreign.otherProcesses * 100).toFixed(0)}%` : 'n/a',
          s.foreign ? `${(s.foreign.steal * 100).toFixed(0)}%` : 'n/a',
        ]),
      ),
    );
  }

  if (r.errors.length) {
    out.push('', '### Sections that failed', '');
    for (const e of r.errors) out.push(`- ${e.section}: ${e.message}`);
  }
  return out.join('\n');
};
