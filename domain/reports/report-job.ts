import type { ReportEvent, ReportFormat, ReportLocale, ReportSubject } from '../../events/reports/report-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';

/**
 * A report job: requested → running (one attempt at a time, each with a deadline) → completed or
 * failed. A failed attempt is retried up to `maxReportAttempts`; then the job fails with the last
 * reason. An attempt that died without a word (the function timed out, the process crashed) is over
 * at its deadline: the next message starts the next attempt, and readers see a job whose last
 * attempt is past its deadline with no attempt left as failed (`timed_out`) — never stuck running.
 */
export const maxReportAttempts = 3;

/**
 * How long past its deadline a running attempt may still be taken over by a redelivered message (the
 * report queue's visibility timeout, 600 s, plus a margin). Past that, nothing will come back for the
 * job — its message was dropped or dead-lettered — so it has failed (`timed_out`), attempts left or not.
 */
export const abandonedAfterMs = 15 * 60 * 1000;

/**
 * How long a job may wait for its next attempt (in the queue, behind others) before it has failed
 * (`not_started`): a message that was never sent, or was lost, leaves no job waiting for ever.
 */
export const maxQueueWaitMs = 60 * 60 * 1000;

export type ReportStatus = 'requested' | 'running' | 'completed' | 'failed';

export interface ReportFailure {
  readonly code: string;
  readonly reason: string;
}

export interface ReportJob {
  readonly id: string;
  readonly subject: ReportSubject;
  readonly format: ReportFormat;
  readonly locale: ReportLocale;
  readonly timeZone: string;
  readonly from: string | null;
  readonly to: string | null;
  /** Where the file is written in the drop bucket. */
  readonly key: string;
  readonly runAs: Pick<Actor, 'userId' | 'role' | 'groups'>;
  readonly status: ReportStatus;
  /** Attempts started so far. */
  readonly attempts: number;
  /** The running attempt's deadline (null when no attempt runs). */
  readonly deadline: string | null;
  /** Since when the job waits for its next attempt: its request, or its last failed attempt. */
  readonly waitingSince: string;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly bytes: number | null;
  readonly pages: number | null;
  readonly entries: number | null;
  /** The final failure, or the last failed attempt's reason while a retry is pending. */
  readonly failure: ReportFailure | null;
}

export type ReportJobState = ReportJob | null;

export type ReportJobCommand =
  | {
      type: 'RequestReport';
      data: {
        jobId: string;
        subject: ReportSubject;
        format: ReportFormat;
        locale: ReportLocale;
        timeZone: string;
        from: string | null;
        to: string | null;
      };
    }
  /** Begin the next attempt, which ends at the latest at `deadline` (the end of the invocation). */
  | { type: 'StartAttempt'; data: { deadline: string } }
  /**
   * Attempt `attempt` failed: retried while attempts are left (`final`: never, e.g. the subject is gone).
   * An attempt that is no longer the running one (it overran and another took over) changes nothing.
   */
  | { type: 'FailAttempt'; data: { attempt: number; code: string; reason: string; final?: boolean } }
  | { type: 'CompleteReport'; data: { attempt: number; bytes: number; pages: number | null; entries: number } };

/** Where a report's file lives: under the tenant's `reports/` prefix, named after the job. */
export const reportKeyOf = (tenant: string, jobId: string, format: ReportFormat): string => `${tenant}/reports/${jobId}.${format}`;

/** The requester, managers and admins read a report (as exports). */
export const canReadReport = (actor: Actor, job: ReportJob): boolean =>
  actor.role === 'admin' || actor.role === 'manager' || actor.userId === job.runAs.userId;

/** `at` plus `ms`, as an ISO instant (pure: no clock read). */
const plusMs = (at: string, ms: number): string => new Date(Date.parse(at) + ms).toISOString();

/**
 * The job as readers see it at `now`, and as the next attempt finds it. A running job has failed
 * (`timed_out`) once its last attempt is past its deadline, or once any attempt is past its deadline by
 * more than `abandonedAfterMs` (no redelivery is coming for it); a job waiting for an attempt has failed
 * (`not_started`) after `maxQueueWaitMs`. Never stuck running, never waiting for ever.
 */
export const reportAsOf = (job: ReportJob, now: string): ReportJob => {
  const failed = (endedAt: string, failure: ReportFailure): ReportJob => ({ ...job, status: 'failed', deadline: null, endedAt, failure });
  if (job.status === 'running' && job.deadline !== null && job.deadline < now) {
    if (job.attempts >= maxReportAttempts) {
      return failed(job.deadline, { code: 'timed_out', reason: `the last of ${maxReportAttempts} attempts did not finish before ${job.deadline}` });
    }
    if (plusMs(job.deadline, abandonedAfterMs) < now) {
      return failed(job.deadline, { code: 'timed_out', reason: `attempt ${job.attempts} did not finish before ${job.deadline}, and no other attempt followed` });
    }
  }
  if (job.status === 'requested' && plusMs(job.waitingSince, maxQueueWaitMs) < now) {
    const endedAt = plusMs(job.waitingSince, maxQueueWaitMs);
    return failed(endedAt, { code: 'not_started', reason: `no attempt started within ${maxQueueWaitMs / 60_000} minutes${job.failure ? ` (last failure: ${job.failure.reason})` : ''}` });
  }
  return job;
};

