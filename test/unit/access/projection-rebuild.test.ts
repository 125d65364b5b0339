import { describe, it } from 'vitest';
import { noProgress, projectionRebuildDecider, type ProjectionRebuildCommand } from '../../../domain/access/projection-rebuild.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { RebuildEvent, RebuildProgress } from '../../../events/administration/rebuild-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const actor = (userId: string, role: Actor['role']): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const spec = deciderSpec(projectionRebuildDecider, { actor: actor('ada', 'admin'), now });
const worker = spec.as(actor('system:rebuild', 'admin'));

const jobId = 'rb-1';
const totals = (aggregates: number): RebuildProgress => ({ ...noProgress, aggregates, events: aggregates * 3, itemsWritten: aggregates * 2 });
const requested: GivenEvent<RebuildEvent> = { type: 'ProjectionRebuildRequested', data: { jobId } };
const started: GivenEvent<RebuildEvent> = { type: 'ProjectionRebuildStarted', data: { jobId, segments: 2 } };
const cursors = [{ key: { pk: 'acme#company#c9', version: 4 }, done: false }, { key: null, done: true }];
const progressed: GivenEvent<RebuildEvent> = { type: 'ProjectionRebuildProgressed', data: { jobId, phase: 'events', cursors, progress: totals(10) } };
const progress = (aggregates: number): ProjectionRebuildCommand => ({ type: 'RecordRebuildProgress', data: { phase: 'events', cursors, progress: totals(aggregates) } });

describe('requesting a rebuild', () => {
  it('queues the job for administrators', () => {
    spec
      .when({ type: 'RequestRebuild', data: { jobId } })
      .then([requested])
      .andState({ id: jobId, status: 'queued', requestedBy: 'ada', requestedAt: now, checkpoint: null, progress: noProgress, checkpoints: 0 });
  });

  it('is for administrators only', () => {
    spec.as(actor('tom', 'manager')).when({ type: 'RequestRebuild', data: { jobId } }).thenThrows('forbidden');
  });
});

describe('running a rebuild', () => {
  it('starts with every segment of the events phase at the start', () => {
    worker
      .given([requested])
      .when({ type: 'StartRebuild', data: { segments: 2 } })
      .then([started])
      .andState({ status: 'running', startedAt: now, checkpoint: { phase: 'events', cursors: [{ key: null, done: false }, { key: null, done: false }] } });
  });

  it('starts once: a redelivered start finds it running and records nothing', () => {
    worker.given([requested, started]).when({ type: 'StartRebuild', data: { segments: 2 } }).thenNothing();
  });

  it('records checkpoints with the totals so far, and continues from the latest', () => {
    worker
      .given([requested, started, progressed])
      .when(progress(15))
      .then([{ type: 'ProjectionRebuildProgressed', data: { jobId, phase: 'events', cursors, progress: totals(15) } }])
      .andState({ checkpoint: { phase: 'events', cursors }, progress: totals(15), checkpoints: 2, updatedAt: now });
  });

  it('refuses totals that go back (a stale run)', () => {
    worker.given([requested, started, progressed]).when(progress(9)).thenThrows('invalid', { path: 'progress.aggregates' });
  });

  it('completes with the final totals, once', () => {
    const complete: ProjectionRebuildCommand = { type: 'CompleteRebuild', data: { progress: totals(12) } };
    worker
      .given([requested, started, progressed])
      .when(complete)
      .then([{ type: 'ProjectionRebuildCompleted', data: { jobId, progress: totals(12) } }])
      .andState({ status: 'completed', endedAt: now, checkpoint: null, progress: totals(12) });
    worker.given([requested, started, { type: 'ProjectionRebuildCompleted', data: { jobId, progress: totals(12) } }]).when(complete).thenNothing();
  });

  it('records a failure with its reason; a finished job neither progresses nor fails', () => {
    const fail: ProjectionRebuildCommand = { type: 'FailRebuild', data: { code: 'rebuild-error', reason: 'throttled' } };
    worker
      .given([requested, started])
      .when(fail)
      .then([{ type: 'ProjectionRebuildFailed', data: { jobId, code: 'rebuild-error', reason: 'throttled' } }])
      .andState({ status: 'failed', endedAt: now, failure: { code: 'rebuild-error', reason: 'throttled' } });
    const failed: GivenEvent<RebuildEvent> = { type: 'ProjectionRebuildFailed', data: { jobId, code: 'rebuild-error', reason: 'throttled' } };
    worker.given([requested, started, failed]).when(progress(15)).thenThrows('conflict');
    worker.given([requested, started, { type: 'ProjectionRebuildCompleted', data: { jobId, progress: totals(12) } }]).when(fail).thenThrows('conflict');
  });

  it('knows no job it was not asked for', () => {
    worker.when({ type: 'StartRebuild', data: { segments: 4 } }).thenThrows('not_found');
  });
});
