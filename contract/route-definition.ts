import type { z } from 'zod';

/**
 * The shape of a route, apart from the route table (`routes.ts`): the route files of each context and
 * the table import it, so no route file imports the table — no import circle. `function` names a
 * function of the route's own context (`defineContext` checks it; the literal is kept, from which the
 * router derives the operations each function must serve).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/tickets/{id}/take`. */
  readonly path: string;
  readonly function: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  /** `jwt`: behind the authorizer; `none`: public (health, OpenAPI, docs). */
  readonly auth: 'jwt' | 'none';
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodType;
    readonly contentType?: string;
  };
  /** Commands answer with the record's version as `ETag` and honour `If-Match`. */
  readonly concurrency?: boolean;
  /**
   * The largest body the route takes, in bytes, when it needs more than the router's 256 KiB
   * (`functions/http/router.ts`). Bounded by what reaches the function: API Gateway takes 10 MB, a
   * synchronous Lambda invocation 6 MB for the whole event, in which the body is escaped once more.
   */
  readonly maxBodyBytes?: number;
  /**
   * Schemas of what the route produces outside its response — a report job's JSON file — published in
   * the OpenAPI document's components (each needs `.meta({ id })`), so clients can validate the file.
   */
  readonly publishes?: readonly z.ZodType[];
  /**
   * The route calls the identity provider (Cognito) before it answers: 503 with `Retry-After` when the
   * provider fails or throttles (functions/http/problem-details.ts).
   */
  readonly callsIdentityProvider?: boolean;
}
