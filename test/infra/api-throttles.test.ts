import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeClassOf, routeThrottles, scaledThrottle, stageThrottle, type RouteClass } from '../../contract/route-throttles.ts';
import { routeKey, routes } from '../../contract/routes.ts';
import { functions, type FunctionName } from '../../contract/functions.ts';
import { corsOriginsEnv } from '../../infra/cors-origins.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { logicalId } from './helpers.ts';

/** API throttling per route class (contract/route-throttles.ts), on a stack that scales every throttle by 2. */
const scale = 2;
let stage: { Properties: Record<string, any>; DependsOn?: string[] };
let routeIds: Map<string, string>;
let template: Template;
let stack: CronacaStack;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaThrottles', { stage: 'test', throttleScale: scale });
  template = Template.fromStack(stack);
  const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
  expect(stages).toHaveLength(1);
  stage = stages[0] as typeof stage;
  routeIds = new Map(Object.entries(template.findResources('AWS::ApiGatewayV2::Route')).map(([id, route]) => [route.Properties.RouteKey as string, id]));
});

describe('route classes (derived from the contract)', () => {
  it('public routes have no authorizer; jobs answer 202; reads are GET; writes the rest', () => {
    const classes = new Map<RouteClass, string[]>();
    for (const route of routes) classes.set(routeClassOf(route), [...(classes.get(routeClassOf(route)) ?? []), routeKey(route)]);
    expect(classes.get('public')).toEqual(['GET /health', 'GET /openapi.json', 'GET /docs', 'GET /v1/calendar/feeds/{id}/{secret}']);
    expect(classes.get('jobs')).toEqual(
      expect.arrayContaining(['POST /v1/imports/paste', 'POST /v1/exports', 'POST /v1/admin/projections/rebuild', 'POST /v1/webhooks/{id}/test']),
    );
    for (const route of routes.filter((candidate) => routeClassOf(candidate) === 'jobs')) expect(route.response.status).toBe(202);
    for (const route of routes.filter((candidate) => routeClassOf(candidate) === 'reads')) expect([route.method, route.auth]).toEqual(['GET', 'jwt']);
    for (const route of routes.filter((candidate) => routeClassOf(candidate) === 'writes')) expect(route.method).not.toBe('GET');
    expect(classes.get('reads')!.length + classes.get('writes')!.length + classes.get('jobs')!.length + 4).toBe(routes.length);
  });

  it('jobs and writes are throttled harder than reads; public routes harder than writes', () => {
    expect(routeThrottles.jobs.rateLimit).toBeLessThan(routeThrottles.writes.rateLimit);
    expect(routeThrottles.writes.rateLimit).toBeLessThan(routeThrottles.reads.rateLimit);
    expect(routeThrottles.public.rateLimit).toBeLessThan(routeThrottles.writes.rateLimit);
    for (const throttle of Object.values(routeThrottles)) expect(throttle.burstLimit).toBeGreaterThanOrEqual(throttle.rateLimit);
  });
});

describe('the API stage', () => {
  it('keeps the default throttle, scaled', () => {
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: stageThrottle.rateLimit * scale,
      ThrottlingBurstLimit: stageThrottle.burstLimit * scale,
    });
  });

  it('throttles every route of the contract by its class, scaled, and nothing else', () => {
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    expect(Object.keys(settings).sort()).toEqual(routes.map(routeKey).sort());
    for (const route of routes) {
      const expected = scaledThrottle(routeThrottles[routeClassOf(route)], scale);
      expect(settings[routeKey(route)], routeKey(route)).toEqual({ ThrottlingRateLimit: expected.rateLimit, ThrottlingBurstLimit: expected.burstLimit });
    }
  });

  it('is created after every route (API Gateway refuses settings for a route key it does not know)', () => {
    for (const route of routes) expect(stage.DependsOn, routeKey(route)).toContain(routeIds.get(routeKey(route)));
  });

  it('a throttle scaled down never reaches zero', () => {
    expect(scaledThrottle({ rateLimit: 2, burstLimit: 5 }, 0.01)).toEqual({ rateLimit: 1, burstLimit: 1 });
  });

  it('refuses a scale that is not positive', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    expect(() => new CronacaStack(app, 'Bad', { stage: 'test', throttleScale: 0 })).toThrow(/throttleScale must be positive/);
  });
});

describe('CORS on a stage that is not prod-like (prod-stage.test.ts: prod-like stages)', () => {
  it("defaults to '*' on the API, the HTTP functions and the drop bucket", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['*'] }) });
    template.hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['*'] })] } });
    const resources = template.toJSON().Resources;
    for (const name of Object.keys(functions) as FunctionName[]) {
      if (functions[name].kind !== 'http') continue;
      expect(resources[logicalId(stack.functions[name].function)].Properties.Environment.Variables[corsOriginsEnv], name).toBe('*');
    }
  });
});
