import type { ImportJob } from '../../domain/imports/import-job.ts';
import { explicitColumns } from '../../domain/imports/import-job.ts';
import type { CustomFieldDefinition } from '../../domain/settings/custom-fields.ts';
import type { ImportKind } from '../../events/imports/import-events.ts';
import type { CsvEncoding } from '../csv/read-csv.ts';
import { CsvFileError, readCsv, resolveColumns } from './csv-port.ts';
import { encodingChoiceOf, encodingPlan } from './file-encoding.ts';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import type { LocaleSource } from './file-encoding.ts';

/** What the validation needs of the import engine (`run-import.ts`). */
interface ImportEngine {
  readonly bucket: Pick<DropBucket, 'read' | 'metadata'>;
  readonly settings: Pick<TenantSettings, 'customFields'>;
  readonly maxFileBytes: number;
  readonly locales?: LocaleSource | undefined;
}

/** The validation pass of an import job (uploaded → running): the whole file read once, nothing written. */

const customFieldEntity = { companies: 'company', contacts: 'contact', leads: 'lead' } as const satisfies Record<ImportKind, string>;

export const customFieldsOf = (engine: ImportEngine, tenant: string, job: ImportJob): Promise<readonly CustomFieldDefinition[]> =>
  engine.settings.customFields(tenant, customFieldEntity[job.kind]);

/**
 * Reads the whole file once: encoding, delimiter, header, every record well formed; counts the rows.
 * A file that looked like UTF-8 in its first 64 KiB but is not further on is read again in the
 * fallback encoding, when the job has one (`encodingPlan`).
 */
export const validate = async (engine: ImportEngine, tenant: string, job: ImportJob) => {
  const plan = await encodingPlan(job, { locales: engine.locales, metadata: (key) => engine.bucket.metadata(key) }, tenant);
  const customFields = await customFieldsOf(engine, tenant, job);
  const pass = async (encoding: CsvEncoding | 'auto', fallback: CsvEncoding | undefined) => {
    const { detected, records } = readCsv(engine.bucket.read(job.sourceKey, 0), {
      encoding,
      ...(fallback ? { fallbackEncoding: fallback } : {}),
      delimiter: job.options.delimiter ?? 'auto',
      maxBytes: engine.maxFileBytes,
    });
    const found = await detected;
    resolveColumns(job.kind, found.header, explicitColumns(job.options), customFields, job.mode);
    let rowsTotal = 0;
    try {
      for await (const _ of records) rowsTotal += 1;
    } catch (error) {
      const lateNonUtf8 = error instanceof CsvFileError && error.reason === 'encoding' && found.encodingSource === 'utf-8' && plan.fallback;
      if (lateNonUtf8) return null;
      throw error;
    }
    return { found, rowsTotal };
  };
  let read = await pass(plan.encoding, plan.fallback?.encoding);
  if (!read) {
    const again = (await pass(plan.fallback!.encoding, undefined))!;
    read = { ...again, found: { ...again.found, encodingSource: 'fallback' } };
  }
  const { found, rowsTotal } = read;
  // The first chunk reads from byte 0 (the reader reads the header itself); later ones resume.
  return {
    encoding: found.encoding,
    encodingChoice: encodingChoiceOf(job, plan, found.encodingSource),
    delimiter: found.delimiter,
    header: [...found.header],
    rowsTotal,
    dataStart: { line: 1, byteOffset: 0 },
  };
};