const existing = (state: ReportJobState): ReportJob => {
  if (state === null) throw notFound('report not found');
  return state;
};

const isFinished = (job: ReportJob): boolean => job.status === 'completed' || job.status === 'failed';

export const decide = (command: ReportJobCommand, state: ReportJobState, context: DecisionContext): ReportEvent[] => {
  if (command.type === 'RequestReport') {
    if (state !== null) throw conflict('report already exists');
    const { jobId, subject, format, locale, timeZone, from, to } = command.data;
    if (subject.type === 'quote' && format !== 'pdf') throw invalid('format', 'a quote is rendered as a PDF only');
    if (from !== null && to !== null && from > to) throw invalid('to', 'must be on or after `from`');
    const { tenant, userId, role, groups } = context.actor;
    return [
      {
        type: 'ReportRequested',
        data: { jobId, subject: { ...subject }, format, locale, timeZone, from, to, key: reportKeyOf(tenant, jobId, format), runAs: { userId, role, groups: [...groups] } },
      },
    ];
  }
  const job = existing(state);
  const { id: jobId } = job;
  switch (command.type) {
    case 'StartAttempt': {
      if (isFinished(job)) throw conflict(`a report that is ${job.status} cannot start`);
      // Another attempt holds the job until its deadline: a duplicate message waits its turn.
      if (job.status === 'running' && job.deadline !== null && job.deadline > context.now) throw conflict('another attempt is running this report');
      // What readers already see as failed (its last attempt died, or it was abandoned) is recorded so.
      const seen = reportAsOf(job, context.now);
      if (seen.status === 'failed' && seen.failure) return [{ type: 'ReportFailed', data: { jobId, ...seen.failure } }];
      return [{ type: 'ReportAttemptStarted', data: { jobId, attempt: job.attempts + 1, deadline: command.data.deadline } }];
    }
    case 'FailAttempt': {
      if (job.status === 'failed') return [];
      if (job.status !== 'running') throw conflict(`a report that is ${job.status} has no attempt to fail`);
      const { attempt, code, reason, final } = command.data;
      if (attempt !== job.attempts) return [];
      if (final === true || job.attempts >= maxReportAttempts) return [{ type: 'ReportFailed', data: { jobId, code, reason } }];
      return [{ type: 'ReportAttemptFailed', data: { jobId, attempt: job.attempts, code, reason } }];
    }
    case 'CompleteReport': {
      if (job.status === 'completed') return [];
      if (job.status !== 'running') throw conflict(`a report that is ${job.status} cannot complete`);
      const { attempt, bytes, pages, entries } = command.data;
      // An attempt that overran its deadline while another took over: the running one completes the job.
      if (attempt !== job.attempts) return [];
      if (!Number.isSafeInteger(bytes) || bytes < 0) throw invalid('bytes', 'must be a whole number, at least 0');
      if (pages !== null && (!Number.isSafeInteger(pages) || pages < 1)) throw invalid('pages', 'must be a whole number, at least 1');
      if (!Number.isSafeInteger(entries) || entries < 0) throw invalid('entries', 'must be a whole number, at least 0');
      return [{ type: 'ReportCompleted', data: { jobId, bytes, pages, entries } }];
    }
  }
};

export const evolve = (state: ReportJobState, event: Recorded<ReportEvent>): ReportJobState => {
  if (event.type === 'ReportRequested') {
    const { jobId, ...data } = event.data;
    return {
      id: jobId,
      ...data,
      status: 'requested',
      attempts: 0,
      deadline: null,
      waitingSince: event.at,
      requestedAt: event.at,
      startedAt: null,
      endedAt: null,
      bytes: null,
      pages: null,
      entries: null,
      failure: null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'ReportAttemptStarted':
      return { ...state, status: 'running', attempts: event.data.attempt, deadline: event.data.deadline, startedAt: state.startedAt ?? event.at };
    case 'ReportAttemptFailed':
      // Requested again: the queue's next delivery starts the next attempt at once.
      return { ...state, status: 'requested', deadline: null, waitingSince: event.at, failure: { code: event.data.code, reason: event.data.reason } };
    case 'ReportCompleted':
      return { ...state, status: 'completed', deadline: null, endedAt: event.at, bytes: event.data.bytes, pages: event.data.pages, entries: event.data.entries, failure: null };
    case 'ReportFailed':
      return { ...state, status: 'failed', deadline: null, endedAt: event.at, failure: { code: event.data.code, reason: event.data.reason } };
  }
};

export const reportJobDecider: Decider<ReportJobCommand, ReportJobState, ReportEvent> = { initialState: null, decide, evolve };
