import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3DropBucket } from '../../adapters/s3/drop-bucket.ts';
import { dropBucketName, localS3ClientConfig, startLocalS3, type LocalS3 } from '../../local/s3.ts';

/**
 * The drop bucket adapter on the S3 emulator: the streamed write (one PutObject for what fits a part,
 * a multipart upload otherwise, reading the source only as fast as parts go out), download and upload
 * URLs, object metadata.
 */
let s3: LocalS3;
let client: S3Client;
/** The commands the bucket sent, in order, with what the source had produced by then. */
let sent: { command: string; produced: number }[] = [];
let produced = 0;
let bucket: S3DropBucket;

beforeAll(async () => {
  s3 = await startLocalS3();
  client = new S3Client(localS3ClientConfig(s3.endpoint));
  const send = client.send.bind(client);
  client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    sent.push({ command: command.constructor.name, produced });
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof client.send;
  bucket = new S3DropBucket(client, dropBucketName);
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

/** `count` chunks of 100 bytes, counting what has been pulled. */
async function* chunks(count: number, failAt?: number) {
  for (let i = 0; i < count; i++) {
    if (i === failAt) throw new Error(`source failed at chunk ${i}`);
    produced = i + 1;
    yield `${String(i).padStart(3, '0')}${'x'.repeat(96)}\n`;
  }
}

const stored = async (key: string) => {
  const object = await client.send(new GetObjectCommand({ Bucket: dropBucketName, Key: key }));
  return { text: await object.Body!.transformToString('utf-8'), contentType: object.ContentType };
};

const fresh = () => {
  sent = [];
  produced = 0;
  return `t-${randomUUID().slice(0, 8)}/exports/${randomUUID()}.csv`;
};

describe('DropBucket.write', () => {
  it('writes what fits in one part with a single PutObject', async () => {
    const key = fresh();
    expect(await bucket.write(key, chunks(3), { contentType: 'text/csv; charset=utf-8', partBytes: 1000 })).toEqual({ bytes: 300 });
    expect(sent.map((s) => s.command)).toEqual(['PutObjectCommand']);
    expect(await stored(key)).toMatchObject({ contentType: 'text/csv; charset=utf-8' });
    expect((await stored(key)).text).toHaveLength(300);
  });

  it('sends a part as soon as one is gathered: never more than a part of the source is held', async () => {
    const key = fresh();
    expect(await bucket.write(key, chunks(35), { contentType: 'text/csv', partBytes: 1000, tags: { 'cronaca-kind': 'exports' } })).toEqual({ bytes: 3500 });
    expect(sent).toEqual([
      { command: 'CreateMultipartUploadCommand', produced: 10 },
      { command: 'UploadPartCommand', produced: 10 },
      { command: 'UploadPartCommand', produced: 20 },
      { command: 'UploadPartCommand', produced: 30 },
      { command: 'UploadPartCommand', produced: 35 },
      { command: 'CompleteMultipartUploadCommand', produced: 35 },
    ]);
    const { text } = await stored(key);
    expect(text).toHaveLength(3500);
    expect(text.split('\n').slice(0, 35).map((line) => line.slice(0, 3))).toEqual(Array.from({ length: 35 }, (_, i) => String(i).padStart(3, '0')));
  });

  it('a source that fails mid-way leaves no object and reports its own error', async () => {
    const key = fresh();
    await expect(bucket.write(key, chunks(35, 25), { contentType: 'text/csv', partBytes: 1000 })).rejects.toThrow('source failed at chunk 25');
    expect(sent.map((s) => s.command)).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']);
    await expect(stored(key)).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('DropBucket.downloadUrl', () => {
  it('a presigned GET that saves under the given name (ASCII and UTF-8 forms)', async () => {
    const key = fresh();
    await bucket.write(key, chunks(1), { contentType: 'text/csv' });
    const url = await bucket.downloadUrl(key, 300, 'aziende-città.csv');
    expect(url).toContain('X-Amz-Expires=300');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="aziende-citt_.csv"; filename*=UTF-8''aziende-citt%C3%A0.csv`);
    expect((await response.text()).length).toBe(100);
  });
});

describe('DropBucket.uploadUrl', () => {
  // This emulator checks signatures as S3 does (the local cloud's does not, see local/s3.ts), so what
  // a presigned upload URL binds is really refused. (It disagrees with the SDK on a UTF-8
  // content-disposition, so the download link above is tested on the other one.)
  let signing: LocalS3;
  let signingClient: S3Client;
  let signed: S3DropBucket;
  beforeAll(async () => {
    signing = await startLocalS3({ checkSignatures: true });
    signingClient = new S3Client(localS3ClientConfig(signing.endpoint));
    signed = new S3DropBucket(signingClient, dropBucketName);
  });
  afterAll(async () => {
    signingClient?.destroy();
    await signing?.stop();
  });

  it('an upload URL takes a PUT of text/csv and refuses another content type, or none', async () => {
    const key = 'acme/imports/companies/job-1.csv';
    const url = await signed.uploadUrl(key, 60);
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    for (const type of ['application/octet-stream', 'text/csv; charset=utf-8']) {
      const refused = await fetch(url, { method: 'PUT', body: 'legalName\nAlfa\n', headers: { 'content-type': type } });
      expect(refused.status, type).toBe(403);
      expect(await refused.text()).toContain('SignatureDoesNotMatch');
    }
    expect((await fetch(url, { method: 'PUT', body: 'legalName\nAlfa\n' })).status).toBe(403);
    expect(await signed.size(key)).toBeNull();

    const put = await fetch(url, { method: 'PUT', body: 'legalName\nAlfa\n', headers: { 'content-type': 'text/csv' } });
    expect(put.status, await put.text()).toBe(200);
    expect(await signed.size(key)).toBe(15);
  });
});

describe('DropBucket.metadata', () => {
  it("reads an object's user metadata, null when there is no object", async () => {
    const key = `t-${randomUUID().slice(0, 8)}/imports/companies/dropped.csv`;
    await client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: key, Body: 'legalName\nAlfa\n', Metadata: { 'idempotency-key': 'k-1' } }));
    expect(await bucket.metadata(key)).toEqual({ 'idempotency-key': 'k-1' });
    expect(await bucket.metadata(`t-${randomUUID().slice(0, 8)}/imports/companies/none.csv`)).toBeNull();
  });
});
