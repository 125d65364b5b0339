import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { privateBucketProps } from './private-bucket.ts';
import { Construct } from 'constructs';

export interface AccessLogsProps {
  readonly removalPolicy: RemovalPolicy;
  readonly retention?: Duration;
}

/**
 * The target of S3 server access logs for every other bucket of the stack (cdk-nag's S1 treats a
 * log-target bucket as compliant, so it needs no access log of its own).
 */
export class AccessLogs extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucketProps(props.removalPolicy),
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: props.retention ?? Duration.days(365) },
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
