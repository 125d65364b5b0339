import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { logicalId } from './helpers.ts';

/** The API behind its own host name (infra/constructs/custom-domain.ts). One synth per case, no bundling. */
const certificateArn = 'arn:aws:acm:eu-south-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const synth = (customDomain?: ConstructorParameters<typeof CronacaStack>[2]['customDomain']) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const stack = new CronacaStack(app, 'CronacaDomain', { stage: 'domain', ...(customDomain ? { customDomain } : {}) });
  return { stack, template: Template.fromStack(stack) };
};

let withZone: ReturnType<typeof synth>;
let withoutZone: ReturnType<typeof synth>;
let without: ReturnType<typeof synth>;

beforeAll(() => {
  withZone = synth({ domainName: 'api.crm.example.com', certificateArn, hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'crm.example.com' } });
  withoutZone = synth({ domainName: 'api.crm.example.com', certificateArn });
  without = synth();
});

describe('custom domain', () => {
  it('is a regional domain name with the certificate and TLS 1.2, mapped to the $default stage at its root', () => {
    withZone.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.crm.example.com',
      DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    withZone.template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: logicalId(withZone.stack.httpApi.api) },
      Stage: '$default',
      ApiMappingKey: Match.absent(),
    });
  });

  it('turns the default execute-api endpoint off, so the domain is the only way in', () => {
    withZone.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    without.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: Match.absent() });
  });

  it('creates the alias record in the hosted zone when one is given, and only then', () => {
    withZone.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.crm.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: { DNSName: Match.anyValue(), HostedZoneId: Match.anyValue() },
    });
    withoutZone.template.resourceCountIs('AWS::Route53::RecordSet', 0);
    withoutZone.template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    without.template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });

  it('points the API URL output at the domain, since the execute-api endpoint is off', () => {
    const apiUrl = (template: Template) => Object.entries(template.findOutputs('*')).find(([id]) => id.startsWith('HttpApiUrl'))![1];
    expect(apiUrl(withZone.template).Value).toBe('https://api.crm.example.com');
    expect(JSON.stringify(apiUrl(without.template).Value)).toContain('ApiEndpoint');
  });

  it('outputs the URL and the DNS target', () => {
    const outputs = Object.values(withoutZone.template.findOutputs('*')).map((output) => output.Description as string);
    expect(outputs).toContain('Base URL of the HTTP API (custom domain)');
    expect(outputs).toContain('Where the custom domain must point (CNAME, or an alias record in Route 53)');
  });

  it('keeps the stack free of cdk-nag findings', () => {
    const violations = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(withZone.stack).violations;
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe('stack outputs the operator commands read (local/deployed-stack.ts)', () => {
  it('has the tables and the rebuild queue under the keys `npm run rebuild:aws` looks for', () => {
    const outputs = without.template.findOutputs('*');
    for (const key of ['EventsTableName', 'ReadModelsTableName', 'RebuildQueueUrl']) expect(Object.keys(outputs)).toContain(key);
    expect(outputs['RebuildQueueUrl']!.Value).toEqual({ Ref: logicalId(without.stack.projectionRebuilds.queue) });
  });
});
