import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { dropBucketKindTag } from '../../contract/drop-bucket.ts';
import { resourceEnv } from '../../contract/tables.ts';
import type { ReportFiles } from '../../application/ports/report-jobs.ts';
import { attachmentDisposition } from './drop-bucket.ts';
import { awsClient } from '../aws/instrument-client.ts';

export type { ReportFiles } from '../../application/ports/report-jobs.ts';

/**
 * `<tenant>/reports/<file>` (domain/reports/report-job.ts `reportKeyOf`): the only keys the renderer
 * may write and the reports API may sign (infra/constructs/report-jobs.ts grants `<any tenant>/reports/<any file>`).
 * Checked here too, so a wrong key fails loudly locally instead of as an AccessDenied in AWS.
 */
const reportKey = /^[^/]+\/reports\/[^/]+$/;

const checked = (key: string): string => {
  if (!reportKey.test(key)) throw new Error(`not a report key: '${key}' (expected <tenant>/reports/<file>)`);
  return key;
};

/**
 * Report files in the drop bucket. A report is rendered whole in memory (a PDF of 2,000 entries is a
 * few MB), so it is one PutObject: tagged `cronaca-kind=reports` (the bucket's lifecycle rule expires
 * it after 30 days, contract/drop-bucket.ts) and encrypted as the bucket is (S3-managed keys,
 * infra/constructs/private-bucket.ts) — said explicitly, so the object is encrypted whatever the
 * default. Downloads are presigned GETs (no call to S3) that save under the report's file name.
 */
export class S3ReportFiles implements ReportFiles {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: checked(key),
        Body: body,
        ContentType: contentType,
        ContentLength: body.byteLength,
        ServerSideEncryption: 'AES256',
        Tagging: new URLSearchParams({ [dropBucketKindTag]: 'reports' }).toString(),
        // A report is a snapshot of what its requester could see: no shared cache keeps a copy.
        CacheControl: 'private, no-store',
      }),
    );
  }

  async downloadUrl(key: string, expiresInSeconds: number, filename: string): Promise<string> {
    const command = new GetObjectCommand({ Bucket: this.#bucket, Key: checked(key), ResponseContentDisposition: attachmentDisposition(filename) });
    return getSignedUrl(this.#s3, command, { expiresIn: expiresInSeconds });
  }
}

let fromEnvironment: ReportFiles | undefined;

/** The report files in the drop bucket named by `DROP_BUCKET` (endpoint from the SDK's own variables locally). */
export const reportFilesFromEnv = (): ReportFiles => {
  if (!fromEnvironment) {
    const bucket = process.env[resourceEnv.dropBucket];
    if (!bucket) throw new Error(`${resourceEnv.dropBucket} is not set`);
    // Path-style locally (no `<bucket>.127.0.0.1` DNS); virtual-hosted in AWS.
    fromEnvironment = new S3ReportFiles(awsClient(new S3Client({ forcePathStyle: Boolean(process.env['AWS_ENDPOINT_URL_S3']) })), bucket);
  }
  return fromEnvironment;
};
