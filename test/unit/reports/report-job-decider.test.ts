import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/shared/actor.ts';
import { canReadReport, maxQueueWaitMs, maxReportAttempts, reportAsOf, reportJobDecider, type ReportJobCommand } from '../../../domain/reports/report-job.ts';
import type { ReportEvent } from '../../../events/reports/report-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const jobId = 'rep-1';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: ['sales'] });
const sara = actor('sara');
const spec = deciderSpec(reportJobDecider, { actor: sara, now });

const request: ReportJobCommand = {
  type: 'RequestReport',
  data: { jobId, subject: { type: 'company', id: 'cmp-1' }, format: 'pdf', locale: 'pl', timeZone: 'Europe/Warsaw', from: '2026-01-01', to: '2026-02-28' },
};
const requested: GivenEvent<ReportEvent> = {
  type: 'ReportRequested',
  data: {
    jobId,
    subject: { type: 'company', id: 'cmp-1' },
    format: 'pdf',
    locale: 'pl',
    timeZone: 'Europe/Warsaw',
    from: '2026-01-01',
    to: '2026-02-28',
    key: 'acme/reports/rep-1.pdf',
    runAs: { userId: 'sara', role: 'standard', groups: ['sales'] },
  },
};
const started = (attempt: number, deadline: string): GivenEvent<ReportEvent> => ({ type: 'ReportAttemptStarted', data: { jobId, attempt, deadline } });
const attemptFailed = (attempt: number): GivenEvent<ReportEvent> => ({ type: 'ReportAttemptFailed', data: { jobId, attempt, code: 'render_failed', reason: 'Chromium crashed' } });
const before = '2026-03-10T08:55:00.000Z';
const later = '2026-03-10T09:05:00.000Z';

describe('report job: request', () => {
  it('records the request with the file key under the tenant and the requester as whose view it shows', () => {
    spec.when(request).then([requested as ReportEvent]).andState({ status: 'requested', attempts: 0, key: 'acme/reports/rep-1.pdf' });
  });

  it('refuses a quote in any format but PDF, naming the format', () => {
    spec.when({ ...request, data: { ...request.data, subject: { type: 'quote', id: 'q-1' }, format: 'csv' } }).thenThrows('invalid', { path: 'format' });
  });

  it('refuses a period that ends before it starts, naming `to`', () => {
    spec.when({ ...request, data: { ...request.data, from: '2026-03-01', to: '2026-02-01' } }).thenThrows('invalid', { path: 'to' });
  });

  it('refuses a second request of the same job', () => {
    spec.given([requested]).when(request).thenThrows('conflict');
  });
});

