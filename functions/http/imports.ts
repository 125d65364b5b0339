import { importLocales, type ImportLocale } from '../../domain/imports/import-fields.ts';
import { importTemplate } from '../../import/templates/import-template.ts';
import { jobQueueFromEnv, type JobQueue } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv, type DropBucket } from '../../adapters/s3/drop-bucket.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { invalid } from '../../domain/shared/errors.ts';
import { maxPastedRows } from '../../contract/http/imports.ts';
import { countRecords } from '../../import/csv/count-records.ts';
import { importQueries } from '../../application/imports/import-queries.ts';
import { importService } from '../../application/imports/import-service.ts';
import type { RecordResult } from '../../application/shared/record-command.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { exportsOperations } from './exports.ts';
import type { ImportsApiDependencies } from './imports-io.ts';
import { httpFunction } from './http-function.ts';
import { answer, commandContextOf, idempotencyOf } from './idempotency.ts';
import { inQuery } from './problem-details.ts';
import { json } from './responses.ts';
import type { Operations, RequestInfo } from './router.ts';

const isImportLocale = (locale: string): locale is ImportLocale => (importLocales as readonly string[]).includes(locale);

/** The job a command left, answered with its `Location`. */
const jobAnswer = (status: 201 | 202) => (result: RecordResult<unknown>) => json(status, result.record, { location: `/v1/imports/${result.id}` });

export type { ImportsApiDependencies } from './imports-io.ts';

export const importsOperations = (
  dependencies: DependencySource,
  io: ImportsApiDependencies = { bucket: dropBucketFromEnv, queue: jobQueueFromEnv },
): Operations<'importsApi'> => {
  const reads = importQueries(dependencies, { files: io.bucket });
  const imports = importService(dependencies, { files: io.bucket, queue: io.queue });
  const context = commandContextOf;
  const options = (actor: Actor, request: RequestInfo) => {
    const idempotency = idempotencyOf(actor, request);
    return idempotency ? { idempotency } : {};
  };

  return {
    ...exportsOperations(dependencies, io),
    getImportTemplate: async ({ actor, params, query }) => {
      // An explicit `?locale=` wins (a manager preparing a file for a colleague); else the profile's.
      const profile = query.locale ? undefined : await dependencies().people.user(actor.tenant, actor.userId);
      const locale = query.locale ?? (profile && isImportLocale(profile.locale) ? profile.locale : 'en');
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${params.kind}-${locale}.csv"`,
          'content-language': locale,
          vary: 'authorization',
        },
        body: importTemplate(params.kind, locale),
      };
    },
    startImport: async ({ actor, body, ...http }) => answer(await imports.requestImport(context(actor, http), body, options(actor, http)), jobAnswer(201)),
    pasteImport: async ({ actor, body, ...http }) => {
      const { text, ...settings } = body;
      const rows = await countRecords(text, { limit: maxPastedRows, encoding: settings.options?.encoding ?? 'auto', delimiter: settings.options?.delimiter ?? 'auto' });
      if (rows !== null && rows > maxPastedRows) throw invalid('text', `has more than ${maxPastedRows} rows (plus the header): upload larger files with POST /v1/imports`);
      return answer(await imports.pasteImport(context(actor, http), settings, text, options(actor, http)), jobAnswer(202));
    },
    listImports: async ({ actor, query }) => json(200, await inQuery(() => reads.listImports(actor, query))),
    getImport: async ({ actor, params }) => json(200, await reads.getImport(actor, params.id)),
    getImportErrors: async ({ actor, params }) => {
      const { jobId, csv } = await reads.importErrors(actor, params.id);
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="import-${jobId}-errors.csv"` },
        body: csv,
      };
    },
    cancelImport: async ({ actor, params, ...http }) =>
      answer(await imports.cancelImport(context(actor, http), params.id, options(actor, http)), ({ record }) => json(200, record)),
    revertImport: async ({ actor, params, ...http }) =>
      answer(await imports.revertImport(context(actor, http), params.id, options(actor, http)), ({ record }) => json(202, record)),
  };
};

export const createImportsHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('importsApi', importsOperations(dependencies));

export const handler = createImportsHandler();
