import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { FunctionName } from '../../contract/functions.ts';
import { logger } from '../shared/logger.ts';
import { problemDetails } from './problem-details.ts';
import { router, type Operations, type RouterOptions } from './router.ts';
import { noApiClientGrants } from '../../application/ports/api-client-grants.ts';
import { noUserAccess } from '../../application/ports/user-access.ts';
import { dependenciesFromEnv } from '../shared/dependencies.ts';
import { systemClock } from '../../adapters/clock.ts';
import { markObserved, observabilityMiddlewares } from '../shared/observability.ts';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

const correlationHeader = 'x-correlation-id';

/**
 * Correlation ids: the caller's `x-correlation-id` or the API Gateway request id; added to every log
 * line and echoed on every response (errors included).
 */
const correlationIds = (): middy.MiddlewareObj<Event, Result, Error, { correlationId: string }> => {
  const echo = (request: middy.Request<Event, Result, Error, { correlationId: string }>) => {
    if (request.response) request.response.headers = { ...request.response.headers, [correlationHeader]: request.context.correlationId };
  };
  return {
    before: (request) => {
      const given = request.event.headers[correlationHeader];
      const correlationId = given && /^[\w.:-]{1,128}$/.test(given) ? given : request.event.requestContext.requestId;
      request.context.correlationId = correlationId;
      logger.appendKeys({ correlationId, routeKey: request.event.routeKey });
    },
    after: echo,
    onError: echo,
  };
};

/**
 * The one middy stack of every HTTP function: traces and metrics (functions/shared/observability.ts),
 * structured logs with the Lambda context, normalised headers, CORS, correlation ids, problem+json
 * errors — around a router over contract/routes.ts.
 */
export const httpFunction = <F extends FunctionName>(functionName: F, operations: Operations<F>, options: Partial<RouterOptions> = {}) => {
  // Only a client-credentials token reads the grants, so an ID-token request never builds the clients.
  const route = router(functionName, operations, {
    apiClients: options.apiClients ?? (() => dependenciesFromEnv().apiClients ?? noApiClientGrants),
    now: options.now ?? systemClock,
    users: options.users ?? (() => dependenciesFromEnv().userAccess ?? noUserAccess),
  });
  const stack = middy<Event, Result, Error, { correlationId: string } & Context>()
    .use(observabilityMiddlewares())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .use(httpCors({ origins: (process.env.CORS_ORIGINS ?? '*').split(','), exposeHeaders: 'etag,location,x-correlation-id' }))
    .use(correlationIds())
    .use(problemDetails())
    .handler(async (event, context) => route(event, context.correlationId));
  return markObserved(stack);
};
