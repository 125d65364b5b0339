import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import type { BusinessMetrics, CommandOutcomeLabel } from '../../../application/ports/business-metrics.ts';
import { runCommand, runDecision } from '../../../application/shared/command-runner.ts';
import { ConcurrentUpdateError, forbidden, invalid } from '../../../application/shared/errors.ts';
import type { Decider } from '../../../domain/shared/decider.ts';

/**
 * The command runner counts every command by type and outcome (application/ports/business-metrics.ts):
 * accepted, replayed from its idempotency record, conflict, rejected by the error's kind, failed.
 */
const at = '2030-01-02T03:04:05.000Z';
const tenant = 'acme';

const recording = () => {
  const counted: [string, CommandOutcomeLabel][] = [];
  const metrics: BusinessMetrics = {
    command: (type, outcome) => counted.push([type, outcome]),
    importChunk: () => undefined,
    mailsSent: () => undefined,
    webhookDelivery: () => undefined,
    projectionLag: () => undefined,
  };
  return { metrics, counted };
};

type Command = { readonly type: 'Rename'; readonly data: { readonly name: string } };
type State = { readonly name: string } | null;
const decider: Decider<Command, State, { type: 'GroupRenamed'; data: { groupId: string; name: string } }> = {
  initialState: null,
  decide: (command) => {
    if (command.data.name === '') throw invalid('name', 'must not be empty');
    if (command.data.name === 'root') throw forbidden('not yours');
    return [{ type: 'GroupRenamed', data: { groupId: 'thing-1', name: command.data.name } }];
  },
  evolve: (_state, event) => ({ name: (event.data as { name: string }).name }),
};

const rename = (store: MemoryEventStore, metrics: BusinessMetrics, name: string, options: { key?: string; expectedVersion?: number } = {}) =>
  runCommand({
    store,
    metrics,
    decider,
    actor: { tenant, userId: 'ada', role: 'admin', groups: [] },
    aggregateType: 'group',
    aggregateId: 'thing-1',
    command: { type: 'Rename', data: { name } },
    ...(options.key ? { idempotency: { key: `ada:${options.key}`, requestHash: name } } : {}),
    ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
    meta: { commandId: 'cmd', correlationId: 'corr' },
    now: () => at,
    result: ({ version }) => ({ version }),
  });

describe('command metrics', () => {
  it('counts a command under its type: accepted, replayed, conflict, rejected by kind', async () => {
    const store = new MemoryEventStore();
    const { metrics, counted } = recording();
    await rename(store, metrics, 'one', { key: 'k1' });
    await rename(store, metrics, 'one', { key: 'k1' });
    await expect(rename(store, metrics, 'two', { expectedVersion: 7 })).rejects.toThrow();
    await expect(rename(store, metrics, '')).rejects.toThrow();
    await expect(rename(store, metrics, 'root')).rejects.toThrow();
    await expect(rename(store, metrics, 'one', { key: 'k1' }).then(() => rename(store, metrics, 'other', { key: 'k1' }))).rejects.toThrow();

    expect(counted).toEqual([
      ['Rename', 'accepted'],
      ['Rename', 'replayed'],
      ['Rename', 'conflict'],
      ['Rename', 'rejected-invalid'],
      ['Rename', 'rejected-forbidden'],
      ['Rename', 'replayed'],
      ['Rename', 'rejected-key-reused'],
    ]);
  });

  it('a decision counts under the type its caller names; an unexpected error is `failed`, a lost race `conflict`', async () => {
    const store = new MemoryEventStore();
    const { metrics, counted } = recording();
    const decide = (error: Error) =>
      runDecision({
        store,
        tenant,
        metrics,
        commandType: () => 'MoveRequest',
        meta: { actor: 'ada', commandId: 'cmd', correlationId: 'corr' },
        now: () => at,
        decide: async () => {
          throw error;
        },
      });
    await expect(decide(new Error('boom'))).rejects.toThrow('boom');
    await expect(decide(new ConcurrentUpdateError())).rejects.toThrow();
    expect(counted).toEqual([
      ['MoveRequest', 'failed'],
      ['MoveRequest', 'conflict'],
    ]);
  });
});
