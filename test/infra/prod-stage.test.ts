import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { CronacaStack } from '../../infra/cronaca-stack.ts';

/** A prod-like stage: data is retained and protected. Bundling is skipped (only settings are checked). */
let stack: CronacaStack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaProd', { stage: 'prod', corsOrigins: ['https://crm.example.com'] });
  template = Template.fromStack(stack);
});

describe('prod-like stage', () => {
  it('tables have deletion protection and are retained', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(2);
    for (const table of Object.values(tables)) {
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    }
  });

  it('buckets and the user pool are retained; the pool is protected and on the Plus plan with threat protection', () => {
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      DeletionProtection: 'ACTIVE',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('CORS is restricted to the configured origins', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: { AllowOrigins: ['https://crm.example.com'] } });
  });

  it('is cdk-nag clean without the non-prod Cognito acknowledgment', () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`)).toEqual([]);
    const cog8 = stack.identity.userPool.node.metadata.filter((entry) => JSON.stringify(entry.data ?? '').includes('COG8'));
    expect(cog8).toEqual([]);
  });
});
