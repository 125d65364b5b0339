import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { TicketCatalogue } from '../../../domain/support/ticket-catalogue.ts';
import { ticketDecider, type Ticket, type TicketCommand } from '../../../domain/support/ticket.ts';
import type { Assignee, TicketEvent, TicketStatus } from '../../../events/support/ticket-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

// ---------------------------------------------------------------------------------------------------
// Fixtures

const now = '2026-03-10T09:00:00.000Z';
const ticketId = 'tkt-1';

const actor = (userId: string, role: Actor['role'] = 'standard', groups: string[] = []): Actor => ({
  tenant: 'acme',
  userId,
  role,
  groups,
});
const olga = actor('olga', 'standard', ['support']);
const tom = actor('tom', 'standard', ['support']);
/** Restricted: sees only tickets assigned to her or to `field`, those she opened, and unassigned ones. */
const rita = actor('rita', 'restricted', ['field']);

const spec = deciderSpec(ticketDecider, { actor: olga, now });

const user = (userId: string): Assignee => ({ kind: 'user', userId });
const group = (groupId: string): Assignee => ({ kind: 'group', groupId });

type Data<T extends TicketEvent['type']> = Extract<TicketEvent, { type: T }>['data'];
interface Meta {
  at?: string;
  actor?: string;
}

// Events (used both as given and as expected events).
const opened = (data: Partial<Data<'TicketOpened'>> = {}, meta: Meta = {}): GivenEvent<TicketEvent> => ({
  type: 'TicketOpened',
  data: {
    ticketId,
    number: 42,
    companyId: 'cmp-1',
    subject: 'PC problem',
    type: 'problem',
    priority: 'normal',
    assignee: null,
    ...data,
  },
  ...meta,
});
const taken = (takenBy: string, previousAssignee: Assignee | null, meta: Meta = {}): GivenEvent<TicketEvent> => ({
  type: 'TicketTaken',
  data: { ticketId, takenBy, previousAssignee },
  ...meta,
});
const commented = (
  commentId: string,
  body: string,
  visibility: 'public' | 'internal' = 'public',
  meta: Meta = {},
): GivenEvent<TicketEvent> => ({ type: 'TicketCommented', data: { ticketId, commentId, body, visibility }, ...meta });
const assigned = (from: Assignee | null, to: Assignee, meta: Meta = {}): GivenEvent<TicketEvent> => ({
  type: 'TicketAssigned',
  data: { ticketId, from, to },
  ...meta,
});
const statusChanged = (
  from: TicketStatus,
  to: Exclude<TicketStatus, 'closed'>,
  commentId?: string,
  meta: Meta = {},
): GivenEvent<TicketEvent> => ({
  type: 'TicketStatusChanged',
  data: { ticketId, from, to, ...(commentId ? { commentId } : {}) },
  ...meta,
});
const closed = (from: Exclude<TicketStatus, 'closed'>, commentId?: string, meta: Meta = {}): GivenEvent<TicketEvent> => ({
  type: 'TicketClosed',
  data: { ticketId, from, ...(commentId ? { commentId } : {}) },
  ...meta,
});
const reopened = (reason?: string, meta: Meta = {}): GivenEvent<TicketEvent> => ({
  type: 'TicketReopened',
  data: { ticketId, ...(reason ? { reason } : {}) },
  ...meta,
});

// Commands.
type OpenData = Extract<TicketCommand, { type: 'OpenTicket' }>['data'];
type CommentData = Extract<TicketCommand, { type: 'CommentTicket' }>['data'];
const open = (data: Partial<OpenData> = {}): TicketCommand => ({
  type: 'OpenTicket',
  data: { ticketId, number: 42, companyId: 'cmp-1', subject: 'PC problem', ...data },
});
const take: TicketCommand = { type: 'TakeTicket' };
const comment = (data: Partial<CommentData> = {}): TicketCommand => ({
  type: 'CommentTicket',
  data: { commentId: 'cm-1', body: 'Restarted the PC', visibility: 'public', ...data },
});
const assign = (assignee: Assignee): TicketCommand => ({ type: 'AssignTicket', data: { assignee } });
const changeStatus = (status: TicketStatus, commentId?: string): TicketCommand => ({
  type: 'ChangeTicketStatus',
  data: { status, ...(commentId ? { commentId } : {}) },
});
const close: TicketCommand = { type: 'CloseTicket' };
const reopen = (reason?: string): TicketCommand => ({ type: 'ReopenTicket', ...(reason === undefined ? {} : { data: { reason } }) });

