import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledgments go through CDK's native `Validations.of(...).acknowledge()`. Every
 * acknowledgment lives next to the resource it concerns and carries a concrete reason.
 */
export const acknowledge = (scope: IConstruct, id: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id, reason });
};

/**
 * How cdk-nag spells a `Fn::GetAtt` reference inside an IAM5 finding, e.g. `<BucketA1B2C3.Arn>`.
 * IAM5 findings are per resource string, so wildcard acknowledgments must name the exact resource.
 */
export const nagAttRef = (resource: CfnElement, attribute = 'Arn'): string =>
  `<${Stack.of(resource).getLogicalId(resource)}.${attribute}>`;
