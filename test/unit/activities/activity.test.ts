import { describe, it } from 'vitest';
import { activityDecider, type ActivityCommand, type NewActivityInput } from '../../../domain/activities/activity.ts';
import { defaultCatalogues, type Catalogue } from '../../../domain/settings/catalogues.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { ActivityEvent } from '../../../events/activities/activity-events.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const id = 'act-1';
const actor = (userId: string, role: Actor['role'] = 'standard', groups: string[] = []): Actor => ({ tenant: 'acme', userId, role, groups });
const olga = actor('olga', 'standard', ['sales']);
const tom = actor('tom', 'standard');
const mia = actor('mia', 'manager');
const rita = actor('rita', 'restricted', ['field']);
const catalogue = defaultCatalogues['activity-types'];
const spec = deciderSpec(activityDecider, { actor: olga, now });

const user = (userId: string): Assignee => ({ kind: 'user', userId });
const group = (groupId: string): Assignee => ({ kind: 'group', groupId });
const meeting = { start: '2026-03-12T09:00:00.000Z', end: '2026-03-12T10:00:00.000Z', dueOn: null };

const schedule = (data: Partial<NewActivityInput> = {}, known = {}, cat: Catalogue = catalogue): ActivityCommand => ({
  type: 'ScheduleActivity',
  data: { activityId: id, type: 'meeting', subject: 'Kick-off', start: meeting.start, end: meeting.end, catalogue: cat, known, ...data },
});

const baseDetails = { type: 'meeting', subject: 'Kick-off', notes: null, estimatedMinutes: null, related: null, parentId: null, reminderOffsets: [] };
type Scheduled = Extract<ActivityEvent, { type: 'ActivityScheduled' }>['data'];
const scheduled = (data: Partial<Scheduled> = {}, meta: { actor?: string } = {}): GivenEvent<ActivityEvent> => ({
  type: 'ActivityScheduled',
  data: {
    activityId: id,
    details: baseDetails,
    schedule: meeting,
    assignee: user('olga'),
    status: 'planned',
    ...data,
  },
  ...meta,
});
const statusChanged = (from: Scheduled['status'], to: Scheduled['status']): GivenEvent<ActivityEvent> => ({
  type: 'ActivityStatusChanged',
  data: { activityId: id, from, to },
});

