import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  NoSuchKey,
  NotFound,
  UploadPartCommand,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { resourceEnv } from '../../contract/tables.ts';
import { awsClient } from '../aws/instrument-client.ts';

/**
 * The drop bucket (imports, error files, exports): what the import job and its routes need of it.
 * Objects are read as streams from a byte offset (a resumed chunk never re-reads what it committed).
 */
export interface DropBucket {
  /** Size in bytes, or null when there is no such object. */
  size(key: string): Promise<number | null>;
  /** The object's user metadata (`x-amz-meta-*`, names in lower case), or null when there is no such object. */
  metadata(key: string): Promise<Readonly<Record<string, string>> | null>;
  /** The object's bytes from `offset` to the end, as they arrive. */
  read(key: string, offset: number): AsyncIterable<Uint8Array> & { cancel(): Promise<void> };
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** The whole (small) object as text, or null. */
  text(key: string): Promise<string | null>;
  /** A URL the client PUTs the file to, valid `expiresInSeconds`. */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** A URL the client GETs the object from, valid `expiresInSeconds`, saved as `filename`. */
  downloadUrl(key: string, expiresInSeconds: number, filename: string): Promise<string>;
  /**
   * Writes a stream of bytes to `key` as it arrives, never holding more than one part: a multipart
   * upload once the data outgrows a part, a single PutObject when it never does.
   */
  write(key: string, body: AsyncIterable<Uint8Array | string>, options: WriteOptions): Promise<{ bytes: number }>;
}

export interface WriteOptions {
  readonly contentType: string;
  /** Object tags (`cronaca-kind=exports`: the bucket's lifecycle expires what they mark). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Bytes gathered before a part is sent; S3 wants at least 5 MiB for every part but the last. */
  readonly partBytes?: number;
}

/** 8 MiB: over S3's 5 MiB minimum part, and 10,000 parts (S3's maximum) make an 80 GB file. */
export const defaultPartBytes = 8 * 1024 * 1024;

/** `Content-Disposition` of a download: an ASCII name plus its UTF-8 form (RFC 6266), so "aziende-è.csv" survives every browser. */
export const attachmentDisposition = (filename: string): string => {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

const missing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound || (error as { name?: string }).name === 'NotFound';

export class S3DropBucket implements DropBucket {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async size(key: string): Promise<number | null> {
    const head = await this.#head(key);
    return head ? (head.ContentLength ?? 0) : null;
  }

  async metadata(key: string): Promise<Readonly<Record<string, string>> | null> {
    const head = await this.#head(key);
    return head ? (head.Metadata ?? {}) : null;
  }

  async #head(key: string): Promise<HeadObjectCommandOutput | null> {
    try {
      return await this.#s3.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
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

  /**
   * Bound to `Content-Type: text/csv`: the header is signed (the presigner signs only `host` unless
   * told), so S3 refuses a PUT of another type. The size cannot be bound: a presigned PUT can only
   * sign an exact `Content-Length`, which the client does not declare when it starts an import, and a
   * presigned POST policy (`content-length-range`) would change the API's PUT URL. The worker refuses
   * a file over `IMPORT_MAX_FILE_BYTES` before reading it (the job fails `too_large`).
   */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.#s3, new PutObjectCommand({ Bucket: this.#bucket, Key: key, ContentType: 'text/csv' }), {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-type']),
    });
  }

  downloadUrl(key: string, expiresInSeconds: number, filename: string): Promise<string> {
    const disposition = attachmentDisposition(filename);
    return getSignedUrl(this.#s3, new GetObjectCommand({ Bucket: this.#bucket, Key: key, ResponseContentDisposition: disposition }), {
      expiresIn: expiresInSeconds,
    });
  }

  async write(key: string, body: AsyncIterable<Uint8Array | string>, options: WriteOptions): Promise<{ bytes: number }> {
    const partBytes = options.partBytes ?? defaultPartBytes;
    const object = {
      Bucket: this.#bucket,
      Key: key,
      ContentType: options.contentType,
      ...(options.tags ? { Tagging: new URLSearchParams(options.tags).toString() } : {}),
    };
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let bytes = 0;
    let uploadId: string | undefined;
    const parts: { ETag: string | undefined; PartNumber: number }[] = [];
    const take = () => {
      const part = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      return part;
    };
    const sendPart = async () => {
      uploadId ??= (await this.#s3.send(new CreateMultipartUploadCommand(object))).UploadId;
      const PartNumber = parts.length + 1;
      const { ETag } = await this.#s3.send(new UploadPartCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId, PartNumber, Body: take() }));
      parts.push({ ETag, PartNumber });
    };
    try {
      for await (const chunk of body) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        pending.push(data);
        pendingBytes += data.byteLength;
        bytes += data.byteLength;
        if (pendingBytes >= partBytes) await sendPart();
      }
      if (uploadId === undefined) {
        await this.#s3.send(new PutObjectCommand({ ...object, Body: take() }));
        return { bytes };
      }
      if (pendingBytes > 0) await sendPart();
      await this.#s3.send(new CompleteMultipartUploadCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      return { bytes };
    } catch (error) {
      if (uploadId !== undefined) {
        // Best effort, and the write's own error is the one worth reporting: the bucket's lifecycle
        // rule aborts incomplete uploads after a day anyway.
        await this.#s3.send(new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      }
      throw error;
    }
  }
}

let fromEnvironment: DropBucket | undefined;

/** The drop bucket named by `DROP_BUCKET` (endpoint from the SDK's own variables locally). */
export const dropBucketFromEnv = (): DropBucket => {
  if (!fromEnvironment) {
    const bucket = process.env[resourceEnv.dropBucket];
    if (!bucket) throw new Error(`${resourceEnv.dropBucket} is not set`);
    // Path-style locally (no `<bucket>.127.0.0.1` DNS); virtual-hosted in AWS.
    fromEnvironment = new S3DropBucket(awsClient(new S3Client({ forcePathStyle: Boolean(process.env['AWS_ENDPOINT_URL_S3']) })), bucket);
  }
  return fromEnvironment;
};
