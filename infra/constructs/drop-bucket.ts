import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Grant, Role, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Bucket, HttpMethods, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { acknowledge, nagAttRef } from './nag.ts';
import { privateBucketProps } from './private-bucket.ts';
import { Construct } from 'constructs';
import { dropBucketExpiry, dropBucketKindTag } from '../../contract/drop-bucket.ts';

export interface DropBucketProps {
  readonly removalPolicy: RemovalPolicy;
  readonly accessLogsBucket: IBucket;
  /** Browser origins allowed to use presigned URLs. */
  readonly corsOrigins: readonly string[];
}

/** The drop bucket: `<tenant>/imports/<kind>/…`, `<tenant>/exports/…`, `<tenant>/reports/…`. */
export class DropBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: DropBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucketProps(props.removalPolicy),
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'drop-bucket/',
      cors: [
        {
          allowedMethods: [HttpMethods.GET, HttpMethods.PUT, HttpMethods.HEAD],
          allowedOrigins: [...props.corsOrigins],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        ...dropBucketExpiry.map(({ kind, days }) => ({
          id: `expire-${kind}`,
          tagFilters: { [dropBucketKindTag]: kind },
          expiration: Duration.days(days),
          noncurrentVersionExpiration: Duration.days(1),
        })),
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
    });
  }

  /** Read and write objects under one key prefix (e.g. `*` for all tenants, never the whole bucket ARN). */
  grantReadWrite(grantee: IGrantable, keyPattern = '*'): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging'],
      resourceArns: [this.bucket.arnForObjects(keyPattern)],
    });
  }

  /**
   * Contact pictures under `<tenant>/avatars/…`: PutObject (the presigned uploads are signed with the
   * function's role) and GetObject (HEAD on confirmation, presigned downloads). Nothing else.
   */
  grantAvatars(grantee: IGrantable): Grant {
    const keyPattern = '*/avatars/*';
    const grant = Grant.addToPrincipal({ grantee, actions: ['s3:GetObject', 's3:PutObject'], resourceArns: [this.bucket.arnForObjects(keyPattern)] });
    const role = grantee.grantPrincipal instanceof Role ? grantee.grantPrincipal : undefined;
    if (role) {
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::${nagAttRef(this.bucket.node.defaultChild as CfnBucket)}/${keyPattern}]`,
        'Avatar keys are <tenant>/avatars/contacts/<contactId>/<id>, generated per upload; the handler checks tenant and contact before any access.',
      );
    }
    return grant;
  }

  grantRead(grantee: IGrantable, keyPattern = '*'): Grant {
    return Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects(keyPattern)] });
  }
}