describe('report job: attempts', () => {
  it('starts the first attempt with its deadline', () => {
    spec.given([requested]).when({ type: 'StartAttempt', data: { deadline: later } }).then([{ type: 'ReportAttemptStarted', data: { jobId, attempt: 1, deadline: later } }]).andState({ status: 'running', attempts: 1 });
  });

  it('refuses a second start while the running attempt is within its deadline (a duplicate message)', () => {
    spec.given([requested, started(1, later)]).when({ type: 'StartAttempt', data: { deadline: later } }).thenThrows('conflict', /another attempt/);
  });

  it('starts the next attempt once the running one is past its deadline (its worker died)', () => {
    spec.given([requested, started(1, before)]).when({ type: 'StartAttempt', data: { deadline: later } }).then([{ type: 'ReportAttemptStarted', data: { jobId, attempt: 2, deadline: later } }]);
  });

  it('fails the job when the last attempt died past its deadline', () => {
    spec
      .given([requested, started(1, before), attemptFailed(1), started(2, before), attemptFailed(2), started(3, before)])
      .when({ type: 'StartAttempt', data: { deadline: later } })
      .then([{ type: 'ReportFailed', data: { jobId, code: 'timed_out', reason: `the last of ${maxReportAttempts} attempts did not finish before ${before}` } }])
      .andState({ status: 'failed' });
  });

  it('a failed attempt with attempts left is retried: the job is requested again, the reason kept', () => {
    spec
      .given([requested, started(1, later)])
      .when({ type: 'FailAttempt', data: { attempt: 1, code: 'render_failed', reason: 'Chromium crashed' } })
      .then([attemptFailed(1) as ReportEvent])
      .andState({ status: 'requested', attempts: 1, failure: { code: 'render_failed', reason: 'Chromium crashed' } });
  });

  it('the last failed attempt fails the job with its reason', () => {
    spec
      .given([requested, started(1, before), attemptFailed(1), started(2, before), attemptFailed(2), started(3, later)])
      .when({ type: 'FailAttempt', data: { attempt: 3, code: 'render_failed', reason: 'out of memory' } })
      .then([{ type: 'ReportFailed', data: { jobId, code: 'render_failed', reason: 'out of memory' } }])
      .andState({ status: 'failed', attempts: 3 });
  });

  it('a final failure (the company is gone) fails at once, attempts left or not', () => {
    spec
      .given([requested, started(1, later)])
      .when({ type: 'FailAttempt', data: { attempt: 1, code: 'not_found', reason: 'the company no longer exists', final: true } })
      .then([{ type: 'ReportFailed', data: { jobId, code: 'not_found', reason: 'the company no longer exists' } }]);
  });

  it('completes a running attempt with the file size, pages and entries', () => {
    spec
      .given([requested, started(1, later)])
      .when({ type: 'CompleteReport', data: { attempt: 1, bytes: 51_200, pages: 4, entries: 120 } })
      .then([{ type: 'ReportCompleted', data: { jobId, bytes: 51_200, pages: 4, entries: 120 } }])
      .andState({ status: 'completed', bytes: 51_200, pages: 4, entries: 120, failure: null, deadline: null });
  });

  it('refuses to complete a job no attempt is running', () => {
    spec.given([requested]).when({ type: 'CompleteReport', data: { attempt: 1, bytes: 1, pages: null, entries: 0 } }).thenThrows('conflict');
  });

  it('refuses impossible figures, naming them', () => {
    spec.given([requested, started(1, later)]).when({ type: 'CompleteReport', data: { attempt: 1, bytes: -1, pages: null, entries: 0 } }).thenThrows('invalid', { path: 'bytes' });
    spec.given([requested, started(1, later)]).when({ type: 'CompleteReport', data: { attempt: 1, bytes: 1, pages: 0, entries: 0 } }).thenThrows('invalid', { path: 'pages' });
  });

  it('a repeated completion or failure changes nothing; a finished job does not start again', () => {
    const completed: GivenEvent<ReportEvent> = { type: 'ReportCompleted', data: { jobId, bytes: 10, pages: 1, entries: 0 } };
    spec.given([requested, started(1, later), completed]).when({ type: 'CompleteReport', data: { attempt: 1, bytes: 10, pages: 1, entries: 0 } }).thenNothing();
    spec.given([requested, started(1, later), completed]).when({ type: 'StartAttempt', data: { deadline: later } }).thenThrows('conflict');
    const failed: GivenEvent<ReportEvent> = { type: 'ReportFailed', data: { jobId, code: 'not_found', reason: 'gone' } };
    spec.given([requested, started(1, later), failed]).when({ type: 'FailAttempt', data: { attempt: 1, code: 'x', reason: 'y' } }).thenNothing();
  });

  it('an attempt that overran while another took over changes nothing when it ends', () => {
    const overtaken = [requested, started(1, before), started(2, later)];
    spec.given(overtaken).when({ type: 'FailAttempt', data: { attempt: 1, code: 'timed_out', reason: 'late' } }).thenNothing();
    spec.given(overtaken).when({ type: 'CompleteReport', data: { attempt: 1, bytes: 1, pages: 1, entries: 0 } }).thenNothing();
  });

  it('records as failed a job abandoned past its deadline (no redelivery came), attempts left or not', () => {
    const longAgo = '2026-03-10T08:00:00.000Z';
    spec
      .given([requested, started(1, longAgo)])
      .when({ type: 'StartAttempt', data: { deadline: later } })
      .then([{ type: 'ReportFailed', data: { jobId, code: 'timed_out', reason: `attempt 1 did not finish before ${longAgo}, and no other attempt followed` } }]);
  });

  it('records as failed a job that waited for an attempt longer than the queue may take', () => {
    spec
      .given([{ ...requested, at: '2026-03-10T07:00:00.000Z' }])
      .when({ type: 'StartAttempt', data: { deadline: later } })
      .then([{ type: 'ReportFailed', data: { jobId, code: 'not_started', reason: `no attempt started within ${maxQueueWaitMs / 60_000} minutes` } }]);
  });

  it('an unknown job is not found', () => {
    spec.when({ type: 'StartAttempt', data: { deadline: later } }).thenThrows('not_found');
  });
});

describe('report job: as readers see it', () => {
  it('shows a job whose last attempt passed its deadline as failed (timed out), never running for ever', () => {
    const state = spec.given([requested, started(1, before), attemptFailed(1), started(2, before), attemptFailed(2), started(3, before)]).state();
    expect(reportAsOf(state!, now)).toMatchObject({ status: 'failed', failure: { code: 'timed_out' }, endedAt: before });
  });

  it('shows a job abandoned past its deadline, or never started, as failed', () => {
    const abandoned = spec.given([requested, started(1, '2026-03-10T08:40:00.000Z')]).state()!;
    expect(reportAsOf(abandoned, '2026-03-10T08:54:59.000Z').status).toBe('running');
    expect(reportAsOf(abandoned, now)).toMatchObject({ status: 'failed', failure: { code: 'timed_out' } });
    const waiting = spec.given([{ ...requested, at: '2026-03-10T08:00:00.000Z' }]).state()!;
    expect(reportAsOf(waiting, '2026-03-10T08:59:59.000Z').status).toBe('requested');
    expect(reportAsOf(waiting, '2026-03-10T09:00:01.000Z')).toMatchObject({ status: 'failed', failure: { code: 'not_started' }, endedAt: '2026-03-10T09:00:00.000Z' });
  });

  it('shows a running job with attempts left, or within its deadline, as it is', () => {
    const retrying = spec.given([requested, started(1, before)]).state()!;
    expect(reportAsOf(retrying, now).status).toBe('running');
    const last = spec.given([requested, started(1, before), attemptFailed(1), started(2, before), attemptFailed(2), started(3, later)]).state()!;
    expect(reportAsOf(last, now).status).toBe('running');
  });

  it('is read by its requester, managers and admins only', () => {
    const job = spec.given([requested]).state()!;
    expect(canReadReport(sara, job)).toBe(true);
    expect(canReadReport(actor('max', 'manager'), job)).toBe(true);
    expect(canReadReport(actor('ada', 'admin'), job)).toBe(true);
    expect(canReadReport(actor('tom'), job)).toBe(false);
    expect(canReadReport(actor('rita', 'restricted'), job)).toBe(false);
  });
});
