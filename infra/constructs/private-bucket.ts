import type { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, BucketEncryption, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';

/**
 * What every bucket of the stack is: private (all public access blocked, ACLs off), encrypted at rest
 * with SSE-S3 (the only encryption S3 server access logging delivers to, so one rule for all) and
 * reachable over TLS only. Constructs add their own lifecycle, logging and versioning.
 */
export const privateBucketProps = (removalPolicy: RemovalPolicy): BucketProps => ({
  encryption: BucketEncryption.S3_MANAGED,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  removalPolicy,
});