/**
 * The log of a ticket in `status`, assigned to `assignee`, reached the way the decider allows it:
 * in_progress by a take, waiting_reply by a status change of the holder, then a reassignment if the
 * wanted assignee is not a user.
 */
const ticketIn = (status: TicketStatus, assignee: Assignee | null = user('olga')): GivenEvent<TicketEvent>[] => {
  if (status === 'open') return [opened({ assignee })];
  if (status === 'closed') return [opened({ assignee }), closed('open')];
  if (assignee === null) throw new Error(`fixture: a ticket ${status} cannot be unassigned (there is no unassign)`);
  const holder = assignee.kind === 'user' ? assignee.userId : 'tom';
  return [
    opened(),
    taken(holder, null),
    ...(status === 'waiting_reply' ? [statusChanged('in_progress', 'waiting_reply')] : []),
    ...(assignee.kind === 'user' ? [] : [assigned(user(holder), assignee)]),
  ];
};

const nonClosed = ['open', 'in_progress', 'waiting_reply'] as const;

// ---------------------------------------------------------------------------------------------------

describe('OpenTicket', () => {
  it('opens a ticket with the catalogue defaults for type and priority, unassigned', () => {
    spec
      .when(open())
      .then([opened()])
      .andState({
        id: ticketId,
        number: 42,
        companyId: 'cmp-1',
        contactId: null,
        subject: 'PC problem',
        description: null,
        type: 'problem',
        priority: 'normal',
        status: 'open',
        assignee: null,
        openedBy: 'olga',
        openedAt: now,
        updatedAt: now,
        closedAt: null,
        comments: [],
      });
  });

  it('trims subject, company, contact and description', () => {
    spec
      .when(open({ subject: '  PC problem \n', companyId: ' cmp-1 ', contactId: ' ct-7 ', description: '  It beeps.  ' }))
      .then([opened({ contactId: 'ct-7', description: 'It beeps.' })])
      .andState({ contactId: 'ct-7', description: 'It beeps.' });
  });

  it('keeps the origin a command gives (a customer request generating the ticket) in its event and state; none otherwise', () => {
    const origin = { kind: 'request', id: 'req-1' } as const;
    spec.when(open({ origin })).then([opened({ origin })]).andState({ origin });
    spec.when(open()).then([opened()]).andState({ origin: null });
  });

  it('leaves out a blank description and a blank contact', () => {
    spec.when(open({ description: '   ', contactId: '' })).then([opened()]);
  });

  it('takes type and priority from the catalogue', () => {
    spec.when(open({ ticketType: 'incident', priority: 'urgent' })).then([opened({ type: 'incident', priority: 'urgent' })]);
  });

  it('uses the catalogue passed with the command, with its defaults', () => {
    const catalogue: TicketCatalogue = {
      types: ['guasto', 'domanda'],
      defaultType: 'guasto',
      priorities: ['bassa', 'alta'],
      defaultPriority: 'bassa',
    };
    spec.when(open({ catalogue })).then([opened({ type: 'guasto', priority: 'bassa' })]);
    spec.when(open({ catalogue, ticketType: 'problem' })).thenThrows('invalid', { path: 'type', message: 'guasto, domanda' });
  });

  it.each([
    ['a user', user('tom')],
    ['a group', group('support')],
    ['nobody (explicit null)', null],
  ])('opens a ticket assigned to %s', (_, assignee) => {
    spec.when(open({ assignee })).then([opened({ assignee })]).andState({ assignee, status: 'open' });
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \t\n '],
  ])('refuses a blank subject (%s)', (_, subject) => {
    spec.when(open({ subject })).thenThrows('invalid', { path: 'subject', message: 'must not be blank' });
  });

  it('accepts a subject of 200 characters (after trimming) and refuses 201', () => {
    spec.when(open({ subject: ` ${'s'.repeat(200)} ` })).then([opened({ subject: 's'.repeat(200) })]);
    spec.when(open({ subject: 's'.repeat(201) })).thenThrows('invalid', { path: 'subject', message: 'at most 200' });
  });

  it('refuses a blank or too long company', () => {
    spec.when(open({ companyId: '  ' })).thenThrows('invalid', { path: 'companyId', message: 'must not be blank' });
    spec.when(open({ companyId: 'c'.repeat(101) })).thenThrows('invalid', { path: 'companyId', message: 'at most 100' });
  });

  it('refuses a too long contact or description', () => {
    spec.when(open({ contactId: 'c'.repeat(101) })).thenThrows('invalid', { path: 'contactId', message: 'at most 100' });
    spec
      .when(open({ description: 'd'.repeat(20_001) }))
      .thenThrows('invalid', { path: 'description', message: 'at most 20000' });
  });

  it('refuses a type that is not in the catalogue, naming the field', () => {
    const error = spec.when(open({ ticketType: 'complaint' })).thenThrows('invalid', { path: 'type' });
    expect(error.issues).toEqual([{ path: 'type', message: 'must be one of problem, question, request, incident' }]);
  });

  it('refuses a priority that is not in the catalogue, naming the field', () => {
    const error = spec.when(open({ priority: 'critical' })).thenThrows('invalid', { path: 'priority' });
    expect(error.issues).toEqual([{ path: 'priority', message: 'must be one of low, normal, high, urgent' }]);
  });

  it('matches type and priority exactly (no case folding or trimming)', () => {
    spec.when(open({ ticketType: 'Problem' })).thenThrows('invalid', { path: 'type' });
    spec.when(open({ priority: ' high' })).thenThrows('invalid', { path: 'priority' });
  });

  it('refuses to open a ticket twice', () => {
    spec.given([opened()]).when(open()).thenThrows('conflict', 'ticket already exists');
    spec.given([opened(), closed('open')]).when(open({ subject: 'Another' })).thenThrows('conflict');
  });

  it('answers conflict (not not_found) when the existing ticket is invisible to a restricted actor', () => {
    // Existence leaks as 409 rather than 404; harmless while ticket ids are generated by the server.
    spec.as(rita).given([opened({ assignee: user('tom') })]).when(open()).thenThrows('conflict');
  });

  it('lets a restricted user open a ticket assigned to someone else, and still see it as its opener', () => {
    const ritaSpec = spec.as(rita);
    ritaSpec.when(open({ assignee: user('tom') })).then([opened({ assignee: user('tom') })]).andState({ openedBy: 'rita' });
    ritaSpec.given([opened({ assignee: user('tom') }, { actor: 'rita' })]).when(comment()).then([commented('cm-1', 'Restarted the PC')]);
  });

  it('does not check the ticket number itself: the catalogue refuses a non-positive one', () => {
    // The number comes from the per-tenant sequence; the decider passes it through, the schema guards it.
    expect(() => spec.when(open({ number: 0 })).then([opened({ number: 0 })])).toThrow(/violates the event catalogue/);
  });
});

