/** One OpenAPI operation from one route: its parameters, request body and responses. */
import type { z } from 'zod';
import type { RouteDefinition } from '../route-definition.ts';
import { ref } from './document-model.ts';
import type { OperationObject, ParameterObject, Reference, ResponseObject } from './document-model.ts';
import { honoursIfMatch, objectParameters, pathParameters } from './parameters.ts';
import { errorResponses, errorStatuses, successResponse } from './responses.ts';
import type { SchemaCollector } from './schemas.ts';

const acceptsUndefined = (schema: z.ZodType): boolean => schema.safeParse(undefined).success;

export const operation = (collector: SchemaCollector, route: RouteDefinition): OperationObject => {
  const parameters: (ParameterObject | Reference)[] = [
    ...pathParameters(collector, route),
    ...(route.query ? objectParameters(collector, route.query, 'query', route) : []),
  ];
  if (route.method === 'POST') parameters.push(ref('parameters', 'IdempotencyKey'));
  if (honoursIfMatch(route)) parameters.push(ref('parameters', 'IfMatch'));

  const responses: Record<string, ResponseObject | Reference> = {
    [String(route.response.status)]: successResponse(collector, route),
  };
  for (const status of errorStatuses(route)) responses[String(status)] = ref('responses', errorResponses[status].name);

  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: route.auth === 'jwt' ? [{ bearerAuth: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !acceptsUndefined(route.body),
            content: { 'application/json': { schema: collector.convert(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
};
