import { describe, expect, it } from 'vitest';
import { importJobDecider, progressPercent, type ImportJobCommand } from '../../../domain/imports/import-job.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { ImportEvent } from '../../../events/imports/import-events.ts';
import { readStored } from '../../../contract/event-catalogue.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const jobId = 'job-1';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
const spec = deciderSpec(importJobDecider, { actor: olga, now });

const requested = (data: Partial<Extract<ImportEvent, { type: 'ImportRequested' }>['data']> = {}): GivenEvent<ImportEvent> => ({
  type: 'ImportRequested',
  data: {
    jobId,
    kind: 'companies',
    mode: 'create',
    matchOn: 'vatNumber',
    options: { encoding: null, delimiter: null, dateFormat: null, decimalComma: null, columns: [] },
    origin: 'upload',
    sourceKey: 'acme/imports/companies/job-1.csv',
    runAs: { userId: 'olga', role: 'standard', groups: [] },
    ...data,
  },
});
const validating: GivenEvent<ImportEvent> = { type: 'ImportValidationStarted', data: { jobId, sizeBytes: 1000 } };
const started: GivenEvent<ImportEvent> = {
  type: 'ImportStarted',
  data: { jobId, encoding: 'utf-8', encodingChoice: { by: 'utf-8', locale: null, of: null }, delimiter: ';', header: ['legalName'], rowsTotal: 95, dataStart: { line: 2, byteOffset: 20 } },
};
const progress = (from: number, to: number, created: string[] = []): GivenEvent<ImportEvent> => ({
  type: 'ImportProgressRecorded',
  data: {
    jobId,
    chunk: 1,
    next: { line: 2 + to, byteOffset: to * 10 + 20 },
    processed: to - from,
    created: created.length,
    updated: 0,
    unchanged: 0,
    rejected: to - from - created.length,
    createdIds: created,
    errorsKey: null,
  },
});
const recordProgress = (fromOffset: number, toOffset: number, createdIds: string[] = []): ImportJobCommand => ({
  type: 'RecordProgress',
  data: {
    from: { line: 2, byteOffset: fromOffset },
    next: { line: 12, byteOffset: toOffset },
    processed: 10,
    created: createdIds.length,
    updated: 1,
    unchanged: 3,
    rejected: 6 - createdIds.length,
    createdIds,
    errorsKey: 'acme/imports/errors/job-1/1.csv',
  },
});

describe('import job: request', () => {
  const request = (data: Partial<Extract<ImportJobCommand, { type: 'RequestImport' }>['data']> = {}): ImportJobCommand => ({
    type: 'RequestImport',
    data: { jobId, kind: 'companies', mode: 'create', origin: 'upload', sourceKey: 'acme/imports/companies/job-1.csv', ...data },
  });

  it('records the request with the requester as the identity the rows are imported as', () => {
    spec.when(request()).then([requested()]).andState({ status: 'uploaded', counts: { processed: 0 } });
  });

  it('create mode without a match field matches duplicates on the kind default', () => {
    spec.when(request({ kind: 'contacts' })).then([requested({ kind: 'contacts', matchOn: 'email' })]);
  });

  it('update and upsert need a match field', () => {
    spec.when(request({ mode: 'update' })).thenThrows('invalid', { path: 'matchOn' });
    spec.when(request({ mode: 'upsert', matchOn: 'code' })).then([requested({ mode: 'upsert', matchOn: 'code' })]);
  });

  it('refuses a match field the kind does not have', () => {
    spec.when(request({ kind: 'contacts', matchOn: 'code' })).thenThrows('invalid', { path: 'matchOn', message: /contacts can be matched/ });
  });

  it('refuses a second request under the same id', () => {
    spec.given([requested()]).when(request()).thenThrows('conflict');
  });
});