describe('TakeTicket', () => {
  it('takes an open unassigned ticket: in progress and assigned to the taker', () => {
    spec
      .given([opened()])
      .when(take)
      .then([taken('olga', null)])
      .andState({ status: 'in_progress', assignee: user('olga'), updatedAt: now });
  });

  it.each([
    ['a group', group('support')],
    ['another user', user('tom')],
    ['the taker herself', user('olga')],
  ])('takes an open ticket assigned to %s, recording the previous assignee', (_, assignee) => {
    spec
      .given([opened({ assignee })])
      .when(take)
      .then([taken('olga', assignee)])
      .andState({ status: 'in_progress', assignee: user('olga') });
  });

  it('takes a reopened ticket again', () => {
    spec
      .given([opened(), taken('tom', null), closed('in_progress'), reopened()])
      .when(take)
      .then([taken('olga', user('tom'))]);
  });

  it('does nothing when the taker already holds the ticket in progress', () => {
    spec.given(ticketIn('in_progress', user('olga'))).when(take).thenNothing();
  });

  it('does nothing when the taker holds the ticket waiting for a reply (the status stays waiting_reply)', () => {
    spec.given(ticketIn('waiting_reply', user('olga'))).when(take).thenNothing().andState({ status: 'waiting_reply' });
  });

  it.each(['in_progress', 'waiting_reply'] as const)('refuses to take a ticket %s held by someone else', (status) => {
    spec
      .given(ticketIn(status, user('tom')))
      .when(take)
      .thenThrows('conflict', `ticket is already ${status}: reassign it instead of taking it`);
  });

  it('refuses to take a ticket in progress that was reassigned to a group', () => {
    spec.given(ticketIn('in_progress', group('support'))).when(take).thenThrows('conflict', 'already in_progress');
  });

  it('refuses to take a closed ticket', () => {
    spec.given(ticketIn('closed', null)).when(take).thenThrows('conflict', 'cannot take a closed ticket');
  });

  it('refuses a ticket that does not exist', () => {
    spec.when(take).thenThrows('not_found', 'ticket not found');
  });
});

