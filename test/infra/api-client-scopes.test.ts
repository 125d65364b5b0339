import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { roleScopes } from '../../contract/api-client-scopes.ts';
import { Identity } from '../../infra/constructs/identity.ts';

/** The identity construct alone (no function bundling): the API clients' resource server and its scopes. */
const synth = (domainPrefix?: string) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'IdentityOnly', { env: { account: '123456789012', region: 'eu-south-1' } });
  const identity = new Identity(stack, 'Identity', {
    stage: 'test',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    threatProtection: true,
    ...(domainPrefix ? { domainPrefix } : {}),
  });
  return { stack, identity, template: Template.fromStack(stack) };
};

describe('API clients’ resource server (Cognito)', () => {
  it('is `cronaca` on the user pool with one scope per role, the names the HTTP edge checks', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 1);
    const [server] = Object.values(template.findResources('AWS::Cognito::UserPoolResourceServer'));
    expect(server!.Properties.Identifier).toBe('cronaca');
    const scopes = (server!.Properties.Scopes as { ScopeName: string }[]).map((scope) => `cronaca/${scope.ScopeName}`);
    expect(scopes).toEqual(roleScopes);
  });

  it('leaves the web client as it was: no OAuth flow, so no client-credentials token for it', () => {
    const { template } = synth();
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    expect(clients[0]!.Properties.AllowedOAuthFlows).toBeUndefined();
  });

  it('has a Cognito domain (its /oauth2/token is the token endpoint), unique per stage and account unless given', () => {
    const { template, identity, stack } = synth();
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'cronaca-test-123456789012' });
    expect(stack.resolve(identity.tokenUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: expect.stringMatching(/^IdentityUserPoolDomain/) }, '.auth.eu-south-1.amazoncognito.com/oauth2/token']],
    });
    synth('acme-crm').template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-crm' });
  });

  it('keeps the identity construct free of cdk-nag findings (AwsSolutions)', () => {
    const { stack } = synth();
    const violations = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack).violations;
    expect(violations.map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`)).toEqual([]);
  });
});
