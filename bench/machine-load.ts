import { readdirSync, readFileSync } from 'node:fs';

/**
 * How much of the machine OTHER processes used while a section ran: the busy CPU time of the whole
 * machine (/proc/stat) minus this process (with its waited-for children: the cold-import processes)
 * minus DynamoDB Local's process group. On a shared machine (other engineers' test runs) this tells
 * which figures were measured on a busy box. Steal time (the hypervisor running other guests) is
 * reported apart. Interrupt time is left out: it is mostly this run's own loopback traffic. Linux
 * only; elsewhere nothing is reported.
 */
export interface CpuSnapshot {
  readonly busy: number;
  readonly steal: number;
  readonly total: number;
  readonly own: number;
  readonly dynamo: number;
}

const machineTicks = (): { busy: number; steal: number; total: number } => {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
  const busy = user! + nice! + system!;
  return { busy, steal: steal!, total: busy + steal! + irq! + softirq! + idle! + iowait! };
};

/** utime + stime (+ cutime + cstime when `children`) of a /proc/<pid>/stat line, and its process group. */
const processTicks = (stat: string, children: boolean): { ticks: number; pgrp: number } => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const ticks = fields[11]! + fields[12]! + (children ? fields[13]! + fields[14]! : 0);
  return { ticks, pgrp: fields[2]! };
};

const groupTicks = (pgrp: number | undefined): number => {
  if (pgrp === undefined) return 0;
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { ticks, pgrp: group } = processTicks(readFileSync(`/proc/${entry}/stat`, 'utf8'), false);
      if (group === pgrp) sum += ticks;
    } catch {
      // gone in the meantime
    }
  }
  return sum;
};

export const cpuSnapshot = (dynamoGroup?: number): CpuSnapshot | undefined => {
  try {
    const { busy, steal, total } = machineTicks();
    return { busy, steal, total, own: processTicks(readFileSync('/proc/self/stat', 'utf8'), true).ticks, dynamo: groupTicks(dynamoGroup) };
  } catch {
    return undefined;
  }
};

export interface ForeignLoad {
  /** Share of the machine's CPU capacity other processes of this machine used (0..1). */
  readonly otherProcesses: number;
  /** Share stolen by the hypervisor for other guests (0..1). */
  readonly steal: number;
}

/** What work other than this run took from the machine between two snapshots. */
export const foreignLoad = (before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): ForeignLoad | undefined => {
  if (!before || !after) return undefined;
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  const others = after.busy - before.busy - (after.own - before.own) - Math.max(0, after.dynamo - before.dynamo);
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return { otherProcesses: clamp(others / total), steal: clamp((after.steal - before.steal) / total) };
};