describe('import job: run', () => {
  it('validating, then running from the first data line', () => {
    spec.given([requested()]).when({ type: 'StartValidation', data: { sizeBytes: 1000 } }).then([validating]).andState({ status: 'validating', startedAt: now });
    spec
      .given([requested(), validating])
      .when({ type: 'StartImport', data: started.data as never })
      .then([started])
      .andState({ status: 'running', checkpoint: { line: 2, byteOffset: 20 }, rowsTotal: 95, format: { delimiter: ';', header: ['legalName'] } });
  });

  it('a duplicated start message changes nothing', () => {
    spec.given([requested(), validating]).when({ type: 'StartValidation', data: { sizeBytes: 1000 } }).thenNothing();
    spec.given([requested(), validating, started]).when({ type: 'StartImport', data: started.data as never }).thenNothing();
  });

  it('a job that is not validating cannot start', () => {
    spec.given([requested()]).when({ type: 'StartImport', data: started.data as never }).thenThrows('conflict');
    spec.when({ type: 'StartValidation', data: { sizeBytes: 1 } }).thenThrows('not_found');
  });

  it('a checkpoint adds the chunk counts and the created ids', () => {
    spec
      .given([requested(), validating, started])
      .when(recordProgress(20, 120, ['c1', 'c2']))
      .then([
        {
          type: 'ImportProgressRecorded',
          data: {
            jobId,
            chunk: 1,
            next: { line: 12, byteOffset: 120 },
            processed: 10,
            created: 2,
            updated: 1,
            unchanged: 3,
            rejected: 4,
            createdIds: ['c1', 'c2'],
            errorsKey: 'acme/imports/errors/job-1/1.csv',
          },
        },
      ])
      .andState({ counts: { processed: 10, created: 2, updated: 1, unchanged: 3, rejected: 4 }, checkpoint: { byteOffset: 120 } });
  });

  it('a chunk recorded before unchanged rows were counted (v1) reads with none', () => {
    const { unchanged: _, ...v1 } = (progress(0, 10, ['c1']) as Extract<ImportEvent, { type: 'ImportProgressRecorded' }>).data;
    expect(readStored('ImportProgressRecorded', 1, v1)).toEqual({ ...v1, unchanged: 0 });
  });

  it('a chunk replayed from an older checkpoint is not counted twice', () => {
    spec.given([requested(), validating, started, progress(0, 10, ['c1'])]).when(recordProgress(20, 120)).thenNothing();
  });

  it('a checkpoint never moves back', () => {
    spec.given([requested(), validating, started]).when(recordProgress(20, 10)).thenThrows('invalid', { path: 'next' });
  });

  it('no progress outside a running job', () => {
    spec.given([requested(), validating]).when(recordProgress(20, 120)).thenThrows('conflict');
  });

  it('completes with the total of rows read; completing twice changes nothing', () => {
    const given = [requested(), validating, started, progress(0, 10, ['c1'])];
    spec.given(given).when({ type: 'CompleteImport' }).then([{ type: 'ImportCompleted', data: { jobId, rowsTotal: 10 } }]).andState({
      status: 'completed',
      endedAt: now,
      rowsTotal: 10,
    });
    spec.given([...given, { type: 'ImportCompleted', data: { jobId, rowsTotal: 10 } }]).when({ type: 'CompleteImport' }).thenNothing();
    spec.given([requested(), validating]).when({ type: 'CompleteImport' }).thenThrows('conflict');
  });

  it('fails with a reason; a completed job cannot fail', () => {
    const fail: ImportJobCommand = { type: 'FailImport', data: { code: 'unterminated_quote', reason: 'line 4: a quote is never closed' } };
    spec
      .given([requested(), validating])
      .when(fail)
      .then([{ type: 'ImportFailed', data: { jobId, code: 'unterminated_quote', reason: 'line 4: a quote is never closed' } }])
      .andState({ status: 'failed', failure: { code: 'unterminated_quote' } });
    spec.given([requested(), validating, started, { type: 'ImportCompleted', data: { jobId, rowsTotal: 0 } }]).when(fail).thenThrows('conflict');
  });

  it('progress is the share of the counted rows done, 100 once completed', () => {
    const running = spec.given([requested(), validating, started, progress(0, 40)]).state();
    expect(progressPercent(running!)).toBe(42);
    const done = spec.given([requested(), validating, started, { type: 'ImportCompleted', data: { jobId, rowsTotal: 0 } }]).state();
    expect(progressPercent(done!)).toBe(100);
  });
});