describe('CommentTicket', () => {
  it.each(['public', 'internal'] as const)('adds a %s comment, trimmed, authored by the actor', (visibility) => {
    spec
      .given([opened()])
      .when(comment({ body: '  Restarted the PC  ', visibility }))
      .then([commented('cm-1', 'Restarted the PC', visibility)])
      .andState({
        status: 'open',
        updatedAt: now,
        comments: [{ id: 'cm-1', body: 'Restarted the PC', visibility, author: 'olga', at: now }],
      });
  });

  it('appends comments in order', () => {
    spec
      .given([opened(), commented('cm-0', 'First', 'internal', { actor: 'tom', at: '2026-03-09T10:00:00.000Z' })])
      .when(comment())
      .thenState({
        comments: [
          { id: 'cm-0', body: 'First', visibility: 'internal', author: 'tom', at: '2026-03-09T10:00:00.000Z' },
          { id: 'cm-1', body: 'Restarted the PC', visibility: 'public', author: 'olga', at: now },
        ],
      });
  });

  it('changes the status with the comment: two events, the status change naming the comment', () => {
    spec
      .given(ticketIn('in_progress', user('olga')))
      .when(comment({ status: 'waiting_reply' }))
      .then([commented('cm-1', 'Restarted the PC'), statusChanged('in_progress', 'waiting_reply', 'cm-1')])
      .andState({ status: 'waiting_reply' });
  });

  it('moves an open ticket held by a user to in progress with a comment (without a take)', () => {
    spec
      .given([opened({ assignee: user('tom') })])
      .when(comment({ status: 'in_progress', visibility: 'internal' }))
      .then([commented('cm-1', 'Restarted the PC', 'internal'), statusChanged('open', 'in_progress', 'cm-1')])
      .andState({ status: 'in_progress', assignee: user('tom') });
  });

  it('moves a ticket waiting for a reply back to open with a comment', () => {
    spec
      .given(ticketIn('waiting_reply'))
      .when(comment({ status: 'open' }))
      .then([commented('cm-1', 'Restarted the PC'), statusChanged('waiting_reply', 'open', 'cm-1')]);
  });

  it.each(nonClosed)('closes a ticket %s with a comment: TicketCommented then TicketClosed', (status) => {
    spec
      .given(ticketIn(status))
      .when(comment({ body: 'Fixed', status: 'closed' }))
      .then([commented('cm-1', 'Fixed'), closed(status, 'cm-1')])
      .andState({ status: 'closed', closedAt: now, comments: [{ id: 'cm-1', body: 'Fixed' }] });
  });

  it.each(nonClosed)('records only the comment when the status given is the current one (%s)', (status) => {
    spec
      .given(ticketIn(status))
      .when(comment({ status }))
      .then([commented('cm-1', 'Restarted the PC')]);
  });

  it.each([
    ['unassigned', null],
    ['assigned to a group', group('support')],
  ])('refuses the whole comment when it would put an %s ticket in progress', (_, assignee) => {
    spec
      .given([opened({ assignee })])
      .when(comment({ status: 'in_progress' }))
      .thenThrows('conflict', 'must be taken by an operator before it can be in_progress');
    spec
      .given([opened({ assignee })])
      .when(comment({ status: 'waiting_reply' }))
      .thenThrows('conflict', 'before it can be waiting_reply');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \n '],
  ])('refuses a blank body (%s)', (_, body) => {
    spec.given([opened()]).when(comment({ body })).thenThrows('invalid', { path: 'body', message: 'must not be blank' });
  });

  it('refuses a body over 20000 characters', () => {
    spec
      .given([opened()])
      .when(comment({ body: 'b'.repeat(20_001) }))
      .thenThrows('invalid', { path: 'body', message: 'at most 20000' });
  });

  it('refuses to comment on a closed ticket, even with a status change', () => {
    spec.given(ticketIn('closed')).when(comment()).thenThrows('conflict', 'cannot comment on a closed ticket: reopen it first');
    spec.given(ticketIn('closed')).when(comment({ status: 'open' })).thenThrows('conflict', 'reopen it first');
  });

  it('refuses a ticket that does not exist', () => {
    spec.when(comment()).thenThrows('not_found');
  });
});

