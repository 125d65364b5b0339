import { describe, expect, it } from 'vitest';
import { locales } from '../../../domain/access/people.ts';
import { noticeEventTypes, noticesOf, renderNotice, type Notice, type NoticeKind } from '../../../domain/collaboration/system-messages.ts';
import { busRules } from '../../../contract/bus-rules.ts';

const event = (type: string, data: unknown, actor = 'olga') => ({ aggregateType: 'x', aggregateId: 'r-1', version: 1, type, data, meta: { actor } });
const kinds: NoticeKind[] = ['activity_assigned', 'ticket_assigned', 'quote_accepted', 'board_mention', 'webhook_disabled'];

describe('system notices', () => {
  it('the bus rule delivers exactly the event types the planner reads', () => {
    expect([...(busRules.collaborationNotifier.pattern.detailType ?? [])].sort()).toEqual([...noticeEventTypes].sort());
    expect(busRules.collaborationNotifier.pattern.source).toEqual(expect.arrayContaining(['cronaca.activities', 'cronaca.support', 'cronaca.sales', 'cronaca.collaboration']));
  });

  it('a reassignment to a user by someone else tells that user; to a group or by themself, nobody', () => {
    expect(noticesOf(event('ActivityReassigned', { activityId: 'r-1', from: { kind: 'user', userId: 'olga' }, to: { kind: 'user', userId: 'tom' } }))).toEqual([
      { kind: 'activity_assigned', recipient: 'tom', record: { type: 'activity', id: 'r-1' }, by: 'olga', title: null },
    ]);
    expect(noticesOf(event('ActivityReassigned', { activityId: 'r-1', from: null, to: { kind: 'group', groupId: 'g' } }))).toEqual([]);
    expect(noticesOf(event('TicketOpened', { ticketId: 'r-1', subject: 'S', assignee: null }))).toEqual([]);
    expect(noticesOf(event('TicketOpened', { ticketId: 'r-1', subject: 'S', assignee: { kind: 'user', userId: 'olga' } }))).toEqual([]);
  });

  it('given an activity scheduled for tom by olga, when it is open, then tom is told; when logged done or not done, nobody', () => {
    const scheduled = (status: string) =>
      event('ActivityScheduled', { activityId: 'r-1', details: { subject: 'Call' }, assignee: { kind: 'user', userId: 'tom' }, status });
    for (const status of ['planned', 'in_progress']) {
      expect(noticesOf(scheduled(status))).toEqual([{ kind: 'activity_assigned', recipient: 'tom', record: { type: 'activity', id: 'r-1' }, by: 'olga', title: 'Call' }]);
    }
    expect(noticesOf(scheduled('done'))).toEqual([]);
    expect(noticesOf(scheduled('not_done'))).toEqual([]);
  });

  it('mentions: each user once, never the author; an edit tells only its new mentions', () => {
    expect(noticesOf(event('BoardMessageEdited', { messageId: 'r-1', mentions: ['tom', 'tom', 'olga'], allMentions: ['tom', 'sam', 'olga'] })).map((n) => n.recipient)).toEqual(['tom']);
  });

  it('other events tell nobody', () => {
    expect(noticesOf(event('QuoteAccepted', { quoteId: 'r-1' }))).toEqual([]);
    expect(noticesOf(event('CompanyRegistered', {}))).toEqual([]);
  });

  it('every kind has a subject and a body in every language, different across languages', () => {
    for (const kind of kinds) {
      const notice: Notice = { kind, recipient: 'tom', record: { type: 'ticket', id: 't-1' }, by: 'olga', title: 'T-1' };
      const subjects = locales.map((locale) => renderNotice(notice, locale, 'Olga').subject);
      expect(subjects.every((subject) => subject.length > 5)).toBe(true);
      expect(new Set(subjects).size).toBe(locales.length);
      for (const locale of locales) expect(renderNotice(notice, locale, 'Olga').body).toContain('/v1/tickets/t-1');
    }
  });

  it('a webhook disabled for failing names no person: Cronaca tells, in every language', () => {
    const notice: Notice = { kind: 'webhook_disabled', recipient: 'olga', record: { type: 'webhook', id: 'ep-1' }, by: 'system:webhooks', title: 'ep-1' };
    const bodies = locales.map((locale) => renderNotice(notice, locale, 'system:webhooks').body);
    expect(new Set(bodies).size).toBe(locales.length);
    for (const body of bodies) {
      expect(body).toContain('Cronaca');
      expect(body).toContain('/v1/webhooks/ep-1');
      expect(body).not.toContain('system:');
    }
    expect(renderNotice(notice, 'en', 'system:webhooks').body).toBe('An automatic notice from Cronaca: /v1/webhooks/ep-1');
  });
});
