import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { corsOriginsEnv } from '../../infra/cors-origins.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { logicalId } from './helpers.ts';

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

  it('the HTTP functions and the drop bucket use the same origins', () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      const variables = template.toJSON().Resources[logicalId(stack.functions[name].function)].Properties.Environment.Variables as Record<string, unknown>;
      if (functions[name].kind === 'http') expect(variables[corsOriginsEnv], name).toBe('https://crm.example.com');
      else expect(variables[corsOriginsEnv], name).toBeUndefined();
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://crm.example.com'] })] },
    });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      for (const rule of (bucket.Properties.CorsConfiguration?.CorsRules ?? []) as { AllowedOrigins: string[] }[]) expect(rule.AllowedOrigins).not.toContain('*');
    }
  });

  it('the variable set is the one the HTTP functions read (functions/http/http-function.ts)', () => {
    const source = readFileSync(new URL('../../functions/http/http-function.ts', import.meta.url), 'utf8');
    expect(source).toContain(`process.env.${corsOriginsEnv}`);
  });

  it.each([
    ['no origins', undefined, /is prod-like: give it the browser origins/],
    ['an empty list', [], /is prod-like: give it the browser origins/],
    ["'*'", ['https://crm.example.com', '*'], /may not contain '\*'/],
    ['a plain-http origin', ['http://crm.example.com'], /not an https origin/],
    ['a URL with a path', ['https://crm.example.com/app'], /not an https origin/],
  ])('synthesis fails with %s', (_, corsOrigins, message) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    expect(() => new CronacaStack(app, 'CronacaProdNoCors', { stage: 'prod', ...(corsOrigins ? { corsOrigins } : {}) })).toThrow(message);
  });

  it('is cdk-nag clean without the non-prod Cognito acknowledgment', () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`)).toEqual([]);
    const cog8 = stack.identity.userPool.node.metadata.filter((entry) => JSON.stringify(entry.data ?? '').includes('COG8'));
    expect(cog8).toEqual([]);
  });
});