describe('AssignTicket', () => {
  it('assigns an unassigned ticket to a user, keeping its status', () => {
    spec
      .given([opened()])
      .when(assign(user('tom')))
      .then([assigned(null, user('tom'))])
      .andState({ assignee: user('tom'), status: 'open', updatedAt: now });
  });

  it('assigns an unassigned ticket to a group', () => {
    spec.given([opened()]).when(assign(group('support'))).then([assigned(null, group('support'))]);
  });

  it.each([
    ['a user to another user', user('olga'), user('tom')],
    ['a user to a group', user('olga'), group('support')],
    ['a group to a user', group('support'), user('tom')],
    ['a group to another group', group('support'), group('field')],
  ])('reassigns an open ticket from %s', (_, from, to) => {
    spec.given([opened({ assignee: from })]).when(assign(to)).then([assigned(from, to)]).andState({ assignee: to });
  });

  it('reassigns a ticket in progress to another operator: it stays in progress', () => {
    spec
      .given(ticketIn('in_progress', user('olga')))
      .when(assign(user('tom')))
      .then([assigned(user('olga'), user('tom'))])
      .andState({ status: 'in_progress', assignee: user('tom') });
  });

  it.each(['in_progress', 'waiting_reply'] as const)('puts a ticket %s back in the queue when it is reassigned to a group', (status) => {
    spec
      .given(ticketIn(status, user('olga')))
      .when(assign(group('support')))
      .then([
        assigned(user('olga'), group('support')),
        statusChanged(status, 'open'),
      ])
      .andState({ status: 'open', assignee: group('support') });
  });

  it.each([
    ['the same user', user('tom')],
    ['the same group', group('support')],
  ])('does nothing when assigning to %s', (_, assignee) => {
    spec.given([opened({ assignee })]).when(assign(assignee)).thenNothing();
  });

  it('does not confuse a user and a group with the same id', () => {
    spec.given([opened({ assignee: user('support') })]).when(assign(group('support'))).then([assigned(user('support'), group('support'))]);
  });

  it('refuses to reassign a closed ticket', () => {
    spec.given(ticketIn('closed')).when(assign(user('tom'))).thenThrows('conflict', 'cannot reassign a closed ticket');
  });

  it('refuses a ticket that does not exist', () => {
    spec.when(assign(user('tom'))).thenThrows('not_found');
  });
});

