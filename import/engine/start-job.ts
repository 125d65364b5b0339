import { createHash } from 'node:crypto';
import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import type { ImportJob, ImportJobCommand } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { ImportKind } from '../../events/imports/import-events.ts';
import { dropMetadata, dropSettings, type DropSettings } from './drop-options.ts';
import { loadJob, runJobCommand } from './job-store.ts';

export { sourceKeyOf } from '../../domain/imports/drop-keys.ts';

const dropKey = /^([^/$][^/]*)\/imports\/(companies|contacts|leads)\/([^/]+)\.csv$/i;

/** `<tenant>/imports/<kind>/<name>.csv` -> its parts; anything else (error files, exports) is not an import. */
export const parseDropKey = (key: string): { tenant: string; kind: ImportKind; name: string } | null => {
  const match = dropKey.exec(key);
  if (!match) return null;
  return { tenant: match[1]!, kind: match[2]!.toLowerCase() as ImportKind, name: match[3]! };
};

/**
 * Who a drop-folder import runs as: whoever may write the tenant's folder of the bucket was given
 * that right by an administrator, so the rows are imported with an administrator's reach.
 */
export const dropFolderActor = (tenant: string): Actor => ({ tenant, userId: 'drop-folder', role: 'admin', groups: [] });

/**
 * User metadata (`x-amz-meta-idempotency-key`) an uploader may give a dropped object to know the job
 * it starts before the job exists: the job id is then derived from the key and this value instead of
 * the notification's `sequencer`, which no uploader can know (`npm run import` uses it to follow its
 * job). Like an HTTP `Idempotency-Key`, the same value on the same key is the same job: a re-upload
 * with it imports nothing again.
 */
export const dropIdempotencyMetadata = 'idempotency-key';

/**
 * The job an object in the drop folder belongs to. A file uploaded through `POST /v1/imports` (or
 * pasted) is named after its job; any other file starts a new job with the settings its metadata
 * declares (`drop-options.ts`; default: create mode, everything detected), whose id is
 * derived from the object's key and version (the notification's `sequencer`, or the uploader's
 * idempotency key), so a duplicated notification finds the job it already started instead of
 * importing the file twice.
 */
export const jobForObject = async (
  store: EventStorePort,
  bucket: Pick<DropBucket, 'metadata'>,
  key: string,
  sequencer: string,
  context: { now: () => string; newId: () => string },
): Promise<{ tenant: string; jobId: string } | null> => {
  const parsed = parseDropKey(key);
  if (!parsed) return null;
  const { tenant, kind, name } = parsed;
  const own = await loadJob(store, tenant, name);
  if (own && own.sourceKey === key) return { tenant, jobId: name };
  // Read when the notification is handled: an object overwritten since then gives the newer
  // version's key and settings, and that version is the one the job reads anyway.
  const metadata = (await bucket.metadata(key)) ?? {};
  const idempotencyKey = metadata[dropIdempotencyMetadata];
  const jobId = idempotencyKey ? idempotentDropJobId(key, idempotencyKey) : dropJobId(key, sequencer);
  const declared = dropSettings(metadata);
  const request = async (settings: DropSettings): Promise<'requested' | 'exists'> => {
    const { mode, matchOn, options } = settings;
    const command: ImportJobCommand = { type: 'RequestImport', data: { jobId, kind, mode, ...(matchOn ? { matchOn } : {}), options, origin: 'drop', sourceKey: key } };
    try {
      // Loaded, not assumed new: a second notification meets the existing job and is refused (409).
      await requestJob(store, dropFolderActor(tenant), jobId, command, { ...context, newJob: false });
      return 'requested';
    } catch (error) {
      if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      return 'exists';
    }
  };
  let refused = declared.ok ? null : declared.reason;
  if (declared.ok) {
    try {
      await request(declared.settings);
    } catch (error) {
      if (!(error instanceof DomainError && error.kind === 'invalid')) throw error;
      refused = `x-amz-meta-${dropMetadata.matchOn}: ${error.issues[0]?.message ?? error.message}`;
    }
  }
  // Settings the uploader got wrong: a job (so the drop can be found) that fails saying what is wrong.
  if (refused !== null && (await request({ mode: 'create', options: {} })) === 'requested') {
    await runJobCommand(store, dropFolderActor(tenant), jobId, { type: 'FailImport', data: { code: 'bad_metadata', reason: refused } }, {
      now: context.now,
      commandId: context.newId(),
      correlationId: `import:${jobId}`,
    });
  }
  return { tenant, jobId };
};

/** The id of the job a dropped object starts: one per object version. */
export const dropJobId = (key: string, sequencer: string): string =>
  `drop-${createHash('sha256').update(`${key}\n${sequencer}`).digest('hex').slice(0, 24)}`;

/** The job a dropped object carrying an idempotency key starts (a sequencer is hex: the prefix keeps the two apart). */
export const idempotentDropJobId = (key: string, idempotencyKey: string): string => dropJobId(key, `idempotency-key:${idempotencyKey}`);

export const requestJob = (
  store: EventStorePort,
  actor: Actor,
  jobId: string,
  command: ImportJobCommand,
  context: { now: () => string; newId: () => string; newJob?: boolean },
): Promise<ImportJob> =>
  runJobCommand(store, actor, jobId, command, {
    now: context.now,
    commandId: context.newId(),
    correlationId: `import:${jobId}`,
    newJob: context.newJob ?? true,
  });
