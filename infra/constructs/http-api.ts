import { CfnOutput, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
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
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../contract/functions.ts';
import { routeKey, routes, type RouteDefinition } from '../../contract/routes.ts';
import type { Identity } from './identity.ts';
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
  sub: '$context.authorizer.claims.sub',
  error: '$context.error.message',
};

export interface HttpApiProps {
  readonly stage: string;
  readonly identity: Identity;
  /** The Lambda behind each `contract/functions.ts` HTTP function named by a route. */
  readonly handlers: Partial<Record<FunctionName, IFunction>>;
  readonly corsOrigins: readonly string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention?: RetentionDays;
}

/**
 * The HTTP API: every route of `contract/routes.ts`, behind the Cognito JWT authorizer unless the
 * route says `auth: 'none'`, one Lambda integration per function, access logs and default throttling.
 */
export class HttpApi extends Construct {
  readonly api: Api;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly authorizer: HttpJwtAuthorizer;
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

    this.authorizer = new HttpJwtAuthorizer('CognitoJwt', props.identity.issuer, {
      authorizerName: 'cognito-jwt',
      jwtAudience: [props.identity.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const none = new HttpNoneAuthorizer();

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        const handler = props.handlers[name];
        if (!handler) throw new Error(`no Lambda for function '${name}' used by a route of contract/routes.ts`);
        integration = new HttpLambdaIntegration(`${name}Integration`, handler);
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

    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API' });
  }
}
