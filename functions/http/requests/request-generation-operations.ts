import { requestGeneration, type GeneratedRecord } from '../../../application/requests/request-generation.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf } from '../idempotency.ts';
import { commandOptionsOf } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type RequestGenerationOperations = Pick<Operations<'requestsApi'>, 'generateFromRequest'>;

/** Where a generated document is read: a meeting is an activity. */
const locationOf = (document: GeneratedRecord): string =>
  document.kind === 'ticket' ? `/v1/tickets/${document.id}` : document.kind === 'quote' ? `/v1/quotes/${document.id}` : `/v1/activities/${document.id}`;

/**
 * Generating a ticket, a quote or a meeting from a request over HTTP: 201 with the request after it
 * and the document created, `Location` the document, `ETag` the request's version (an `If-Match`
 * pins the request, as on every other request command).
 */
export const requestGenerationOperations = (dependencies: DependencySource): RequestGenerationOperations => {
  const generate = requestGeneration(dependencies);
  return {
    generateFromRequest: async ({ actor, params, body, ...request }) =>
      answer(await generate(commandContextOf(actor, request), params.id, body, commandOptionsOf(actor, request)), (result) =>
        json(201, result, { etag: etag(result.request.version), location: locationOf(result.document) }),
      ),
  };
};