describe('import job: cancel and revert', () => {
  const done = [requested(), validating, started, progress(0, 10, ['c1', 'c2']), { type: 'ImportCompleted', data: { jobId, rowsTotal: 10 } }] as GivenEvent<ImportEvent>[];

  it('the requester cancels a running job; a colleague may not', () => {
    spec.given([requested(), validating, started]).when({ type: 'CancelImport' }).then([{ type: 'ImportCancelled', data: { jobId } }]);
    spec.as(actor('piotr')).given([requested()]).when({ type: 'CancelImport' }).thenThrows('forbidden');
    spec.given(done).when({ type: 'CancelImport' }).thenThrows('conflict');
  });

  it('cancelling twice changes nothing; a manager may cancel', () => {
    const cancelled = [requested(), validating, started, { type: 'ImportCancelled', data: { jobId } }] as GivenEvent<ImportEvent>[];
    spec.given(cancelled).when({ type: 'CancelImport' }).thenNothing();
    spec.as(actor('marta', 'manager')).given([requested()]).when({ type: 'CancelImport' }).then([{ type: 'ImportCancelled', data: { jobId } }]);
  });

  it('the chunk in flight when the job was cancelled is still recorded (its records can be reverted), not once a revert is asked', () => {
    const cancelled = [requested(), validating, started, { type: 'ImportCancelled', data: { jobId } }] as GivenEvent<ImportEvent>[];
    spec.given(cancelled).when(recordProgress(20, 120, ['c1'])).thenState({ status: 'cancelled', counts: { processed: 10, created: 1 } });
    spec.given([...cancelled, { type: 'ImportRevertRequested', data: { jobId, records: 0 } }]).when(recordProgress(20, 120, ['c1'])).thenThrows('conflict');
    // Cancelled before it ran: no chunk can be in flight.
    spec.given([requested(), validating, { type: 'ImportCancelled', data: { jobId } }]).when(recordProgress(20, 120)).thenThrows('conflict');
  });

  it('reverting asks to remove every created record, then records the removal', () => {
    spec.given(done).when({ type: 'RequestRevert' }).then([{ type: 'ImportRevertRequested', data: { jobId, records: 2 } }]);
    const asked = [...done, { type: 'ImportRevertRequested', data: { jobId, records: 2 } }] as GivenEvent<ImportEvent>[];
    spec.given(asked).when({ type: 'RequestRevert' }).thenNothing();
    spec.given(asked).when({ type: 'CompleteRevert', data: { removed: 2 } }).then([{ type: 'ImportReverted', data: { jobId, removed: 2 } }]).andState({
      status: 'reverted',
    });
  });

  it('a manager may revert; a colleague may not; a running job must be cancelled first', () => {
    spec.as(actor('marta', 'manager')).given(done).when({ type: 'RequestRevert' }).then([{ type: 'ImportRevertRequested', data: { jobId, records: 2 } }]);
    spec.as(actor('piotr')).given(done).when({ type: 'RequestRevert' }).thenThrows('forbidden');
    spec.given([requested(), validating, started]).when({ type: 'RequestRevert' }).thenThrows('conflict');
    spec.given(done).when({ type: 'CompleteRevert', data: { removed: 0 } }).thenThrows('conflict');
  });
});

describe('import job: one run at a time (the lease)', () => {
  const until = '2026-03-10T09:16:00.000Z';
  const claim = (runId: string, at = until): ImportJobCommand => ({ type: 'ClaimRun', data: { runId, until: at } });
  const claimed = (runId: string, at = until): GivenEvent<ImportEvent> => ({ type: 'ImportRunClaimed', data: { jobId, runId, until: at } });

  it('a run takes a job nobody holds', () => {
    spec.given([requested()]).when(claim('r1')).then([claimed('r1')]).andState({ run: { id: 'r1', until } });
  });

  it('a second run finds the job held until the lease ends; then it takes the job over from its checkpoint', () => {
    spec.given([requested(), claimed('r1')]).when(claim('r2')).thenThrows('conflict', { message: /holds this import/ });
    spec.given([requested(), claimed('r1')]).when(claim('r2', '2026-03-10T09:40:00.000Z'), { now: '2026-03-10T09:16:00.001Z' }).then([
      claimed('r2', '2026-03-10T09:40:00.000Z'),
    ]);
  });

  it('a continuation of the holding run renews its lease', () => {
    spec.given([requested(), claimed('r1')]).when(claim('r1', '2026-03-10T09:30:00.000Z')).then([claimed('r1', '2026-03-10T09:30:00.000Z')]);
  });

  it('only the holder moves the job: another run’s steps are refused', () => {
    const held = [requested(), claimed('r1'), validating, started];
    spec.given(held).when({ ...recordProgress(20, 120), runId: 'r2' }).thenThrows('conflict');
    spec.given(held).when({ type: 'CompleteImport', runId: 'r2' }).thenThrows('conflict');
    spec.given(held).when({ ...recordProgress(20, 120), runId: 'r1' }).thenState({ counts: { processed: 10 } });
    spec.given([requested(), claimed('r1')]).when({ type: 'StartValidation', data: { sizeBytes: 1 }, runId: 'r2' }).thenThrows('conflict');
  });

  it('a failed run lets go: any run may take the job at once; a finished job is taken by none', () => {
    const released: GivenEvent<ImportEvent> = { type: 'ImportRunReleased', data: { jobId, runId: 'r1' } };
    spec.given([requested(), claimed('r1')]).when({ type: 'ReleaseRun', data: { runId: 'r1' } }).then([released]).andState({ run: null });
    spec.given([requested(), claimed('r1'), released]).when(claim('r2')).then([claimed('r2')]);
    spec.given([requested(), claimed('r2')]).when({ type: 'ReleaseRun', data: { runId: 'r1' } }).thenNothing();
    spec.given([requested(), validating, started, { type: 'ImportCompleted', data: { jobId, rowsTotal: 0 } }]).when(claim('r3')).thenThrows('conflict');
  });
});
