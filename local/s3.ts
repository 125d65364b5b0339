import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from '@20minutes/s3rver';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { localAwsConfig } from './aws.ts';
import { isPortFree } from './ports.ts';

/** The drop bucket (imports, exports, reports) of the local cloud and the tests. */
export const dropBucketName = 'cronaca-drop';

export type ObjectCreatedListener = (event: S3Event) => void | Promise<void>;

export interface LocalS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Where s3rver keeps the objects. */
  readonly directory: string;
  /**
   * Calls `listener` with an S3 notification event (the shape Lambda receives) for every object
   * created in any bucket. Returns a function that removes the listener.
   */
  onObjectCreated(listener: ObjectCreatedListener): () => void;
  /** Closes the server (and deletes the directory when it was a temporary one). */
  stop(): Promise<void>;
}

export interface StartLocalS3Options {
  /** 0 or undefined = a free port. */
  readonly port?: number;
  /** Persistent directory; without it a temporary directory is used and deleted on stop. */
  readonly directory?: string;
  /** Buckets to create at start (idempotent). Default: the drop bucket. */
  readonly buckets?: readonly string[];
  /** Where listener errors go. Default: console.error. */
  readonly onError?: (error: unknown) => void;
  /**
   * Refuse requests whose signature does not match, as S3 does (default false: s3rver disagrees with
   * the SDK on some bucket-level requests). Object requests and presigned URLs are checked correctly,
   * so a test of what a presigned URL binds turns it on.
   */
  readonly checkSignatures?: boolean;
}

/**
 * Client settings for the S3 emulator: path-style addressing (no `<bucket>.localhost` DNS) and
 * checksums only when an operation requires them (s3rver does not implement the newer defaults).
 */
export const localS3ClientConfig = (endpoint: string): S3ClientConfig => ({
  ...localAwsConfig,
  endpoint,
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

/** S3 notifications URL-encode the key (form encoding: a space becomes `+`); slashes stay. */
const encodeKey = (key: string): string =>
  key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');

/** s3rver's event records, normalised to what S3 sends (ARN, region, encoded key). */
const normaliseRecord = (record: S3EventRecord): S3EventRecord => ({
  ...record,
  awsRegion: localAwsConfig.region,
  s3: {
    ...record.s3,
    configurationId: 'local-object-created',
    bucket: { ...record.s3.bucket, arn: `arn:aws:s3:::${record.s3.bucket.name}` },
    object: { ...record.s3.object, key: encodeKey(record.s3.object.key) },
  },
});

/** Starts the S3 emulator (`@20minutes/s3rver`) on 127.0.0.1 and creates the buckets. */
export const startLocalS3 = async (options: StartLocalS3Options = {}): Promise<LocalS3> => {
  // s3rver does not report a listen error through run(): check a fixed port first.
  if (options.port && !(await isPortFree(options.port))) {
    throw new Error(`the S3 emulator cannot listen on port ${options.port}: it is already in use. Choose another port.`);
  }
  const temporary = options.directory === undefined;
  const directory = temporary ? mkdtempSync(join(tmpdir(), 'cronaca-s3-')) : resolve(options.directory!);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    // s3rver's SigV4 check disagrees with the current SDK on bucket-level requests (ListObjectsV2,
    // HeadBucket); the key id must still be its S3RVER key (see aws.ts). Local only.
    allowMismatchedSignatures: !options.checkSignatures,
    configureBuckets: (options.buckets ?? [dropBucketName]).map((name) => ({ name })),
  });
  const onError = options.onError ?? ((error: unknown) => console.error('[s3] object-created listener failed:', error));
  const listeners = new Set<ObjectCreatedListener>();
  server.on('event', (event: S3Event) => {
    const records = event.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map(normaliseRecord);
    if (records.length === 0) return;
    for (const listener of listeners) {
      try {
        Promise.resolve(listener({ Records: records })).catch(onError);
      } catch (error) {
        onError(error);
      }
    }
  });
  let address;
  try {
    address = await server.run();
  } catch (error) {
    if (temporary) rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const port = address.port;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    onObjectCreated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopping ??= (async () => {
        listeners.clear();
        const closed = server.close().catch(() => undefined);
        server.httpServer?.closeAllConnections();
        await closed;
        if (temporary) rmSync(directory, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
};
