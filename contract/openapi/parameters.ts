/**
 * Operation parameters: the path and query parameters a route's zod schemas declare, and the shared
 * `Idempotency-Key` / `If-Match` request headers.
 */
import type { z } from 'zod';
import type { RouteDefinition } from '../route-definition.ts';
import type { ParameterObject } from './document-model.ts';
import { isRecord } from './schemas.ts';
import type { SchemaCollector } from './schemas.ts';

/** Placeholders of an API Gateway path template, in order: `/v1/tickets/{id}` -> `['id']`. */
export const pathPlaceholders = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => (match[1] ?? '').replace(/\+$/, ''));

export const objectParameters = (
  collector: SchemaCollector,
  schema: z.ZodType,
  location: 'path' | 'query',
  route: RouteDefinition,
): ParameterObject[] => {
  const json = collector.resolve(collector.convert(schema, 'input'));
  const properties = json.properties;
  if (json.type !== 'object' || !isRecord(properties)) {
    throw new Error(`${route.operationId}: ${location} schema must be an object of named parameters`);
  }
  const required = new Set(Array.isArray(json.required) ? (json.required as string[]) : []);
  // A list's `cf.<key>` custom-field filters (contract/http/custom-field-filters.ts) are the object's
  // additional properties: documented as one templated parameter, since the keys are each tenant's.
  const { description: extraText, ...extraSchema } = isRecord(json.additionalProperties) ? json.additionalProperties : {};
  const additional: ParameterObject[] =
    typeof extraText === 'string' ? [{ name: 'cf.<key>', in: location, required: false, description: extraText, schema: extraSchema }] : [];
  return [...Object.entries(properties).map(([name, property]) => {
    const { description: text, ...propertySchema } = isRecord(property) ? property : {};
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof text === 'string' ? { description: text } : {}),
      schema: propertySchema,
    };
  }), ...additional];
};

export const pathParameters = (collector: SchemaCollector, route: RouteDefinition): ParameterObject[] => {
  const declared = route.params ? objectParameters(collector, route.params, 'path', route) : [];
  // Every placeholder is a parameter, in template order; one the contract does not describe is a string.
  return pathPlaceholders(route.path).map(
    (name) => declared.find((parameter) => parameter.name === name) ?? { name, in: 'path', required: true, schema: { type: 'string' } },
  );
};

/**
 * `If-Match` (and its `412`) applies to commands on an existing record: writes with `concurrency`,
 * except creates (`201`), which have no version yet to match (they still answer with an `ETag`).
 */
export const honoursIfMatch = (route: RouteDefinition): boolean =>
  route.method !== 'GET' && route.concurrency === true && route.response.status !== 201;

/** `components.parameters`: the request headers operations reference by name. */
export const headerParameters = (): Record<string, ParameterObject> => ({
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the POST safe to retry: the same key with the same body replays the first response without new events; the same key with another body answers `422`.',
    schema: { type: 'string', minLength: 1 },
    example: '6f1c2e1a-7f1e-4c3b-9a52-0d9e8d3b2a10',
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The version the command is based on, as returned in `ETag`; a stale version answers `412`.',
    schema: { type: 'string' },
    example: '"3"',
  },
});
