import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { instrumentAwsClients } from '../../adapters/aws/instrument-client.ts';
import { EmfBusinessMetrics } from './business-metrics.ts';

/**
 * Metrics and traces of every Lambda entry point (docs/observability.md), one instance of each per
 * function (module singletons, like the logger).
 *
 * - `metrics`: CloudWatch EMF in the function's log (namespace POWERTOOLS_METRICS_NAMESPACE, `Cronaca`;
 *   the service dimension POWERTOOLS_SERVICE_NAME): no PutMetricData call, no extra latency.
 *   POWERTOOLS_METRICS_DISABLED=true (the local cloud, the tests) writes nothing.
 * - `tracer`: X-Ray, active only in Lambda (Powertools turns it off elsewhere; POWERTOOLS_TRACE_ENABLED=false
 *   turns it off anywhere). HTTP(S) is NOT captured globally: X-Ray would record each request's full
 *   URL, and a webhook URL may carry its receiver's token; the AWS SDK clients are captured one by
 *   one (adapters/aws/instrument-client.ts), the webhook attempts by traced-outbound-http.ts.
 */
const serviceName = process.env['POWERTOOLS_SERVICE_NAME'] ?? 'cronaca';

export const tracer = new Tracer({ serviceName, captureHTTPsRequests: false });
export const metrics = new Metrics({ namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'Cronaca', serviceName });
/** The BusinessMetrics port of the deployed functions (functions/shared/dependencies.ts passes it on). */
export const businessMetrics = new EmfBusinessMetrics(metrics);

// Before any client is built: every client of the adapters is made on first use, in a handler.
instrumentAwsClients((client) => tracer.captureAWSv3Client(client));

/**
 * The cold start (a `ColdStart` count with the service dimension only: the function's name changes with
 * every replacement, a new series each time) and, after the handler (or its error), the business
 * metrics it recorded. Unlike Powertools' `logMetrics`, nothing is written — not even its "No
 * application metrics to publish" warning — by an invocation that recorded none (every read).
 */
const flushMetrics = (): middy.MiddlewareObj => ({
  before: () => {
    metrics.captureColdStartMetric();
  },
  after: () => businessMetrics.flush(),
  onError: () => businessMetrics.flush(),
});

/**
 * The middlewares every entry point runs, outermost first: the handler's X-Ray subsegment (cold start
 * annotation, errors; not the response — it holds customer data), then the metrics.
 */
export const observabilityMiddlewares = (): middy.MiddlewareObj[] => [captureLambdaHandler(tracer, { captureResponse: false }) as middy.MiddlewareObj, flushMetrics()];

const observedMark = Symbol.for('cronaca.observed');

/** Whether a handler runs under `observed` (or the HTTP stack, which uses the same middlewares). */
export const isObserved = (handler: unknown): boolean => typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[observedMark] === true;

/** Marks a middy handler that runs `observabilityMiddlewares()` (functions/http/http-function.ts). */
export const markObserved = <H extends object>(handler: H): H => Object.assign(handler, { [observedMark]: true });

/**
 * A Lambda entry point's handler with the observability middlewares: how every non-HTTP function
 * exports `handler`. Middy gives a missing context as `{}`; the handler gets `undefined` then (a test,
 * the local cloud), as it did before, since it reads `getRemainingTimeInMillis` only from a real one.
 */
export const observed = <E, R>(handler: (event: E, context?: Context) => Promise<R>) =>
  markObserved(
    middy<E, R>()
      .use(observabilityMiddlewares())
      .handler((event, context) => handler(event, typeof (context as Partial<Context>).getRemainingTimeInMillis === 'function' ? context : undefined)),
  );
