import type { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionDefinition } from '../../contract/functions.ts';
import type { resourceEnv } from '../../contract/tables.ts';
import { CronacaFunction } from './functions.ts';
import type { Identity } from './identity.ts';

/**
 * The HTTP API's Lambda REQUEST authorizer (functions/http/authorizer.ts). Not an API function of a
 * context: no route, no data; it verifies Cognito tokens only. The JWT authorizer it replaces
 * checks `aud`/`client_id` against a list of at most 50 app clients, which API clients created at
 * run time would outgrow (docs/api-clients.md "In AWS").
 */
export const apiAuthorizerDefinition = {
  id: 'ApiAuthorizer',
  entry: 'functions/http/authorizer.ts',
  kind: 'http',
  description: 'Lambda authorizer of the HTTP API: verifies Cognito ID tokens of the web client and access tokens of API clients',
  // Signature checks against a cached JWKS: little memory, milliseconds (a cold start fetches the JWKS once).
  memorySize: 256,
  timeoutSeconds: 5,
} as const satisfies FunctionDefinition;

/** Its environment (functions/http/authorizer.ts `authorizerEnv`). */
export const apiAuthorizerEnv = { userPoolId: 'USER_POOL_ID', webClientId: 'WEB_CLIENT_ID' } as const;

/**
 * How long API Gateway keeps an answer, keyed by the Authorization header — past the token's `exp`
 * too, for users' ID tokens as for clients' access tokens. Safe anyway: every function checks `exp`
 * against its clock and reads an API client's grant on each request (functions/http/auth.ts
 * `actorFrom`), so a cached answer lets through neither an expired token nor a revoked client.
 */
export const authorizerCacheSeconds = 300;

export interface ApiAuthorizerProps {
  readonly stage: string;
  readonly identity: Identity;
  readonly resources: { readonly [K in keyof typeof resourceEnv]: string };
  readonly removalPolicy: RemovalPolicy;
  readonly projectRoot?: string;
}

/**
 * The authorizer function: its own role with nothing but its log group and X-Ray (no table, no
 * Cognito API: it fetches the pool's public JWKS over HTTPS, outside any VPC), the pool and the web
 * client in its environment.
 */
export class ApiAuthorizer extends Construct {
  readonly fn: CronacaFunction;

  constructor(scope: Construct, id: string, props: ApiAuthorizerProps) {
    super(scope, id);
    this.fn = new CronacaFunction(this, 'Function', {
      definition: apiAuthorizerDefinition,
      stage: props.stage,
      resources: props.resources,
      removalPolicy: props.removalPolicy,
      ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
    });
    this.fn.function.addEnvironment(apiAuthorizerEnv.userPoolId, props.identity.userPool.userPoolId);
    this.fn.function.addEnvironment(apiAuthorizerEnv.webClientId, props.identity.client.userPoolClientId);
  }
}
