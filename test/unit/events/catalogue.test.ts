import { describe, expect, it, vi } from 'vitest';
import {
  catalogue,
  eventTypes,
  InvalidEventError,
  readStored,
  UnknownEventError,
  validateForAppend,
} from '../../../contract/event-catalogue.ts';
import { ticketEvents } from '../../../events/support/ticket-events.ts';

/*
 * The log's catalogue is a module-level map built from the context modules' event lists
 * (contract/event-catalogue.ts). To exercise upcasting through it without adding a throwaway event, this
 * file (and only this file: test files run in their own module graph) mocks the ticket event list to
 * append three probe definitions:
 *
 * - `ProbeNoted` v3, published before as v1 `{ text }` and v2 `{ title, body? }`; v1 -> v2 renames
 *   `text` to `title`, v2 -> v3 defaults `body` and adds `tags: []`.
 * - `ProbeBroken` v2, whose v1 upcaster returns data the current schema refuses.
 * - `ProbeGappy` v3, which lists v2 as previous but not v1.
 *
 * The mock keeps every real ticket event, so the rest of the catalogue is the real one.
 */
vi.mock('../../../events/support/ticket-events.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../events/support/ticket-events.ts')>();
  const { z } = await import('zod');
  const { defineEvent } = await import('../../../events/define.ts');
  const probes = [
    defineEvent({
      type: 'ProbeNoted',
      version: 3,
      source: 'cronaca.test',
      description: 'Probe for the upcaster chain.',
      schema: z.strictObject({ title: z.string(), body: z.string(), tags: z.array(z.string()) }),
      previous: [
        {
          version: 1,
          schema: z.strictObject({ text: z.string() }),
          upcast: (data) => ({ title: (data as { text: string }).text }),
        },
        {
          version: 2,
          schema: z.strictObject({ title: z.string(), body: z.string().optional() }),
          upcast: (data) => {
            const v2 = data as { title: string; body?: string };
            return { title: v2.title, body: v2.body ?? '', tags: [] };
          },
        },
      ],
    }),
    defineEvent({
      type: 'ProbeBroken',
      version: 2,
      source: 'cronaca.test',
      description: 'Probe whose upcaster produces invalid data.',
      schema: z.strictObject({ count: z.number().int() }),
      previous: [{ version: 1, schema: z.strictObject({ count: z.string() }), upcast: (data) => data }],
    }),
    defineEvent({
      type: 'ProbeGappy',
      version: 3,
      source: 'cronaca.test',
      description: 'Probe with a missing previous version.',
      schema: z.strictObject({ n: z.number() }),
      previous: [{ version: 2, schema: z.strictObject({ n: z.string() }), upcast: (data) => ({ n: Number((data as { n: string }).n) }) }],
    }),
  ];
  return { ...original, ticketEvents: [...original.ticketEvents, ...probes] };
});

const realTicketTypes = [
  'TicketOpened',
  'TicketTaken',
  'TicketCommented',
  'TicketAssigned',
  'TicketStatusChanged',
  'TicketClosed',
  'TicketReopened',
];

const opened = {
  ticketId: 'tkt-1',
  number: 42,
  companyId: 'cmp-1',
  contactId: 'ct-1',
  subject: 'PC problem',
  description: 'It beeps',
  type: 'problem',
  priority: 'normal',
  assignee: { kind: 'group', groupId: 'support' },
};

const captured = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('catalogue', () => {
  it('holds every ticket event, by type, at its current version', () => {
    expect(eventTypes).toEqual(expect.arrayContaining(realTicketTypes));
    expect(ticketEvents.map((d) => d.type)).toEqual(expect.arrayContaining(realTicketTypes));
    for (const type of realTicketTypes) {
      const definition = catalogue.get(type);
      expect(definition, type).toBeDefined();
      // TicketOpened v2 may name the customer request that generated the ticket (widened-events.test.ts).
      expect(definition).toMatchObject(type === 'TicketOpened' ? { type, version: 2, source: 'cronaca.support' } : { type, version: 1, source: 'cronaca.support', previous: [] });
      expect(definition?.description).not.toBe('');
    }
  });

  it('has no duplicate event types', () => {
    expect(new Set(eventTypes).size).toBe(eventTypes.length);
  });
});

