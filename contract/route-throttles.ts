import type { RouteDefinition } from './route-definition.ts';

/**
 * API throttling per route class (API Gateway: a token bucket per route, requests per second and
 * burst; past them a 429 before any Lambda runs). Derived from what the contract already says of a
 * route, so a new route has a class without a new field:
 * - `public`: no authorizer (health, OpenAPI, docs, calendar feeds): anyone on the internet may call.
 * - `jobs`: answers 202 — it queues work (imports, exports, reports, rebuilds, webhook deliveries);
 *   each request can cost minutes of a worker, so few are allowed.
 * - `reads`: GET behind the authorizer.
 * - `writes`: every other command behind the authorizer.
 */
export type RouteClass = 'public' | 'jobs' | 'reads' | 'writes';

export const routeClassOf = (route: Pick<RouteDefinition, 'method' | 'auth' | 'response'>): RouteClass => {
  if (route.auth === 'none') return 'public';
  if (route.response.status === 202) return 'jobs';
  return route.method === 'GET' ? 'reads' : 'writes';
};

export interface Throttle {
  /** Steady requests per second. */
  readonly rateLimit: number;
  /** Requests at once above the rate (the bucket's size). */
  readonly burstLimit: number;
}

/**
 * The values, in one place (infra scales them with the stack's `throttleScale`). Each route of a class
 * gets its own bucket of this size; the stage default (`stageThrottle`) covers anything without one.
 * The account's regional limit (10,000 rps, 5,000 burst) is shared by every API of the account.
 */
export const routeThrottles: Readonly<Record<RouteClass, Throttle>> = {
  reads: { rateLimit: 50, burstLimit: 100 },
  writes: { rateLimit: 25, burstLimit: 50 },
  jobs: { rateLimit: 5, burstLimit: 10 },
  public: { rateLimit: 10, burstLimit: 20 },
};

export const stageThrottle: Throttle = { rateLimit: 50, burstLimit: 100 };

/** A throttle times `scale`, rounded, never below 1. */
export const scaledThrottle = (throttle: Throttle, scale: number): Throttle => ({
  rateLimit: Math.max(1, Math.round(throttle.rateLimit * scale)),
  burstLimit: Math.max(1, Math.round(throttle.burstLimit * scale)),
});
