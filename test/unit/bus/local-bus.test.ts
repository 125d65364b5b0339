import { describe, expect, it } from 'vitest';
import { eventOfBusDetail } from '../../../adapters/eventbridge/publisher.ts';
import { busRules, matchesPattern, patternOf } from '../../../contract/bus-rules.ts';
import { functions } from '../../../contract/functions.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import { LocalBus, type BusHandler } from '../../../local/bus.ts';

const stored = (type: string, aggregateType: string, data: unknown = {}): StoredEvent => ({
  aggregateType,
  aggregateId: 'x1',
  version: 2,
  type,
  data,
  at: '2026-05-04T09:00:00.000Z',
  meta: { tenant: 'acme', actor: 'olga', commandId: 'c', correlationId: 'k' },
});

describe('bus rules (contract/bus-rules.ts)', () => {
  it('every bus function has a rule, and nothing else has one', () => {
    const busFunctions = Object.entries(functions).filter(([, f]) => f.kind === 'bus').map(([name]) => name);
    expect(Object.keys(busRules).sort()).toEqual(busFunctions.sort());
  });

  it('takes each event type’s source from the catalogue and refuses unknown types', () => {
    expect(busRules.activityRelinker.pattern).toEqual({
      source: ['cronaca.activities', 'cronaca.directory'],
      detailType: ['LeadConverted', 'ActivityScheduled', 'ActivityDetailsChanged'],
    });
    expect(() => patternOf(['NoSuchEvent'])).toThrow(/NoSuchEvent/);
  });

  it('matches on both source and detail type', () => {
    const { pattern } = busRules.activityRelinker;
    expect(matchesPattern(pattern, { source: 'cronaca.directory', detailType: 'LeadConverted' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'cronaca.directory', detailType: 'LeadRegistered' })).toBe(false);
    expect(matchesPattern(pattern, { source: 'cronaca.support', detailType: 'LeadConverted' })).toBe(false);
  });
});

describe('LocalBus', () => {
  const rule = busRules.activityRelinker;

  it('delivers matching events to the target as EventBridge would, with the stored event as detail', async () => {
    const received: { detailType: string; source: string; event: StoredEvent }[] = [];
    const handler: BusHandler = async (event) => {
      received.push({ detailType: event['detail-type'], source: event.source, event: eventOfBusDetail(event.detail) });
    };
    const bus = new LocalBus([{ name: 'relinker', rule, handler }], { log: () => undefined });
    const converted = stored('LeadConverted', 'lead', { leadId: 'x1' });
    expect(await bus.publish([converted, stored('TicketOpened', 'ticket')])).toEqual([]);
    await bus.idle();
    expect(bus.published).toHaveLength(2);
    expect(received).toEqual([{ detailType: 'LeadConverted', source: 'cronaca.directory', event: converted }]);
  });

  it('retries a failing delivery, then gives it up as dead-lettered without failing the publisher', async () => {
    const lines: string[] = [];
    let calls = 0;
    const flaky: BusHandler = async () => {
      calls += 1;
      if (calls < 2) throw new Error('throttled');
    };
    const broken: BusHandler = async () => {
      throw new Error('boom');
    };
    const bus = new LocalBus(
      [
        { name: 'flaky', rule, handler: flaky },
        { name: 'broken', rule, handler: broken },
      ],
      { log: (line) => lines.push(line), attempts: 3, retryDelayMs: 1 },
    );
    expect(await bus.publish([stored('ActivityScheduled', 'activity')])).toEqual([]);
    await bus.idle();
    expect(calls).toBe(2);
    expect(lines.filter((line) => line.includes('broken: dead-lettered ActivityScheduled after 3 attempts: boom'))).toHaveLength(1);
  });

  it('refuses a detail that is not a stored event', () => {
    expect(() => eventOfBusDetail({ id: 'x', type: 'LeadConverted' })).toThrow();
  });
});
