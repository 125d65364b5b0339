import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Live (non-zombie) members of a process group, read from /proc (Linux). */
const liveGroupMembersFromProc = (pgid: number): number[] => {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return members;
};

/**
 * Whether any process of the process group `pgid` is still running. Zombies (ended, not yet reaped
 * by init) do not count: they hold no port, memory or files.
 */
export const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return existsSync('/proc/self/stat') ? liveGroupMembersFromProc(pgid).length > 0 : true;
};

const signalGroup = (pgid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
};

/**
 * Stops a child spawned with `detached: true` (so it leads its own process group): SIGTERM to the
 * whole group, then SIGKILL if anything is still alive after `graceMs`. Resolves once the group is empty.
 */
export const stopProcessGroup = async (child: ChildProcess, graceMs = 5_000): Promise<void> => {
  const pgid = child.pid;
  if (pgid === undefined) return;
  if (process.platform === 'win32') {
    child.kill();
    return;
  }
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(25);
  if (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    const killDeadline = Date.now() + 5_000;
    while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(25);
  }
};

/** Synchronous last-resort kill for `process.on('exit')`, where nothing asynchronous runs any more. */
export const killProcessGroupSync = (child: ChildProcess): void => {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') child.kill('SIGKILL');
  else signalGroup(child.pid, 'SIGKILL');
};
