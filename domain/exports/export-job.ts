import type { ExportEvent, ExportFilter, ExportKind, ExportLocale } from '../../events/exports/export-events.ts';
import { canManageImport } from '../imports/import-job.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';

export type ExportStatus = 'requested' | 'running' | 'completed' | 'failed';

export interface ExportJob {
  readonly id: string;
  readonly kind: ExportKind;
  readonly filter: ExportFilter;
  readonly locale: ExportLocale;
  /** Where the file is written in the drop bucket. */
  readonly key: string;
  /** Whose list is exported: the requester's identity at request time (the worker has no token). */
  readonly runAs: Pick<Actor, 'userId' | 'role' | 'groups'>;
  readonly status: ExportStatus;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** Records written, once completed. */
  readonly rows: number | null;
  readonly bytes: number | null;
  readonly failure: { readonly code: string; readonly reason: string } | null;
}

export type ExportJobState = ExportJob | null;

export type ExportJobCommand =
  | { type: 'RequestExport'; data: { jobId: string; kind: ExportKind; filter: ExportFilter; locale: ExportLocale } }
  | { type: 'StartExport' }
  | { type: 'CompleteExport'; data: { rows: number; bytes: number } }
  | { type: 'FailExport'; data: { code: string; reason: string } };

/**
 * Where an export's file lives: under the tenant's `exports/` prefix, named after the job (the drop
 * bucket expires objects tagged as exports; the import worker ignores everything outside `imports/`).
 */
export const exportKeyOf = (tenant: string, jobId: string): string => `${tenant}/exports/${jobId}.csv`;

/** The requester, managers and admins read an export: the rule of an import job. */
export const canReadExport = (actor: Actor, job: ExportJob): boolean => canManageImport(actor, job);

export const isFinished = (job: ExportJob): boolean => job.status === 'completed' || job.status === 'failed';

const existing = (state: ExportJobState): ExportJob => {
  if (state === null) throw notFound('export not found');
  return state;
};

export const decide = (command: ExportJobCommand, state: ExportJobState, context: DecisionContext): ExportEvent[] => {
  if (command.type === 'RequestExport') {
    if (state !== null) throw conflict('export already exists');
    const { jobId, kind, filter, locale } = command.data;
    const { tenant, userId, role, groups } = context.actor;
    return [{ type: 'ExportRequested', data: { jobId, kind, filter: { ...filter }, locale, key: exportKeyOf(tenant, jobId), runAs: { userId, role, groups: [...groups] } } }];
  }
  const job = existing(state);
  const jobId = job.id;
  switch (command.type) {
    case 'StartExport':
      // A redelivered message finds the export under way: it writes the file again, from the start.
      if (job.status === 'running') return [];
      if (job.status !== 'requested') throw conflict(`an export that is ${job.status} cannot start`);
      return [{ type: 'ExportStarted', data: { jobId } }];
    case 'CompleteExport': {
      if (job.status === 'completed') return [];
      if (job.status !== 'running') throw conflict(`an export that is ${job.status} cannot complete`);
      const { rows, bytes } = command.data;
      if (!Number.isSafeInteger(rows) || rows < 0) throw invalid('rows', 'must be a whole number, at least 0');
      if (!Number.isSafeInteger(bytes) || bytes < 0) throw invalid('bytes', 'must be a whole number, at least 0');
      return [{ type: 'ExportCompleted', data: { jobId, rows, bytes } }];
    }
    case 'FailExport':
      if (job.status === 'failed') return [];
      if (job.status === 'completed') throw conflict('a completed export cannot fail');
      return [{ type: 'ExportFailed', data: { jobId, ...command.data } }];
  }
};

export const evolve = (state: ExportJobState, event: Recorded<ExportEvent>): ExportJobState => {
  if (event.type === 'ExportRequested') {
    const { jobId, ...data } = event.data;
    return { id: jobId, ...data, status: 'requested', requestedAt: event.at, startedAt: null, endedAt: null, rows: null, bytes: null, failure: null };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'ExportStarted':
      return { ...state, status: 'running', startedAt: event.at };
    case 'ExportCompleted':
      return { ...state, status: 'completed', endedAt: event.at, rows: event.data.rows, bytes: event.data.bytes };
    case 'ExportFailed':
      return { ...state, status: 'failed', endedAt: event.at, failure: { code: event.data.code, reason: event.data.reason } };
  }
};

export const exportJobDecider: Decider<ExportJobCommand, ExportJobState, ExportEvent> = { initialState: null, decide, evolve };
