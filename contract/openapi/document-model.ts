/**
 * The OpenAPI 3.1 object model the generator emits (only the parts it uses), the contract's
 * version constants and the `$ref` to a shared component.
 */
import type { HttpMethod } from '../route-definition.ts';

/** Version of the published API contract (`info.version`). */
export const API_VERSION = '1.0.0';
export const OPENAPI_VERSION = '3.1.0';
export const API_TITLE = 'Cronaca API';

export type JsonSchema = { [key: string]: unknown };
export type Reference = { readonly $ref: string };
export interface ParameterObject {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}
export interface HeaderObject {
  readonly description: string;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}
export interface MediaTypeObject {
  readonly schema?: JsonSchema;
}
export interface ResponseObject {
  readonly description: string;
  readonly headers?: Record<string, HeaderObject | Reference>;
  readonly content?: Record<string, MediaTypeObject>;
}
export interface RequestBodyObject {
  readonly description?: string;
  readonly required: boolean;
  readonly content: Record<string, MediaTypeObject>;
}
export type SecurityRequirement = Record<string, string[]>;
export interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: string[];
  readonly security: SecurityRequirement[];
  readonly parameters?: (ParameterObject | Reference)[];
  readonly requestBody?: RequestBodyObject;
  readonly responses: Record<string, ResponseObject | Reference>;
}
export type OperationMethod = Lowercase<HttpMethod>;
export type PathItemObject = Partial<Record<OperationMethod, OperationObject>>;
export interface OpenApiDocument {
  readonly openapi: typeof OPENAPI_VERSION;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers?: { readonly url: string }[];
  readonly tags: { readonly name: string }[];
  readonly paths: Record<string, PathItemObject>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly responses: Record<string, ResponseObject>;
    readonly parameters: Record<string, ParameterObject>;
    readonly headers: Record<string, HeaderObject>;
    readonly securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string }>;
  };
}

/** A reference to a shared component: `#/components/<section>/<name>`. */
export const ref = (section: 'schemas' | 'responses' | 'parameters' | 'headers', name: string): Reference => ({
  $ref: `#/components/${section}/${name}`,
});