describe('schedule an activity', () => {
  it('is planned for the creator by default, with every field', () => {
    spec
      .when(
        schedule(
          { notes: ' agenda ', estimatedMinutes: 45, related: { kind: 'company', id: 'c1' }, parentId: 'act-0', reminderOffsets: [1440, 15, 15] },
          { related: true, parent: true },
        ),
      )
      .then([
        scheduled({
          details: {
            type: 'meeting',
            subject: 'Kick-off',
            notes: 'agenda',
            estimatedMinutes: 45,
            related: { kind: 'company', id: 'c1' },
            parentId: 'act-0',
            reminderOffsets: [15, 1440],
          },
        }),
      ])
      .andState({ createdBy: 'olga', status: 'planned', assignee: user('olga') });
  });

  it('keeps the origin a command gives (a meeting fixed from a customer request) in its event and state; none otherwise', () => {
    const origin = { kind: 'request', id: 'req-1' } as const;
    spec.when(schedule({ origin })).then([scheduled({ origin })]).andState({ origin });
    spec.when(schedule()).then([scheduled()]).andState({ origin: null });
  });

  it('accepts a to-do with a due date, for a group, in progress', () => {
    spec
      .when(schedule({ start: undefined, end: undefined, dueOn: '2026-03-12', assignee: group('sales'), status: 'in_progress' }, { assignee: true }))
      .then([scheduled({ schedule: { start: null, end: null, dueOn: '2026-03-12' }, assignee: group('sales'), status: 'in_progress' })]);
  });

  it('normalises times to UTC and accepts a zero-length item', () => {
    spec
      .when(schedule({ start: '2026-03-12T10:00:00+01:00', end: '2026-03-12T09:00:00Z' }))
      .then([scheduled({ schedule: { start: '2026-03-12T09:00:00.000Z', end: '2026-03-12T09:00:00.000Z', dueOn: null } })]);
  });

  it('refuses end before start, a missing end or start, both forms, bad dates and over-long items', () => {
    spec.when(schedule({ end: '2026-03-12T08:59:00Z' })).thenThrows('invalid', { path: 'end', message: 'must not be before start' });
    spec.when(schedule({ end: undefined })).thenThrows('invalid', { path: 'end', message: 'required' });
    spec.when(schedule({ start: undefined, end: undefined })).thenThrows('invalid', { path: 'start', message: 'or dueOn' });
    spec.when(schedule({ dueOn: '2026-03-12' })).thenThrows('invalid', { path: 'dueOn', message: 'either' });
    spec.when(schedule({ start: undefined, end: undefined, dueOn: '12/03/2026' })).thenThrows('invalid', { path: 'dueOn' });
    spec.when(schedule({ start: 'tomorrow' })).thenThrows('invalid', { path: 'start', message: 'ISO 8601' });
    spec.when(schedule({ end: '2026-04-13T09:00:00Z' })).thenThrows('invalid', { path: 'end', message: 'at most 31 days' });
  });

  it('refuses a blank or long subject, a type outside the catalogue, and missing type or subject', () => {
    spec.when(schedule({ subject: '  ' })).thenThrows('invalid', { path: 'subject', message: 'must not be blank' });
    spec.when(schedule({ subject: 's'.repeat(201) })).thenThrows('invalid', { path: 'subject', message: 'at most 200' });
    spec.when(schedule({ subject: undefined })).thenThrows('invalid', { path: 'subject', message: 'required' });
    spec.when(schedule({ type: undefined })).thenThrows('invalid', { path: 'type', message: 'required' });
    spec.when(schedule({ type: 'party' })).thenThrows('invalid', { path: 'type', message: 'activity-types' });
    const custom: Catalogue = { name: 'activity-types', enforced: true, entries: [{ value: 'meeting', labels: {}, active: false }] };
    spec.when(schedule({}, {}, custom)).thenThrows('invalid', { path: 'type' });
  });

  it('refuses unknown references: related record, assignee, parent, and itself as parent', () => {
    spec.when(schedule({ related: { kind: 'lead', id: 'l9' } }, { related: false })).thenThrows('invalid', { path: 'related', message: 'no lead l9' });
    spec.when(schedule({ assignee: user('ghost') }, { assignee: false })).thenThrows('invalid', { path: 'assignee', message: 'no user ghost' });
    spec.when(schedule({ assignee: group('ghosts') }, { assignee: false })).thenThrows('invalid', { path: 'assignee', message: 'no group ghosts' });
    spec.when(schedule({ parentId: 'act-0' }, { parent: false })).thenThrows('invalid', { path: 'parentId', message: 'no activity' });
    spec.when(schedule({ parentId: id })).thenThrows('invalid', { path: 'parentId', message: 'own parent' });
  });

  it('refuses bad estimates, too many reminders and an existing id', () => {
    spec.when(schedule({ estimatedMinutes: 0 })).thenThrows('invalid', { path: 'estimatedMinutes' });
    spec.when(schedule({ reminderOffsets: Array.from({ length: 11 }, (_, i) => i) })).thenThrows('invalid', { path: 'reminderOffsets' });
    spec.given([scheduled()]).when(schedule()).thenThrows('conflict', 'already exists');
  });

  it('lets a restricted user plan only for herself and her groups', () => {
    spec.as(rita).when(schedule({ assignee: user('olga') }, { assignee: true })).thenThrows('forbidden', 'restricted');
    spec.as(rita).when(schedule({ assignee: group('sales') }, { assignee: true })).thenThrows('forbidden');
    spec.as(rita).when(schedule({ assignee: group('field') }, { assignee: true })).outcome();
  });
});

describe('who may change an activity', () => {
  const move: ActivityCommand = { type: 'RescheduleActivity', data: { start: '2026-03-12T11:00:00Z', end: '2026-03-12T12:00:00Z' } };
  const moved = {
    type: 'ActivityRescheduled' as const,
    data: { activityId: id, from: meeting, to: { start: '2026-03-12T11:00:00.000Z', end: '2026-03-12T12:00:00.000Z', dueOn: null } },
  };

  it('the assignee, a member of the assignee group, the creator, managers and admins', () => {
    spec.given([scheduled()]).when(move).then([moved]);
    spec.as(tom).given([scheduled({ assignee: user('tom') })]).when(move).then([moved]);
    spec.as(actor('sam', 'standard', ['sales'])).given([scheduled({ assignee: group('sales') })]).when(move).then([moved]);
    spec.as(mia).given([scheduled()]).when(move).then([moved]);
    spec.as(actor('ada', 'admin')).given([scheduled()]).when(move).then([moved]);
    spec.as(olga).given([scheduled({ assignee: user('tom') })]).when(move).then([moved]);
  });

  it('not a colleague (403), and a restricted user does not even see it (404)', () => {
    spec.as(tom).given([scheduled()]).when(move).thenThrows('forbidden', 'assignee');
    spec.as(rita).given([scheduled()]).when(move).thenThrows('not_found');
    spec.as(rita).given([scheduled({ assignee: user('rita') })]).when(move).then([moved]);
    spec.when(move).thenThrows('not_found');
  });
});

