import type { RebuildEvent, RebuildPhase, RebuildProgress, ScanCursor } from '../../events/administration/rebuild-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { assertAdministrator } from './administration.ts';

export type RebuildStatus = 'queued' | 'running' | 'completed' | 'failed';

/** Where a running rebuild continues from: the phase and each scan segment's cursor. */
export interface RebuildCheckpoint {
  readonly phase: RebuildPhase;
  readonly cursors: readonly ScanCursor[];
}

/** A rebuild of one tenant's read models, run (and continued) by the rebuild worker. */
export interface ProjectionRebuild {
  readonly id: string;
  readonly status: RebuildStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  /** When the latest event was recorded: a running job that stops moving shows it. */
  readonly updatedAt: string;
  readonly endedAt: string | null;
  /** Null until started; then where the next run continues. */
  readonly checkpoint: RebuildCheckpoint | null;
  readonly progress: RebuildProgress;
  /** Checkpoints recorded so far (a long rebuild records one every few pages and at every run's end). */
  readonly checkpoints: number;
  readonly failure: { readonly code: string; readonly reason: string } | null;
}

export type ProjectionRebuildState = ProjectionRebuild | null;

export type ProjectionRebuildCommand =
  | { type: 'RequestRebuild'; data: { jobId: string } }
  | { type: 'StartRebuild'; data: { segments: number } }
  | { type: 'RecordRebuildProgress'; data: RebuildCheckpoint & { progress: RebuildProgress } }
  | { type: 'CompleteRebuild'; data: { progress: RebuildProgress } }
  | { type: 'FailRebuild'; data: { code: string; reason: string } };

export const noProgress: RebuildProgress = { aggregates: 0, events: 0, itemsWritten: 0, itemsChecked: 0, itemsDeleted: 0 };

export const isFinished = (job: ProjectionRebuild): boolean => job.status === 'completed' || job.status === 'failed';

const existing = (state: ProjectionRebuildState): ProjectionRebuild => {
  if (state === null) throw notFound('rebuild not found');
  return state;
};

/** Totals only grow: a checkpoint behind the job's own is a stale run's, refused. */
const checkTotals = (job: ProjectionRebuild, progress: RebuildProgress) => {
  for (const [name, value] of Object.entries(progress) as [keyof RebuildProgress, number][]) {
    if (!Number.isSafeInteger(value) || value < job.progress[name]) throw invalid(`progress.${name}`, `must be a whole number, at least ${job.progress[name]}`);
  }
};

export const decide = (command: ProjectionRebuildCommand, state: ProjectionRebuildState, context: DecisionContext): RebuildEvent[] => {
  if (command.type === 'RequestRebuild') {
    assertAdministrator(context.actor);
    if (state !== null) throw conflict('rebuild already exists');
    return [{ type: 'ProjectionRebuildRequested', data: { jobId: command.data.jobId } }];
  }
  const job = existing(state);
  const jobId = job.id;
  switch (command.type) {
    case 'StartRebuild':
      // A redelivered start finds the job under way: the run continues from its checkpoint.
      if (job.status === 'running') return [];
      if (job.status !== 'queued') throw conflict(`a rebuild that is ${job.status} cannot start`);
      if (!Number.isSafeInteger(command.data.segments) || command.data.segments < 1) throw invalid('segments', 'must be at least 1');
      return [{ type: 'ProjectionRebuildStarted', data: { jobId, segments: command.data.segments } }];
    case 'RecordRebuildProgress': {
      if (job.status !== 'running') throw conflict(`a rebuild that is ${job.status} records no progress`);
      const { phase, cursors, progress } = command.data;
      if (cursors.length === 0) throw invalid('cursors', 'at least one segment');
      checkTotals(job, progress);
      return [{ type: 'ProjectionRebuildProgressed', data: { jobId, phase, cursors: cursors.map((c) => ({ ...c })), progress: { ...progress } } }];
    }
    case 'CompleteRebuild':
      if (job.status === 'completed') return [];
      if (job.status !== 'running') throw conflict(`a rebuild that is ${job.status} cannot complete`);
      checkTotals(job, command.data.progress);
      return [{ type: 'ProjectionRebuildCompleted', data: { jobId, progress: { ...command.data.progress } } }];
    case 'FailRebuild':
      if (job.status === 'failed') return [];
      if (job.status === 'completed') throw conflict('a completed rebuild cannot fail');
      return [{ type: 'ProjectionRebuildFailed', data: { jobId, ...command.data } }];
  }
};

export const evolve = (state: ProjectionRebuildState, event: Recorded<RebuildEvent>): ProjectionRebuildState => {
  if (event.type === 'ProjectionRebuildRequested') {
    return {
      id: event.data.jobId,
      status: 'queued',
      requestedBy: event.actor,
      requestedAt: event.at,
      startedAt: null,
      updatedAt: event.at,
      endedAt: null,
      checkpoint: null,
      progress: noProgress,
      checkpoints: 0,
      failure: null,
    };
  }
  if (state === null) return state;
  const updated = { ...state, updatedAt: event.at };
  switch (event.type) {
    case 'ProjectionRebuildStarted':
      return {
        ...updated,
        status: 'running',
        startedAt: event.at,
        checkpoint: { phase: 'events', cursors: Array.from({ length: event.data.segments }, () => ({ key: null, done: false })) },
      };
    case 'ProjectionRebuildProgressed':
      return { ...updated, checkpoint: { phase: event.data.phase, cursors: event.data.cursors }, progress: event.data.progress, checkpoints: state.checkpoints + 1 };
    case 'ProjectionRebuildCompleted':
      return { ...updated, status: 'completed', endedAt: event.at, checkpoint: null, progress: event.data.progress };
    case 'ProjectionRebuildFailed':
      return { ...updated, status: 'failed', endedAt: event.at, failure: { code: event.data.code, reason: event.data.reason } };
  }
};

export const projectionRebuildDecider: Decider<ProjectionRebuildCommand, ProjectionRebuildState, RebuildEvent> = {
  initialState: null,
  decide,
  evolve,
};
