import { HeadObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { resourceEnv } from '../../contract/tables.ts';
import { downloadUrlSeconds, uploadUrlSeconds, type AvatarStorage } from '../../application/ports/avatar-storage.ts';
import { awsClient } from '../aws/instrument-client.ts';

/** The port and its link lifetimes, here too for the callers that build the storage. */
export { downloadUrlSeconds, uploadUrlSeconds, type AvatarStorage };

export const s3AvatarStorage = (client: S3Client, bucket: string): AvatarStorage => ({
  uploadUrl: (key, contentType, size) =>
    getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size }), {
      expiresIn: uploadUrlSeconds,
      // Signed, so S3 refuses an upload of another type or size than the one that was checked.
      signableHeaders: new Set(['content-type', 'content-length']),
    }),
  downloadUrl: (key) => getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: downloadUrlSeconds }),
  head: async (key) => {
    try {
      const object = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { contentType: object.ContentType, size: object.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  },
});

let fromEnvironment: AvatarStorage | undefined;

/**
 * Built on first use from `DROP_BUCKET`. With an endpoint override (`AWS_ENDPOINT_URL_S3`: the local
 * S3 emulator) requests are path-style, since `<bucket>.127.0.0.1` does not resolve.
 */
export const avatarStorageFromEnv = (): AvatarStorage => {
  if (!fromEnvironment) {
    const bucket = process.env[resourceEnv.dropBucket];
    if (!bucket) throw new Error(`environment variable ${resourceEnv.dropBucket} is not set`);
    fromEnvironment = s3AvatarStorage(awsClient(new S3Client({ forcePathStyle: Boolean(process.env['AWS_ENDPOINT_URL_S3']) })), bucket);
  }
  return fromEnvironment;
};
