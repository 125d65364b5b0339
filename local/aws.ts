/**
 * Region and credentials of the local cloud. DynamoDB Local (`-sharedDb`) accepts any credentials;
 * the S3 emulator accepts only its built-in key pair `S3RVER`/`S3RVER`, so that pair is used for all.
 * Nothing here reaches AWS.
 */
export const localAwsConfig = {
  region: 'eu-south-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
} as const;
