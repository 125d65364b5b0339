import { CfnOutput, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi as Api,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../contract/functions.ts';
import { routeKey, routes, type RouteDefinition } from '../../contract/routes.ts';
import { routeClassOf, routeThrottles, scaledThrottle } from '../../contract/route-throttles.ts';
import { authorizerCacheSeconds } from './api-authorizer.ts';
import { acknowledge } from './nag.ts';

/** Request headers the API accepts cross-origin (API.md: `Idempotency-Key` on POST, `If-Match`). */
export const corsAllowHeaders = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id'];
/** Response headers browsers may read. */
export const corsExposeHeaders = ['ETag', 'Location', 'X-Correlation-Id', 'Idempotent-Replayed'];

/**
 * One JSON line per request; `$context` variables of HTTP APIs. No request path: a calendar feed's
 * URL (`/v1/calendar/feeds/{id}/{secret}`) is a credential; `routeKey` names the route and the
 * function's own log lines carry the ids.
 */
const accessLogFields = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  // The Lambda authorizer's context (simple responses): the token's claims as strings.
  sub: '$context.authorizer.sub',
  clientId: '$context.authorizer.client_id',
  error: '$context.error.message',
};

export interface HttpApiProps {
  readonly stage: string;
  /** The Lambda REQUEST authorizer (infra/constructs/api-authorizer.ts) of every `auth: 'jwt'` route. */
  readonly authorizer: IFunction;
  /** The Lambda behind each `contract/functions.ts` HTTP function named by a route. */
  readonly handlers: Partial<Record<FunctionName, IFunction>>;
  readonly corsOrigins: readonly string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Multiplies the route classes' throttles (contract/route-throttles.ts). Default 1. */
  readonly throttleScale?: number;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention?: RetentionDays;
}

/**
 * The HTTP API: every route of `contract/routes.ts`, behind the Lambda authorizer (Cognito tokens:
 * users' ID tokens, API clients' access tokens) unless the route says `auth: 'none'`, one Lambda
 * integration per function, access logs, default throttling and a throttle per route by its class.
 */
export class HttpApi extends Construct {
  readonly api: Api;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly authorizer: HttpLambdaAuthorizer;
  readonly routes = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);

    this.api = new Api(this, 'Api', {
      apiName: `cronaca-${props.stage}`,
      description: 'Cronaca HTTP API (/v1)',
      // The stage is created below, with access logging and throttling.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.corsOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE, CorsHttpMethod.OPTIONS],
        allowHeaders: corsAllowHeaders,
        exposeHeaders: corsExposeHeaders,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    this.authorizer = new HttpLambdaAuthorizer('CognitoTokens', props.authorizer, {
      authorizerName: 'cognito-tokens',
      // `{ isAuthorized, context }` with payload format 2.0; the context reaches the function as
      // `requestContext.authorizer.lambda` (functions/http/auth.ts).
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      // Without the header API Gateway answers 401 itself, without invoking the authorizer.
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(authorizerCacheSeconds),
    });
    const none = new HttpNoneAuthorizer();

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        const handler = props.handlers[name];
        if (!handler) throw new Error(`no Lambda for function '${name}' used by a route of contract/routes.ts`);
        // One invoke permission per function for this API (`<api>/*/*`), not one per route: a
        // permission per route is a resource per route, and CloudFormation allows 500 per stack (the
        // 140-odd routes alone took 140). Scoping to the route adds nothing: only this API may invoke,
        // and a route reaches only the integration the contract gives it.
        integration = new HttpLambdaIntegration(`${name}Integration`, handler, { scopePermissionToRoute: false });
        integrations.set(name, integration);
      }
      return integration;
    };

    for (const route of routes as readonly RouteDefinition[]) {
      const authorizer: IHttpRouteAuthorizer = route.auth === 'jwt' ? this.authorizer : none;
      const httpRoute = new HttpRoute(this, `Route-${route.operationId}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationFor(route.function),
        authorizer,
      });
      if (route.auth === 'none') {
        acknowledge(
          httpRoute,
          'AwsSolutions-APIG4',
          `${routeKey(route)} is public by contract (contract/routes.ts auth: 'none'): ${route.summary}.`,
        );
      }
      this.routes.set(routeKey(route), httpRoute);
    }
    this.throttleRoutes(props.throttleScale ?? 1);

    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API' });
  }

  /**
   * Each route's throttle, by its class (contract/route-throttles.ts), as the stage's `RouteSettings`
   * (keyed by route key; the L2 stage has no per-route throttling). API Gateway refuses settings for a
   * route key it does not know yet, so the stage waits for every route.
   */
  private throttleRoutes(scale: number): void {
    // `RouteSettings` is a JSON property (route key -> settings): CloudFormation's own names, as is.
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routes as readonly RouteDefinition[]) {
      const { rateLimit, burstLimit } = scaledThrottle(routeThrottles[routeClassOf(route)], scale);
      settings[routeKey(route)] = { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit };
    }
    const stage = this.stage.node.defaultChild as CfnStage;
    stage.routeSettings = settings;
    for (const route of this.routes.values()) stage.node.addDependency(route);
  }
}
