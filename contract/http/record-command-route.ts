import type { z } from 'zod';
import type { RouteDefinition } from '../route-definition.ts';
import { IdParam } from './common.ts';

/** The record a context's command routes act on. */
export interface CommandTarget<F extends string, V extends z.ZodType> {
  /** The collection's path, e.g. `/v1/tickets`. */
  readonly collection: string;
  readonly function: F;
  readonly tag: string;
  /** The record's name in the answer's description (`The ticket after the command`). */
  readonly name: string;
  readonly view: V;
}

/**
 * The routes of commands on one record share a shape: `POST <collection>/{id}/<action>`, answering
 * 200 with the record after the command, its version as `ETag`, `If-Match` honoured. One factory per
 * record type makes them; the literals (function, operation id) are kept for the router's typing.
 */
export const recordCommandRoute =
  <const F extends string, const V extends z.ZodType>(target: CommandTarget<F, V>) =>
  <const Id extends string, const Body extends z.ZodType>(operationId: Id, action: string, summary: string, body: Body) =>
    ({
      method: 'POST',
      path: `${target.collection}/{id}/${action}`,
      function: target.function,
      operationId,
      summary,
      tag: target.tag,
      auth: 'jwt',
      params: IdParam,
      body,
      response: { status: 200, description: `The ${target.name} after the command`, schema: target.view },
      concurrency: true,
    }) as const satisfies RouteDefinition;
