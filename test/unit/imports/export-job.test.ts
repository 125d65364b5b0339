import { describe, expect, it } from 'vitest';
import { canReadExport, exportJobDecider, exportKeyOf, type ExportJobCommand } from '../../../domain/exports/export-job.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { ExportEvent } from '../../../events/exports/export-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const jobId = 'exp-1';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const rita = { ...actor('rita', 'restricted'), groups: ['north'] };
const spec = deciderSpec(exportJobDecider, { actor: rita, now });

const request: ExportJobCommand = { type: 'RequestExport', data: { jobId, kind: 'companies', filter: { tag: 'vip', mine: true, sort: 'name' }, locale: 'it' } };
const requested: GivenEvent<ExportEvent> = {
  type: 'ExportRequested',
  data: {
    jobId,
    kind: 'companies',
    filter: { tag: 'vip', mine: true, sort: 'name' },
    locale: 'it',
    key: 'acme/exports/exp-1.csv',
    runAs: { userId: 'rita', role: 'restricted', groups: ['north'] },
  },
};
const started: GivenEvent<ExportEvent> = { type: 'ExportStarted', data: { jobId } };
const completed: GivenEvent<ExportEvent> = { type: 'ExportCompleted', data: { jobId, rows: 12, bytes: 2048 } };
const failed: GivenEvent<ExportEvent> = { type: 'ExportFailed', data: { jobId, code: 'bad_filter', reason: 'phone: not a phone number' } };
const complete = (rows = 12, bytes = 2048): ExportJobCommand => ({ type: 'CompleteExport', data: { rows, bytes } });
const fail: ExportJobCommand = { type: 'FailExport', data: { code: 'bad_filter', reason: 'phone: not a phone number' } };

describe('export job: request', () => {
  it('records the kind, the filter, the header language, the key under the tenant and the requester as whose list is read', () => {
    spec.when(request).then([requested]).andState({ status: 'requested', requestedAt: now, rows: null, endedAt: null, key: exportKeyOf('acme', jobId) });
  });

  it('refuses a second request for the same job', () => {
    spec.given([requested]).when(request).thenThrows('conflict', 'already exists');
  });
});

describe('export job: run', () => {
  it('starts once; a redelivered start finds it running and changes nothing', () => {
    spec.given([requested]).when({ type: 'StartExport' }).then([started]).andState({ status: 'running', startedAt: now });
    spec.given([requested, started]).when({ type: 'StartExport' }).thenNothing();
  });

  it('refuses to start an unknown, a completed or a failed export', () => {
    spec.when({ type: 'StartExport' }).thenThrows('not_found');
    spec.given([requested, started, completed]).when({ type: 'StartExport' }).thenThrows('conflict', 'completed');
    spec.given([requested, failed]).when({ type: 'StartExport' }).thenThrows('conflict', 'failed');
  });

  it('completes with the rows and bytes written; completing twice changes nothing', () => {
    spec.given([requested, started]).when(complete()).then([completed]).andState({ status: 'completed', rows: 12, bytes: 2048, endedAt: now });
    spec.given([requested, started, completed]).when(complete(13)).thenNothing();
  });

  it('refuses to complete an export that is not running, or with impossible counts', () => {
    spec.when(complete()).thenThrows('not_found');
    spec.given([requested]).when(complete()).thenThrows('conflict', 'requested');
    spec.given([requested, failed]).when(complete()).thenThrows('conflict', 'failed');
    spec.given([requested, started]).when(complete(-1)).thenThrows('invalid', { path: 'rows' });
    spec.given([requested, started]).when(complete(1, 1.5)).thenThrows('invalid', { path: 'bytes' });
  });

  it('fails with a code and a reason, requested or running; failing twice changes nothing', () => {
    spec.given([requested]).when(fail).then([failed]).andState({ status: 'failed', failure: { code: 'bad_filter' }, endedAt: now });
    spec.given([requested, started]).when(fail).then([failed]);
    spec.given([requested, started, failed]).when(fail).thenNothing();
  });

  it('refuses to fail an unknown or a completed export', () => {
    spec.when(fail).thenThrows('not_found');
    spec.given([requested, started, completed]).when(fail).thenThrows('conflict', 'completed');
  });
});

describe('export job: who reads it', () => {
  it('the requester, managers and admins; not a colleague', () => {
    const job = spec.given([requested]).state()!;
    expect(canReadExport(rita, job)).toBe(true);
    expect(canReadExport(actor('mara', 'manager'), job)).toBe(true);
    expect(canReadExport(actor('ada', 'admin'), job)).toBe(true);
    expect(canReadExport(actor('olga'), job)).toBe(false);
  });
});
