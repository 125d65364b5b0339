import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reportFilesFromEnv, S3ReportFiles } from '../../adapters/s3/report-files.ts';
import { dropBucketKindTag } from '../../contract/drop-bucket.ts';
import { dropBucketName, localS3ClientConfig } from '../../local/s3.ts';

/**
 * Report files on the S3 emulator (the run's, test/support/global-setup.ts): one PutObject, tagged for
 * the bucket's report expiry and encrypted; a presigned download that saves under the report's name.
 * The emulator keeps neither tags nor the encryption header, so those are read off the request the
 * SDK really sent (a middleware that records headers; the request still goes to the emulator).
 */
let client: S3Client;
let files: S3ReportFiles;
let sent: Record<string, string>[] = [];

beforeAll(() => {
  client = new S3Client(localS3ClientConfig(inject('s3Endpoint')));
  client.middlewareStack.add(
    (next) => async (args) => {
      sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordHeaders' },
  );
  files = new S3ReportFiles(client, dropBucketName);
});
afterAll(() => client?.destroy());

const pdfBytes = () => new Uint8Array(Buffer.from(`%PDF-1.7\n${'x'.repeat(2048)}\n%%EOF\n`, 'latin1'));
const reportKey = (format: string) => `t-${randomUUID().slice(0, 8)}/reports/${randomUUID()}.${format}`;

const stored = async (key: string) => {
  const object = await client.send(new GetObjectCommand({ Bucket: dropBucketName, Key: key }));
  return { bytes: await object.Body!.transformToByteArray(), contentType: object.ContentType, cacheControl: object.CacheControl };
};

describe('ReportFiles.put', () => {
  it('writes the file in one PutObject, tagged cronaca-kind=reports and encrypted as the bucket', async () => {
    const key = reportKey('pdf');
    const body = pdfBytes();
    sent = [];
    await files.put(key, body, 'application/pdf');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      'x-amz-tagging': `${dropBucketKindTag}=reports`,
      'x-amz-server-side-encryption': 'AES256',
      'content-type': 'application/pdf',
      'content-length': String(body.byteLength),
    });
    const object = await stored(key);
    expect(object.bytes).toEqual(body);
    expect(object.contentType).toBe('application/pdf');
    expect(object.cacheControl).toBe('private, no-store');
  });

  it('a second put of the same job replaces the file (a retried attempt)', async () => {
    const key = reportKey('csv');
    await files.put(key, new TextEncoder().encode('\uFEFFfirst\r\n'), 'text/csv; charset=utf-8');
    await files.put(key, new TextEncoder().encode('\uFEFFsecond\r\n'), 'text/csv; charset=utf-8');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode((await stored(key)).bytes)).toBe('\uFEFFsecond\r\n');
  });

  it.each(['acme/exports/job.csv', 'reports/job.pdf', 'acme/reports/nested/job.pdf', 'acme/reports/', '/reports/job.pdf'])('refuses a key that is not <tenant>/reports/<file>: %s', async (key) => {
    sent = [];
    await expect(files.put(key, pdfBytes(), 'application/pdf')).rejects.toThrow(/not a report key/);
    await expect(files.downloadUrl(key, 300, 'x.pdf')).rejects.toThrow(/not a report key/);
    expect(sent).toEqual([]);
  });
});

describe('ReportFiles.downloadUrl', () => {
  it('a presigned GET, valid for the given seconds, that saves under the given name (ASCII and UTF-8 forms)', async () => {
    const key = reportKey('pdf');
    const body = pdfBytes();
    await files.put(key, body, 'application/pdf');
    sent = [];
    const url = await files.downloadUrl(key, 300, 'ŁÓDŹ-history-2026-12-02.pdf');
    expect(sent).toEqual([]); // signed locally: no call to the bucket
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="__D_-history-2026-12-02.pdf"; filename*=UTF-8''${encodeURIComponent('ŁÓDŹ-history-2026-12-02.pdf')}`,
    );
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(body);
  });

  it('links to what is there: a key never written answers 404', async () => {
    const response = await fetch(await files.downloadUrl(reportKey('json'), 60, 'missing.json'));
    expect(response.status).toBe(404);
  });
});

describe('reportFilesFromEnv', () => {
  it('uses the drop bucket of DROP_BUCKET, path-style on the emulator', async () => {
    const key = reportKey('json');
    const fromEnv = reportFilesFromEnv();
    await fromEnv.put(key, new TextEncoder().encode('{"schemaVersion":1}'), 'application/json');
    expect(new TextDecoder().decode((await stored(key)).bytes)).toBe('{"schemaVersion":1}');
    const url = await fromEnv.downloadUrl(key, 60, 'report.json');
    expect(url.startsWith(`${inject('s3Endpoint')}/${dropBucketName}/`)).toBe(true);
    expect(await (await fetch(url)).text()).toBe('{"schemaVersion":1}');
  });
});
