import { importLocales, type ImportLocale } from '../../domain/imports/import-fields.ts';
import { importTemplate } from '../../import/templates/import-template.ts';
import { jobQueueFromEnv, type JobQueue } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv, type DropBucket } from '../../adapters/s3/drop-bucket.ts';
import { encodingNote } from '../../domain/imports/encoding-note.ts';
import { canManageImport, importJobDecider, progressPercent, type ImportJob, type ImportJobCommand } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { invalid, notFound } from '../../domain/shared/errors.ts';
import { maxPastedRows } from '../../contract/http/imports.ts';
import { countRecords } from '../../import/csv/count-records.ts';
import type { ImportOptionsInput } from '../../events/imports/import-events.ts';
import { errorsHeader } from '../../import/engine/errors-file.ts';
import { importAggregate, loadJob, loadJobAt } from '../../import/engine/job-store.ts';
import { sourceKeyOf } from '../../import/engine/start-job.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { exportsOperations } from './exports.ts';
import type { ImportsApiDependencies } from './imports-io.ts';
import { listImports } from './import-list.ts';
import { httpFunction } from './http-function.ts';
import { answer } from './idempotency.ts';
import { httpJobCommand, jobIdOf } from './job-commands.ts';
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

/** An import job's command over HTTP: its events and the answer (the Idempotency-Key record) in one commit. */
const importCommand = httpJobCommand(importJobDecider, importAggregate, 'import');

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
  const requestCommand = (
    jobId: string,
    body: { kind: ImportJob['kind']; mode: ImportJob['mode']; matchOn?: ImportJob['matchOn'] | undefined; options?: ImportOptionsInput | undefined },
    origin: 'upload' | 'paste',
    sourceKey: string,
  ): ImportJobCommand => ({
    type: 'RequestImport',
    data: { jobId, kind: body.kind, mode: body.mode, ...(body.matchOn ? { matchOn: body.matchOn } : {}), ...(body.options ? { options: body.options } : {}), origin, sourceKey },
  });

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
    startImport: async ({ actor, body, ...http }) => {
      const { newId, now } = dependencies();
      const jobId = newId();
      const sourceKey = sourceKeyOf(actor.tenant, body.kind, jobId);
      // Only signed here (S3 is not called): the link is part of the answer a replay repeats.
      const uploadUrl = await io.bucket().uploadUrl(sourceKey, uploadUrlSeconds);
      const expiresAt = new Date(Date.parse(now()) + uploadUrlSeconds * 1000).toISOString();
      const outcome = await importCommand(dependencies, actor, http, jobId, requestCommand(jobId, body, 'upload', sourceKey), {
        newJob: true,
        view: (job) => ({ id: job.id, uploadUrl, expiresAt }),
      });
      return answer(outcome, ({ id, record }) => json(201, record, { location: `/v1/imports/${id}` }));
    },
    pasteImport: async ({ actor, body, ...http }) => {
      const { text, ...settings } = body;
      const rows = await countRecords(text, { limit: maxPastedRows, encoding: settings.options?.encoding ?? 'auto', delimiter: settings.options?.delimiter ?? 'auto' });
      if (rows !== null && rows > maxPastedRows) throw invalid('text', `has more than ${maxPastedRows} rows (plus the header): upload larger files with POST /v1/imports`);
      const { eventStore, newId } = dependencies();
      const jobId = newId();
      const sourceKey = sourceKeyOf(actor.tenant, settings.kind, jobId);
      // The job (with the Idempotency-Key record) is committed BEFORE its file is written: a file in
      // the drop folder that no job names yet would start a drop-folder job of its own.
      const outcome = await importCommand(dependencies, actor, http, jobId, requestCommand(jobId, settings, 'paste', sourceKey), {
        newJob: true,
        view: importView,
      });
      const job = outcome.replayed ? await loadJob(eventStore, actor.tenant, jobIdOf(outcome)) : null;
      // A replay starts nothing new; it finishes what a crash after the first commit left undone (the
      // key's body is the same text, or the key would have been refused). Once written, the file's
      // object-created notification queues the job as well; the worker takes a job once.
      if (!outcome.replayed || (job?.status === 'uploaded' && (await io.bucket().size(job.sourceKey)) === null)) {
        const key = job?.sourceKey ?? sourceKey;
        await io.bucket().put(key, text, 'text/csv; charset=utf-8');
        await io.queue().send({ tenant: actor.tenant, jobId: job?.id ?? jobId });
      }
      return answer(outcome, ({ id, record }) => json(202, record, { location: `/v1/imports/${id}` }));
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
    cancelImport: async ({ actor, params, ...http }) => {
      // The worker notices at its next checkpoint: what it created until then stays, and is recorded.
      const outcome = await importCommand(dependencies, actor, http, params.id, { type: 'CancelImport' }, {
        visible: (job) => canManageImport(actor, job),
        view: importView,
      });
      return answer(outcome, ({ record }) => json(200, record));
    },
    revertImport: async ({ actor, params, ...http }) => {
      const { eventStore } = dependencies();
      const outcome = await importCommand(dependencies, actor, http, params.id, { type: 'RequestRevert' }, {
        visible: (job) => canManageImport(actor, job),
        view: (job) => ({
          id: job.id,
          records: job.counts.created,
          note: 'Only the records this import created are removed; records it updated keep their new values.',
        }),
      });
      // Queued again by a replay only while the removal has not finished (a crash may have come
      // between the commit and the message); the worker removes a job's records once.
      const job = outcome.replayed ? await loadJob(eventStore, actor.tenant, params.id) : null;
      if (!outcome.replayed || (job?.revertRequested && job.status !== 'reverted')) await io.queue().send({ tenant: actor.tenant, jobId: params.id });
      return answer(outcome, ({ record }) => json(202, record));
    },
  };
};

export const createImportsHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('importsApi', importsOperations(dependencies));

export const handler = createImportsHandler();