describe('ChangeTicketStatus', () => {
  const allowedPairs = [
    ['open', 'in_progress'],
    ['open', 'waiting_reply'],
    ['in_progress', 'open'],
    ['in_progress', 'waiting_reply'],
    ['waiting_reply', 'open'],
    ['waiting_reply', 'in_progress'],
  ] as const;

  it.each(allowedPairs)('changes %s -> %s on a ticket held by a user', (from, to) => {
    spec
      .given(ticketIn(from, user('olga')))
      .when(changeStatus(to))
      .then([statusChanged(from, to)])
      .andState({ status: to, assignee: user('olga'), updatedAt: now, closedAt: null });
  });

  it.each(nonClosed)('closes a ticket %s: TicketClosed, not TicketStatusChanged', (from) => {
    spec
      .given(ticketIn(from, user('olga')))
      .when(changeStatus('closed'))
      .then([closed(from)])
      .andState({ status: 'closed', closedAt: now });
  });

  it('closes an unassigned open ticket (closing needs no operator)', () => {
    spec.given([opened()]).when(changeStatus('closed')).then([closed('open')]);
  });

  it('moves a ticket in progress held by a group back to open', () => {
    spec.given(ticketIn('in_progress', group('support'))).when(changeStatus('open')).then([statusChanged('in_progress', 'open')]);
  });

  it('carries the comment id on the status event when given', () => {
    spec.given(ticketIn('in_progress')).when(changeStatus('waiting_reply', 'cm-9')).then([statusChanged('in_progress', 'waiting_reply', 'cm-9')]);
    spec.given(ticketIn('in_progress')).when(changeStatus('closed', 'cm-9')).then([closed('in_progress', 'cm-9')]);
  });

  it.each(nonClosed)('does nothing when the status is already %s', (status) => {
    spec.given(ticketIn(status)).when(changeStatus(status)).thenNothing();
  });

  it.each([
    ['in_progress', 'unassigned', null],
    ['in_progress', 'assigned to a group', group('support')],
    ['waiting_reply', 'unassigned', null],
    ['waiting_reply', 'assigned to a group', group('support')],
  ] as const)('refuses %s on an open ticket %s: it must be taken first', (to, _, assignee) => {
    spec
      .given([opened({ assignee })])
      .when(changeStatus(to))
      .thenThrows('conflict', `a ticket must be taken by an operator before it can be ${to}`);
  });

  it('refuses waiting_reply on a ticket in progress that was reassigned to a group', () => {
    spec.given(ticketIn('in_progress', group('support'))).when(changeStatus('waiting_reply')).thenThrows('conflict');
  });

  it.each(['open', 'in_progress', 'waiting_reply', 'closed'] as const)('refuses any change of a closed ticket (to %s)', (to) => {
    spec
      .given(ticketIn('closed'))
      .when(changeStatus(to))
      .thenThrows('conflict', 'cannot change the status of a closed ticket: reopen it first');
  });

  it('refuses a ticket that does not exist', () => {
    spec.when(changeStatus('open')).thenThrows('not_found');
  });
});

describe('CloseTicket', () => {
  it.each(nonClosed)('closes a ticket %s', (from) => {
    spec
      .given(ticketIn(from))
      .when(close)
      .then([closed(from)])
      .andState({ status: 'closed', closedAt: now, updatedAt: now });
  });

  it('closes an unassigned or group ticket', () => {
    spec.given([opened()]).when(close).then([closed('open')]);
    spec.given(ticketIn('in_progress', group('support'))).when(close).then([closed('in_progress')]);
  });

  it('refuses to close a ticket twice', () => {
    spec.given(ticketIn('closed')).when(close).thenThrows('conflict', 'ticket is already closed');
  });

  it('refuses a ticket that does not exist', () => {
    spec.when(close).thenThrows('not_found');
  });
});