describe('update details (PATCH)', () => {
  const patch = (changes: object, known = {}): ActivityCommand => ({ type: 'UpdateActivityDetails', data: { changes, catalogue, known } });

  it('emits only what changed', () => {
    spec
      .given([scheduled()])
      .when(patch({ subject: 'Kick-off', notes: 'bring slides', type: 'meeting', related: { kind: 'contact', id: 'p1' } }, { related: true }))
      .then([{ type: 'ActivityDetailsChanged', data: { activityId: id, changes: { notes: 'bring slides', related: { kind: 'contact', id: 'p1' } } } }])
      .andState({ notes: 'bring slides', related: { kind: 'contact', id: 'p1' } });
    spec.given([scheduled()]).when(patch({ subject: ' Kick-off ' })).thenNothing();
    spec.given([scheduled(), statusChanged('planned', 'done')]).when(patch({ notes: 'went well' })).outcome();
  });

  it('refuses what scheduling refuses', () => {
    spec.given([scheduled()]).when(patch({ type: 'party' })).thenThrows('invalid', { path: 'type' });
    spec.given([scheduled()]).when(patch({ subject: '' })).thenThrows('invalid', { path: 'subject' });
    spec.given([scheduled()]).when(patch({ related: { kind: 'ticket', id: 't9' } }, { related: false })).thenThrows('invalid', { path: 'related' });
    spec.given([scheduled()]).when(patch({ parentId: 'x' }, { parent: false })).thenThrows('invalid', { path: 'parentId' });
    spec.given([scheduled()]).when(patch({ parentId: id })).thenThrows('invalid', { path: 'parentId', message: 'own parent' });
    spec.as(tom).given([scheduled()]).when(patch({ notes: 'x' })).thenThrows('forbidden');
  });
});

describe('reschedule, status, assign', () => {
  it('reschedules with the old and the new times; a to-do gets a time; the same times are a no-op', () => {
    spec
      .given([scheduled({ schedule: { start: null, end: null, dueOn: '2026-03-12' } })])
      .when({ type: 'RescheduleActivity', data: { start: meeting.start, end: meeting.end } })
      .then([{ type: 'ActivityRescheduled', data: { activityId: id, from: { start: null, end: null, dueOn: '2026-03-12' }, to: meeting } }]);
    spec.given([scheduled()]).when({ type: 'RescheduleActivity', data: { start: meeting.start, end: meeting.end } }).thenNothing();
  });

  it('refuses to reschedule a closed activity or with bad times', () => {
    spec
      .given([scheduled(), statusChanged('planned', 'not_done')])
      .when({ type: 'RescheduleActivity', data: { dueOn: '2026-03-13' } })
      .thenThrows('conflict', 'not_done');
    spec.given([scheduled()]).when({ type: 'RescheduleActivity', data: { start: meeting.end, end: meeting.start } }).thenThrows('invalid', { path: 'end' });
  });

  it('changes status both ways, with an outcome', () => {
    spec
      .given([scheduled()])
      .when({ type: 'ChangeActivityStatus', data: { status: 'not_done', outcome: 'client ill' } })
      .then([{ type: 'ActivityStatusChanged', data: { activityId: id, from: 'planned', to: 'not_done', outcome: 'client ill' } }]);
    spec
      .given([scheduled(), statusChanged('planned', 'done')])
      .when({ type: 'ChangeActivityStatus', data: { status: 'planned' } })
      .then([statusChanged('done', 'planned')])
      .andState({ status: 'planned', completedAt: null });
    spec.given([scheduled()]).when({ type: 'ChangeActivityStatus', data: { status: 'planned' } }).thenNothing();
    spec.as(tom).given([scheduled()]).when({ type: 'ChangeActivityStatus', data: { status: 'done' } }).thenThrows('forbidden');
  });

  it('reassigns to a known user or group, refuses unknown ones and closed activities', () => {
    const assign = (assignee: Assignee, known = true): ActivityCommand => ({ type: 'AssignActivity', data: { assignee, known: { assignee: known } } });
    spec.given([scheduled()]).when(assign(group('sales'))).then([{ type: 'ActivityReassigned', data: { activityId: id, from: user('olga'), to: group('sales') } }]);
    spec.given([scheduled()]).when(assign(user('olga'))).thenNothing();
    spec.given([scheduled()]).when(assign(user('ghost'), false)).thenThrows('invalid', { path: 'assignee' });
    spec.given([scheduled(), statusChanged('planned', 'done')]).when(assign(user('tom'))).thenThrows('conflict');
    spec.as(rita).given([scheduled({ assignee: user('rita') })]).when(assign(user('tom'))).thenThrows('forbidden', 'restricted');
  });
});

