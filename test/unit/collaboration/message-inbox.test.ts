import { describe, expect, it } from 'vitest';
import { messageCounterOf, messageCountKeys, messageInboxProjection, previewOf, type MessageRow } from '../../../projections/collaboration/message-inbox.ts';
import { tallyOf } from '../../../projections/counters.ts';

// Fixed dates: nothing here depends on today.
const row = (body: string, readAt: Record<string, string> = {}): MessageRow => ({
  id: 'm-1',
  from: 'olga',
  to: { kind: 'group', groupId: 'sales' },
  recipients: ['tom', 'sam'],
  subject: null,
  body,
  cause: null,
  sentAt: '2030-05-14T09:00:00.000Z',
  readAt,
});

describe('the message inbox projection', () => {
  it('previews 200 code points: an emoji across the 200th UTF-16 unit stays whole', () => {
    const body = `${'a'.repeat(199)}😀${'b'.repeat(10)}`;
    // UTF-16 slicing would cut the emoji's surrogate pair in half.
    expect(body.slice(0, 200).endsWith('\uD83D')).toBe(true);
    expect(previewOf(body)).toBe(`${'a'.repeat(199)}😀`);
    expect([...previewOf('😀'.repeat(250))]).toHaveLength(200);
    expect(previewOf('short 😀')).toBe('short 😀');
    const satellites = messageInboxProjection.satellites!('acme', 'm-1', row(body));
    expect(satellites.every((item) => item['preview'] === `${'a'.repeat(199)}😀`)).toBe(true);
  });

  it('each unread mark counts 1 in its reader’s unread counter; inbox and sent items count nothing', () => {
    const satellites = messageInboxProjection.satellites!('acme', 'm-1', row('hi', { tom: '2030-05-14T10:00:00.000Z' }));
    expect(tallyOf(messageInboxProjection, satellites)).toEqual({ [JSON.stringify(['acme#message-counts#sam', 'unread'])]: 1 });
    expect(messageCountKeys.unread('acme', 'sam')).toEqual({ pk: 'acme#message-counts#sam', sk: 'unread' });
    expect(messageCounterOf({ pk: 'acme#messages#inbox#sam', sk: 's', version: 0, aggregateType: 'message', aggregateId: 'm-1', tenant: 'acme' })).toBeNull();
  });
});