describe('ReopenTicket', () => {
  it('reopens a closed ticket: open again, closedAt cleared, assignee kept', () => {
    spec
      .given([...ticketIn('in_progress', user('tom')), closed('in_progress')])
      .when(reopen())
      .then([reopened()])
      .andState({ status: 'open', closedAt: null, assignee: user('tom'), updatedAt: now });
  });

  it('records a trimmed reason, and leaves out a blank one', () => {
    spec.given(ticketIn('closed')).when(reopen('  Customer called back ')).then([reopened('Customer called back')]);
    spec.given(ticketIn('closed')).when(reopen('   ')).then([reopened()]);
  });

  it('accepts a command without data', () => {
    spec.given(ticketIn('closed')).when({ type: 'ReopenTicket' }).then([reopened()]);
  });

  it('refuses a reason over 2000 characters', () => {
    spec.given(ticketIn('closed')).when(reopen('r'.repeat(2_001))).thenThrows('invalid', { path: 'reason', message: 'at most 2000' });
  });

  it.each(nonClosed)('refuses to reopen a ticket %s', (status) => {
    spec.given(ticketIn(status)).when(reopen()).thenThrows('conflict', `only a closed ticket can be reopened; this one is ${status}`);
  });

  it('reopens a ticket closed, reopened and closed again', () => {
    spec
      .given([opened(), closed('open'), reopened(), closed('open')])
      .when(reopen())
      .then([reopened()]);
  });

  it('refuses a ticket that does not exist', () => {
    spec.when(reopen()).thenThrows('not_found');
  });
});

describe('restricted users', () => {
  const ritaSpec = spec.as(rita);

  /** Every command on an existing ticket, each one acceptable for a visible ticket in the given log. */
  const commands: [string, TicketCommand][] = [
    ['TakeTicket', take],
    ['CommentTicket', comment()],
    ['AssignTicket', assign(user('rita'))],
    ['ChangeTicketStatus', changeStatus('closed')],
    ['CloseTicket', close],
    ['ReopenTicket', reopen()],
  ];

  describe.each([
    ['another user', user('tom')],
    ['another group', group('support')],
  ])('on a ticket assigned to %s (opened by someone else)', (_, assignee) => {
    it.each(commands)('%s -> not_found', (__, command) => {
      ritaSpec.given([opened({ assignee })]).when(command).thenThrows('not_found', 'ticket not found');
    });

    it.each(commands)('%s -> not_found on the closed ticket too (not conflict)', (__, command) => {
      ritaSpec.given([opened({ assignee }), closed('open')]).when(command).thenThrows('not_found');
    });
  });

  it.each([
    ['assigned to her', [opened({ assignee: user('rita') })]],
    ['assigned to one of her groups', [opened({ assignee: group('field') })]],
    ['opened by her (assigned to someone else)', [opened({ assignee: user('tom') }, { actor: 'rita' })]],
    ['opened by her (assigned to another group)', [opened({ assignee: group('support') }, { actor: 'rita' })]],
    ['unassigned', [opened({ assignee: null })]],
  ])('may act on a ticket %s', (_, given) => {
    ritaSpec.given(given).when(comment()).then([commented('cm-1', 'Restarted the PC')]);
    ritaSpec.given(given).when(close).then([closed('open')]);
    const first = given[0];
    const previous = first?.type === 'TicketOpened' ? first.data.assignee : null;
    ritaSpec.given(given).when(take).then([taken('rita', previous)]);
  });

  it('may reopen a closed ticket of one of her groups', () => {
    ritaSpec.given([opened({ assignee: group('field') }), closed('open')]).when(reopen()).then([reopened()]);
  });

  it('loses sight of a ticket she did not open once she hands it to someone else', () => {
    const given = [opened({ assignee: user('rita') })];
    ritaSpec.given(given).when(assign(user('tom'))).then([assigned(user('rita'), user('tom'))]);
    ritaSpec.given([...given, assigned(user('rita'), user('tom'), { actor: 'rita' })]).when(comment()).thenThrows('not_found');
  });

  it('loses sight of a ticket of her group once a colleague takes it', () => {
    ritaSpec.given([opened({ assignee: group('field') }), taken('tom', group('field'), { actor: 'tom' })]).when(comment()).thenThrows('not_found');
  });

  it.each(['admin', 'manager', 'standard'] as const)('a %s user sees every ticket', (role) => {
    const other = actor('ursula', role, []);
    const given = [opened({ assignee: user('tom') }, { actor: 'tom' })];
    spec.as(other).given(given).when(comment()).then([commented('cm-1', 'Restarted the PC')]);
    spec.as(other).given(given).when(take).then([taken('ursula', user('tom'))]);
    spec.as(other).given([opened({ assignee: group('support') }, { actor: 'tom' }), closed('open')]).when(reopen()).then([reopened()]);
  });
});

