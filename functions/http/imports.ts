import { importLocales, type ImportLocale } from '../../domain/imports/import-fields.ts';
import { importTemplate } from '../../import/templates/import-template.ts';
import { jobQueueFromEnv, type JobQueue } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv, type DropBucket } from '../../adapters/s3/drop-bucket.ts';
import { encodingNote } from '../../domain/imports/encoding-note.ts';
import { canManageImport, progressPercent, type ImportJob } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { invalid, notFound } from '../../domain/shared/errors.ts';
import { maxPastedRows } from '../../contract/http/imports.ts';
import { countRecords } from '../../import/csv/count-records.ts';
import type { ImportOptionsInput } from '../../events/imports/import-events.ts';
import { errorsHeader } from '../../import/engine/errors-file.ts';
import { loadJobAt, runJobCommand } from '../../import/engine/job-store.ts';
import { requestJob, sourceKeyOf } from '../../import/engine/start-job.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { exportsOperations } from './exports.ts';
import { listImports } from './import-list.ts';
import { httpFunction } from './http-function.ts';
import { json } from './responses.ts';
import type { Operations } from './router.ts';

const isImportLocale = (locale: string): locale is ImportLocale => (importLocales as readonly string[]).includes(locale);

/** How long a presigned upload URL stays valid. */
const uploadUrlSeconds = 15 * 60;

export const importView = (job: ImportJob, version: number) => ({
  id: job.id,
  kind: job.kind,
  mode: job.mode,
  matchOn: job.matchOn,
  origin: job.origin,
  status: job.status,
  rows: { total: job.rowsTotal, ...job.counts },
  file: job.format
    ? { encoding: job.format.encoding, delimiter: job.format.delimiter, encodingNote: encodingNote(job.format.encoding, job.format.encodingChoice) }
    : null,
  progress: progressPercent(job),
  requestedAt: job.requestedAt,
  startedAt: job.startedAt,
  endedAt: job.endedAt,
  failure: job.failure,
  revertRequested: job.revertRequested,
  version,
});

export interface ImportsApiDependencies {
  readonly bucket: () => DropBucket;
  readonly queue: () => JobQueue;
}

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
  const request = (actor: Actor, body: { kind: ImportJob['kind']; mode: ImportJob['mode']; matchOn?: ImportJob['matchOn'] | undefined; options?: ImportOptionsInput | undefined }, origin: 'upload' | 'paste') => {
    const { eventStore, newId, now } = dependencies();
    const jobId = newId();
    const sourceKey = sourceKeyOf(actor.tenant, body.kind, jobId);
    return requestJob(
      eventStore,
      actor,
      jobId,
      {
        type: 'RequestImport',
        data: { jobId, kind: body.kind, mode: body.mode, ...(body.matchOn ? { matchOn: body.matchOn } : {}), ...(body.options ? { options: body.options } : {}), origin, sourceKey },
      },
      { now, newId },
    );
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
    startImport: async ({ actor, body }) => {
      const job = await request(actor, body, 'upload');
      const uploadUrl = await io.bucket().uploadUrl(job.sourceKey, uploadUrlSeconds);
      const expiresAt = new Date(Date.parse(dependencies().now()) + uploadUrlSeconds * 1000).toISOString();
      return json(201, { id: job.id, uploadUrl, expiresAt }, { location: `/v1/imports/${job.id}` });
    },
    pasteImport: async ({ actor, body }) => {
      const { text, ...settings } = body;
      const rows = await countRecords(text, { limit: maxPastedRows, encoding: settings.options?.encoding ?? 'auto', delimiter: settings.options?.delimiter ?? 'auto' });
      if (rows !== null && rows > maxPastedRows) throw invalid('text', `has more than ${maxPastedRows} rows (plus the header): upload larger files with POST /v1/imports`);
      const job = await request(actor, settings, 'paste');
      await io.bucket().put(job.sourceKey, text, 'text/csv; charset=utf-8');
      // The object-created notification queues the job too; a second message finds it under way.
      await io.queue().send({ tenant: actor.tenant, jobId: job.id });
      return json(202, importView(job, 1), { location: `/v1/imports/${job.id}` });
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
    cancelImport: async ({ actor, params }) => {
      const { job } = await visibleJob(actor, params.id);
      const { eventStore, now, newId } = dependencies();
      // The worker notices at its next checkpoint: what it created until then stays, and is recorded.
      await runJobCommand(eventStore, actor, job.id, { type: 'CancelImport' }, { now, commandId: newId(), correlationId: `import:${job.id}` });
      const cancelled = await visibleJob(actor, job.id);
      return json(200, importView(cancelled.job, cancelled.version));
    },
    revertImport: async ({ actor, params }) => {
      const { job } = await visibleJob(actor, params.id);
      const { eventStore, now, newId } = dependencies();
      await runJobCommand(eventStore, actor, job.id, { type: 'RequestRevert' }, { now, commandId: newId(), correlationId: `import:${job.id}` });
      await io.queue().send({ tenant: actor.tenant, jobId: job.id });
      return json(202, {
        id: job.id,
        records: job.counts.created,
        note: 'Only the records this import created are removed; records it updated keep their new values.',
      });
    },
  };
};

export const createImportsHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('importsApi', importsOperations(dependencies));

export const handler = createImportsHandler();
