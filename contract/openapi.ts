/**
 * The OpenAPI 3.1 document of the HTTP API, generated from `contract/routes.ts` and its zod schemas.
 * The generator lives in `contract/openapi/`, one concept per file:
 * - `document-model.ts`: the OpenAPI object model, version constants, component `$ref`s;
 * - `schemas.ts`: zod -> JSON Schema and the shared `components.schemas`;
 * - `parameters.ts`: path/query parameters and the `Idempotency-Key` / `If-Match` headers;
 * - `responses.ts`: success responses, the standard problem responses, response headers;
 * - `operation.ts`: one operation from one route;
 * - `document.ts`: the document assembled from all routes.
 */
export { API_TITLE, API_VERSION, OPENAPI_VERSION } from './openapi/document-model.ts';
export type {
  HeaderObject,
  JsonSchema,
  MediaTypeObject,
  OpenApiDocument,
  OperationMethod,
  OperationObject,
  ParameterObject,
  PathItemObject,
  Reference,
  RequestBodyObject,
  ResponseObject,
  SecurityRequirement,
} from './openapi/document-model.ts';
export { createSchemaCollector } from './openapi/schemas.ts';
export { pathPlaceholders } from './openapi/parameters.ts';
export { openApiDocument } from './openapi/document.ts';