describe('evolve', () => {
  const t = (minute: number): string => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

  const lifecycle: GivenEvent<TicketEvent>[] = [
    opened(
      { number: 7, contactId: 'ct-1', description: 'Beeps', type: 'incident', priority: 'high', assignee: group('support') },
      { at: t(0), actor: 'olga' },
    ),
    taken('tom', group('support'), { at: t(1), actor: 'tom' }),
    commented('cm-1', 'Please send a photo', 'public', { at: t(2), actor: 'tom' }),
    statusChanged('in_progress', 'waiting_reply', 'cm-1', { at: t(2), actor: 'tom' }),
    commented('cm-2', 'Customer is slow', 'internal', { at: t(3), actor: 'ann' }),
    assigned(user('tom'), user('ann'), { at: t(4), actor: 'ann' }),
    statusChanged('waiting_reply', 'in_progress', undefined, { at: t(5), actor: 'ann' }),
    closed('in_progress', undefined, { at: t(6), actor: 'ann' }),
  ];

  it('folds a full lifecycle into the ticket', () => {
    const expected: Ticket = {
      id: ticketId,
      number: 7,
      companyId: 'cmp-1',
      contactId: 'ct-1',
      subject: 'PC problem',
      description: 'Beeps',
      type: 'incident',
      priority: 'high',
      status: 'closed',
      assignee: user('ann'),
      openedBy: 'olga',
      openedAt: t(0),
      updatedAt: t(6),
      closedAt: t(6),
      comments: [
        { id: 'cm-1', body: 'Please send a photo', visibility: 'public', author: 'tom', at: t(2) },
        { id: 'cm-2', body: 'Customer is slow', visibility: 'internal', author: 'ann', at: t(3) },
      ],
      origin: null,
    };
    expect(spec.given(lifecycle).state()).toStrictEqual(expected);
  });

  it('clears closedAt on reopen and keeps everything else', () => {
    const state = spec.given([...lifecycle, reopened('Came back', { at: t(9), actor: 'olga' })]).thenState({
      status: 'open',
      closedAt: null,
      updatedAt: t(9),
      assignee: user('ann'),
      openedAt: t(0),
    });
    expect(state?.comments).toHaveLength(2);
  });

  it('tracks status, assignee and updatedAt step by step', () => {
    const steps: [number, Partial<Ticket>][] = [
      [1, { status: 'open', assignee: group('support'), updatedAt: t(0), closedAt: null }],
      [2, { status: 'in_progress', assignee: user('tom'), updatedAt: t(1) }],
      [3, { status: 'in_progress', updatedAt: t(2), comments: [expect.objectContaining({ id: 'cm-1' })] }],
      [4, { status: 'waiting_reply', updatedAt: t(2) }],
      [6, { status: 'waiting_reply', assignee: user('ann'), updatedAt: t(4) }],
      [7, { status: 'in_progress', updatedAt: t(5), closedAt: null }],
      [8, { status: 'closed', updatedAt: t(6), closedAt: t(6) }],
    ];
    for (const [count, expected] of steps) spec.given(lifecycle.slice(0, count)).thenState(expected);
  });

  it('stamps given events before now, one minute apart, by the spec actor unless told otherwise', () => {
    const [first, second] = spec.given([opened(), taken('tom', null)]).recorded();
    expect(first).toMatchObject({ at: '2026-03-10T08:58:00.000Z', actor: 'olga' });
    expect(second).toMatchObject({ at: '2026-03-10T08:59:00.000Z', actor: 'olga' });
  });

  it('starts with no ticket and ignores events of a ticket that was never opened', () => {
    spec.given([]).thenState(null);
    spec.given([taken('tom', null), commented('cm-1', 'orphan'), closed('open')]).thenState(null);
  });
});
