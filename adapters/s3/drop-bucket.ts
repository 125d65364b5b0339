import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, NoSuchKey, NotFound } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { resourceEnv } from '../../contract/tables.ts';

/**
 * The drop bucket (imports, error files, exports): what the import job and its routes need of it.
 * Objects are read as streams from a byte offset (a resumed chunk never re-reads what it committed).
 */
export interface DropBucket {
  /** Size in bytes, or null when there is no such object. */
  size(key: string): Promise<number | null>;
  /** The object's bytes from `offset` to the end, as they arrive. */
  read(key: string, offset: number): AsyncIterable<Uint8Array> & { cancel(): Promise<void> };
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** The whole (small) object as text, or null. */
  text(key: string): Promise<string | null>;
  /** A URL the client PUTs the file to, valid `expiresInSeconds`. */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
}

const missing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound || (error as { name?: string }).name === 'NotFound';

export class S3DropBucket implements DropBucket {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.#s3.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  read(key: string, offset: number): AsyncIterable<Uint8Array> & { cancel(): Promise<void> } {
    const s3 = this.#s3;
    const bucket = this.#bucket;
    let body: (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    return {
      async *[Symbol.asyncIterator]() {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) }));
        body = object.Body as unknown as AsyncIterable<Uint8Array> & { destroy?: () => void };
        if (!body) return;
        for await (const chunk of body) yield chunk;
      },
      async cancel() {
        body?.destroy?.();
      },
    };
  }

  async put(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
    await this.#s3.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async text(key: string): Promise<string | null> {
    try {
      const object = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return (await object.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  uploadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.#s3, new PutObjectCommand({ Bucket: this.#bucket, Key: key, ContentType: 'text/csv' }), { expiresIn: expiresInSeconds });
  }
}

let fromEnvironment: DropBucket | undefined;

/** The drop bucket named by `DROP_BUCKET` (endpoint from the SDK's own variables locally). */
export const dropBucketFromEnv = (): DropBucket => {
  if (!fromEnvironment) {
    const bucket = process.env[resourceEnv.dropBucket];
    if (!bucket) throw new Error(`${resourceEnv.dropBucket} is not set`);
    // Path-style locally (no `<bucket>.127.0.0.1` DNS); virtual-hosted in AWS.
    fromEnvironment = new S3DropBucket(new S3Client({ forcePathStyle: Boolean(process.env['AWS_ENDPOINT_URL_S3']) }), bucket);
  }
  return fromEnvironment;
};