describe('copy and complete', () => {
  it('copies to a new start keeping the duration, linked to the original', () => {
    spec
      .as(tom)
      .given([scheduled()])
      .when({ type: 'CopyActivity', data: { activityId: 'act-2', start: '2026-03-19T15:30:00Z' } })
      .then([
        scheduled({
          activityId: 'act-2',
          schedule: { start: '2026-03-19T15:30:00.000Z', end: '2026-03-19T16:30:00.000Z', dueOn: null },
          copiedFrom: id,
        }),
      ])
      .andState({ id, schedule: meeting });
  });

  it('copies a to-do to a new date; refuses a copy without a time, or of an invisible activity', () => {
    const todo = scheduled({ schedule: { start: null, end: null, dueOn: '2026-03-12' } });
    spec
      .given([todo])
      .when({ type: 'CopyActivity', data: { activityId: 'act-2', dueOn: '2026-03-20' } })
      .then([scheduled({ activityId: 'act-2', schedule: { start: null, end: null, dueOn: '2026-03-20' }, copiedFrom: id })]);
    spec.given([scheduled()]).when({ type: 'CopyActivity', data: { activityId: 'act-2' } }).thenThrows('invalid', { path: 'start' });
    spec.given([todo]).when({ type: 'CopyActivity', data: { activityId: 'act-2' } }).thenThrows('invalid', { path: 'dueOn' });
    spec.as(rita).given([scheduled()]).when({ type: 'CopyActivity', data: { activityId: 'act-2', start: now } }).thenThrows('not_found');
  });

  it('completes, planning the next step in the same decision', () => {
    spec
      .given([scheduled({ details: { ...baseDetails, related: { kind: 'company', id: 'c1' } } })])
      .when({
        type: 'CompleteActivity',
        data: { outcome: 'interested', next: { activityId: 'act-2', type: 'call', start: '2026-03-20T08:00:00Z', end: '2026-03-20T08:15:00Z' }, catalogue, known: {} },
      })
      .then([
        { type: 'ActivityStatusChanged', data: { activityId: id, from: 'planned', to: 'done', outcome: 'interested', nextActivityId: 'act-2' } },
        scheduled({
          activityId: 'act-2',
          details: { type: 'call', subject: 'Kick-off', notes: null, estimatedMinutes: null, related: { kind: 'company', id: 'c1' }, parentId: null, reminderOffsets: [] },
          schedule: { start: '2026-03-20T08:00:00.000Z', end: '2026-03-20T08:15:00.000Z', dueOn: null },
          previousActivityId: id,
        }),
      ])
      .andState({ id, status: 'done', completedAt: now, nextActivityId: 'act-2', outcome: 'interested' });
    spec.given([scheduled()]).when({ type: 'CompleteActivity', data: { catalogue, known: {} } }).then([statusChanged('planned', 'done')]);
  });

  it('refuses to complete twice, a bad next step, or someone else’s activity', () => {
    const complete = (next?: NewActivityInput, known = {}): ActivityCommand => ({ type: 'CompleteActivity', data: { ...(next ? { next } : {}), catalogue, known } });
    spec.given([scheduled(), statusChanged('planned', 'done')]).when(complete()).thenThrows('conflict', 'already done');
    spec.given([scheduled()]).when(complete({ activityId: 'act-2', dueOn: '2026-03-20', type: 'party' })).thenThrows('invalid', { path: 'next.type' });
    spec.given([scheduled()]).when(complete({ activityId: 'act-2' })).thenThrows('invalid', { path: 'next.start' });
    spec.given([scheduled()]).when(complete({ activityId: 'act-2', dueOn: '2026-03-20', assignee: user('ghost') }, { assignee: false })).thenThrows('invalid', { path: 'next.assignee' });
    spec.as(tom).given([scheduled()]).when(complete()).thenThrows('forbidden');
  });
});

describe('relink after a lead conversion', () => {
  const relink: ActivityCommand = {
    type: 'RelinkActivity',
    data: { from: { kind: 'lead', id: 'l1' }, to: { kind: 'contact', id: 'p1' }, reason: 'lead_converted' },
  };
  const onLead = scheduled({ details: { type: 'call', subject: 'Call', notes: null, estimatedMinutes: null, related: { kind: 'lead', id: 'l1' }, parentId: null, reminderOffsets: [] } });

  it('moves an open activity of the lead, whoever runs it, once', () => {
    const relinked = { type: 'ActivityRelinked' as const, data: { activityId: id, from: { kind: 'lead' as const, id: 'l1' }, to: { kind: 'contact' as const, id: 'p1' }, reason: 'lead_converted' as const, leadId: 'l1' } };
    spec.as(rita).given([onLead]).when(relink).then([relinked]).andState({ related: { kind: 'contact', id: 'p1' } });
    spec.given([onLead, relinked]).when(relink).thenNothing();
  });

  it('leaves closed activities and other records alone; an unknown activity is not found', () => {
    spec.given([onLead, statusChanged('planned', 'done')]).when(relink).thenNothing();
    spec.given([scheduled()]).when(relink).thenNothing();
    spec.when(relink).thenThrows('not_found');
  });
});
