import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import { dropBucketKindTag } from '../../contract/drop-bucket.ts';
import { isFinished, type ExportJob, type ExportJobCommand } from '../../domain/exports/export-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import { ExportFilterRefused, type ExportRecordPages } from '../../application/ports/export-records.ts';
import { writeCsv } from '../csv/write-csv.ts';
import { exportLayout } from '../mapping/record-to-row.ts';
import { isSalesExportKind, salesExportLayout } from '../mapping/sales-record-to-row.ts';
import { delimiterFor } from '../templates/import-template.ts';
import { loadExport, runExportCommand } from './export-store.ts';

export interface ExportEngine {
  readonly store: EventStorePort;
  /** The lists the export reads (the directory's and the sales list queries, as the requester sees them). */
  readonly pages: ExportRecordPages;
  readonly settings: TenantSettings;
  readonly bucket: DropBucket;
  readonly now: () => string;
  readonly newId: () => string;
  /** Records read per list page (the list's own limit, at most 200). */
  readonly pageSize: number;
  /** Bytes per uploaded part (the bucket's default when absent). */
  readonly partBytes?: number;
}

export type ExportOutcome = 'completed' | 'failed' | 'stopped' | 'unknown-job';

const customFieldEntity = { companies: 'company', contacts: 'contact', leads: 'lead' } as const;

/** Every record of the list, page after page: one page in memory at a time. */
async function* listRecords(engine: ExportEngine, actor: Actor, job: ExportJob): AsyncGenerator<unknown> {
  const page = engine.pages[job.kind];
  let cursor: string | undefined;
  do {
    const result = await page(actor, { ...job.filter, limit: engine.pageSize, cursor });
    for (const item of result.items) yield item.record;
    cursor = result.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/**
 * The header and the cells of a record: a directory kind as its import template (plus the tenant's
 * custom fields), a sales kind as its list's columns (import/mapping/sales-record-to-row.ts).
 */
const layoutOf = async (engine: ExportEngine, tenant: string, job: ExportJob): Promise<{ header: readonly string[]; row: (record: never) => string[] }> => {
  const { kind, locale } = job;
  if (isSalesExportKind(kind)) return salesExportLayout(kind, locale);
  return exportLayout(kind, locale, await engine.settings.customFields(tenant, customFieldEntity[kind]));
};

/**
 * Reads one record of the list with the filter, as `actor`: a value only the list query itself checks
 * (a phone filter that is no phone number) is refused when the export is requested, not later.
 */
export const checkExportFilter = async (pages: ExportRecordPages, actor: Actor, kind: ExportJob['kind'], filter: ExportJob['filter']): Promise<void> => {
  await pages[kind](actor, { ...filter, limit: 1, cursor: undefined });
};

/** Why the list refused the filter (a bad value only the query itself checks), or null: not the filter's fault. */
const refusalOf = (error: unknown): string | null => {
  if (error instanceof ExportFilterRefused) {
    return error.issues.length ? error.issues.map((i) => `filter.${i.path}: ${i.message}`).join('; ') : error.message;
  }
  if (error instanceof DomainError) return error.issues.length ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : error.message;
  return null;
};

/**
 * Runs an export: the requester's list, with the job's filter, written to the drop bucket as CSV —
 * the import template's columns in the requester's language (plus the custom fields), UTF-8 with BOM,
 * every cell neutralised against formula injection — streamed: records are read a page at a time and
 * the file is uploaded a part at a time. A redelivered message writes the file again from the start
 * (the same key, so nothing is left behind); a finished job is left alone.
 */
export const runExport = async (engine: ExportEngine, message: { tenant: string; jobId: string }): Promise<ExportOutcome> => {
  const { tenant, jobId } = message;
  const { job } = await loadExport(engine.store, tenant, jobId);
  if (job === null) return 'unknown-job';
  if (isFinished(job)) return 'stopped';
  const actor: Actor = { tenant, ...job.runAs };
  const command = (c: ExportJobCommand) =>
    runExportCommand(engine.store, actor, jobId, c, { now: engine.now, commandId: engine.newId(), correlationId: `export:${jobId}` });

  await command({ type: 'StartExport' });
  let written: { rows: number; bytes: number };
  try {
    const layout = await layoutOf(engine, tenant, job);
    let rows = 0;
    const cells = async function* () {
      for await (const record of listRecords(engine, actor, job)) {
        rows += 1;
        yield layout.row(record as never);
      }
    };
    const csv = writeCsv(cells(), { header: layout.header, delimiter: delimiterFor(job.locale) });
    const { bytes } = await engine.bucket.write(job.key, csv, {
      contentType: 'text/csv; charset=utf-8',
      tags: { [dropBucketKindTag]: 'exports' },
      ...(engine.partBytes ? { partBytes: engine.partBytes } : {}),
    });
    written = { rows, bytes };
  } catch (error) {
    const reason = refusalOf(error);
    if (reason === null) throw error; // redelivered: the export starts over
    await command({ type: 'FailExport', data: { code: 'bad_filter', reason } });
    return 'failed';
  }
  await command({ type: 'CompleteExport', data: written });
  return 'completed';
};