describe('validateForAppend', () => {
  it('returns valid data with the current schema version', () => {
    expect(validateForAppend('TicketOpened', opened)).toStrictEqual({ schemaVersion: 2, data: opened });
    expect(validateForAppend('ProbeNoted', { title: 't', body: 'b', tags: ['x'] })).toStrictEqual({
      schemaVersion: 3,
      data: { title: 't', body: 'b', tags: ['x'] },
    });
  });

  it('rejects an unknown event type', () => {
    const error = captured(() => validateForAppend('TicketExploded', {}));
    expect(error).toBeInstanceOf(UnknownEventError);
    expect(error).toMatchObject({ eventType: 'TicketExploded', message: 'unknown event TicketExploded' });
  });

  it('rejects invalid data, naming the path of each issue', () => {
    const error = captured(() => validateForAppend('TicketOpened', { ...opened, number: 0, assignee: { kind: 'user', userId: '' } }));
    expect(error).toBeInstanceOf(InvalidEventError);
    const invalidEvent = error as InvalidEventError;
    expect(invalidEvent.eventType).toBe('TicketOpened');
    expect(invalidEvent.issues.map((issue) => issue.path.join('.'))).toEqual(['number', 'assignee.userId']);
    expect(invalidEvent.message).toMatch(/^invalid TicketOpened: number .+; assignee\.userId .+/);
  });

  it('rejects a missing field, a wrong enum value and an unknown discriminator', () => {
    expect(() => validateForAppend('TicketCommented', { ticketId: 't', commentId: 'c', visibility: 'public' })).toThrow(
      /invalid TicketCommented: body /,
    );
    expect(() => validateForAppend('TicketClosed', { ticketId: 't', from: 'closed' })).toThrow(/invalid TicketClosed: from /);
    expect(() => validateForAppend('TicketStatusChanged', { ticketId: 't', from: 'open', to: 'closed' })).toThrow(
      /invalid TicketStatusChanged: to /,
    );
    expect(() => validateForAppend('TicketAssigned', { ticketId: 't', from: null, to: { kind: 'robot' } })).toThrow(
      /invalid TicketAssigned: to\.kind /,
    );
  });

  it('rejects unknown keys (strict schemas) and non-objects at the root', () => {
    expect(() => validateForAppend('TicketReopened', { ticketId: 't', extra: 1 })).toThrow(/\(root\) Unrecognized key: "extra"/);
    expect(() => validateForAppend('TicketTaken', null)).toThrow(/invalid TicketTaken: \(root\)/);
  });

  it('validates against the current version only', () => {
    expect(() => validateForAppend('ProbeNoted', { text: 'old shape' })).toThrow(InvalidEventError);
  });
});

describe('readStored', () => {
  it.each([
    ['TicketOpened', opened],
    ['TicketTaken', { ticketId: 't', takenBy: 'olga', previousAssignee: null }],
    ['TicketCommented', { ticketId: 't', commentId: 'c', body: 'b', visibility: 'internal' }],
    ['TicketAssigned', { ticketId: 't', from: { kind: 'user', userId: 'u' }, to: { kind: 'group', groupId: 'g' } }],
    ['TicketStatusChanged', { ticketId: 't', from: 'open', to: 'waiting_reply', commentId: 'c' }],
    ['TicketClosed', { ticketId: 't', from: 'in_progress' }],
    ['TicketReopened', { ticketId: 't', reason: 'r' }],
  ])('round-trips %s at the current version', (type, data) => {
    const appended = validateForAppend(type, data);
    // What is stored is plain JSON: read it back from a serialised copy.
    const stored: unknown = JSON.parse(JSON.stringify(appended.data));
    expect(readStored(type, appended.schemaVersion, stored)).toStrictEqual(data);
  });

  it('lifts the oldest version through every upcaster', () => {
    expect(readStored('ProbeNoted', 1, { text: 'hello' })).toStrictEqual({ title: 'hello', body: '', tags: [] });
  });

  it('lifts an intermediate version through the remaining upcasters', () => {
    expect(readStored('ProbeNoted', 2, { title: 'hello', body: 'world' })).toStrictEqual({
      title: 'hello',
      body: 'world',
      tags: [],
    });
  });

  it('reads the current version as is', () => {
    expect(readStored('ProbeNoted', 3, { title: 't', body: 'b', tags: ['x'] })).toStrictEqual({
      title: 't',
      body: 'b',
      tags: ['x'],
    });
  });

  it('validates old data against the schema it was written with', () => {
    expect(() => readStored('ProbeNoted', 1, { title: 'v2 shape stored as v1' })).toThrow(InvalidEventError);
    expect(() => readStored('ProbeNoted', 2, { title: 'x', extra: true })).toThrow(/Unrecognized key: "extra"/);
  });

  it('validates the result of the upcasters against the current schema', () => {
    expect(() => readStored('ProbeBroken', 1, { count: '3' })).toThrow(/invalid ProbeBroken: count /);
  });

  it('refuses a version with no upcaster', () => {
    const error = captured(() => readStored('ProbeGappy', 1, { n: '1' }));
    expect(error).toBeInstanceOf(UnknownEventError);
    expect(error).toMatchObject({ eventType: 'ProbeGappy', message: 'unknown event ProbeGappy v1' });
    expect(readStored('ProbeGappy', 2, { n: '7' })).toStrictEqual({ n: 7 });
  });

  it('refuses a version newer than the current one, and unknown types', () => {
    expect(() => readStored('TicketReopened', 2, { ticketId: 't' })).toThrow('unknown event TicketReopened v2');
    expect(() => readStored('ProbeNoted', 4, { title: 't', body: 'b', tags: [] })).toThrow('unknown event ProbeNoted v4');
    expect(() => readStored('TicketReopened', 0, { ticketId: 't' })).toThrow('unknown event TicketReopened v0');
    expect(() => readStored('TicketExploded', 1, {})).toThrow(UnknownEventError);
  });

  it('refuses stored data that does not match the current version', () => {
    expect(() => readStored('TicketClosed', 1, { ticketId: 't' })).toThrow(/invalid TicketClosed: from /);
  });
});
