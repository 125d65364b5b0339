import { importLocales, type ImportLocale } from '../../domain/imports/import-fields.ts';
import { importTemplate } from '../../import/templates/import-template.ts';
import { jobQueueFromEnv, type JobQueue } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv, type DropBucket } from '../../adapters/s3/drop-bucket.ts';
import { canManageImport } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { invalid, notFound } from '../../domain/shared/errors.ts';
import { maxPastedRows } from '../../contract/http/imports.ts';
import { countRecords } from '../../import/csv/count-records.ts';
import { errorsHeader } from '../../import/engine/errors-file.ts';
import { loadJobAt } from '../../import/engine/job-store.ts';
import { importService } from '../../application/imports/import-service.ts';
import { importView } from '../../application/imports/import-view.ts';
import type { RecordResult } from '../../application/shared/record-command.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { exportsOperations } from './exports.ts';
import type { ImportsApiDependencies } from './imports-io.ts';
import { listImports } from './import-list.ts';
import { httpFunction } from './http-function.ts';
import { answer, commandContextOf, idempotencyOf } from './idempotency.ts';
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
  /** A job the caller may see: their own, or any for managers and admins (the same rule as managing it). */
  const visibleJob = async (actor: Actor, id: string) => {
    // One read: the version is the one the job was folded from (two reads could pair a completed job
    // with the version before its completion).
    const { job, version } = await loadJobAt(dependencies().eventStore, actor.tenant, id);
    if (!job || !canManageImport(actor, job)) throw notFound('import not found');
    return { job, version };
  };
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
    listImports: async ({ actor, query }) => json(200, await listImports(dependencies().readModels, actor, query, importView)),
    getImport: async ({ actor, params }) => {
      const { job, version } = await visibleJob(actor, params.id);
      return json(200, importView(job, version));
    },
    getImportErrors: async ({ actor, params }) => {
      const { job } = await visibleJob(actor, params.id);
      const delimiter = job.format?.delimiter ?? ',';
      const parts = [errorsHeader(job.format?.header ?? [], delimiter)];
      // Chunk files in checkpoint order: the rows come out in file order.
      for (const key of job.errorKeys) parts.push((await io.bucket().text(key)) ?? '');
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="import-${job.id}-errors.csv"` },
        body: parts.join(''),
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
