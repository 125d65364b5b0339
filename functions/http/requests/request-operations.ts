import { requestMove } from '../../../application/requests/request-move.ts';
import { requestService } from '../../../application/requests/request-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { commandContextOf } from '../idempotency.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type RequestOperations = Pick<
  Operations<'requestsApi'>,
  'registerRequest' | 'getRequest' | 'editRequest' | 'getRequestHistory' | 'assignRequestResponsible' | 'moveRequest' | 'closeRequest' | 'reopenRequest'
>;

const requestAnswer = recordAnswer((id) => `/v1/requests/${id}`);

/** Registering, reading and changing one customer request over HTTP: each operation calls the service and renders its result. */
export const requestOperations = (dependencies: DependencySource): RequestOperations => {
  const requests = requestService(dependencies);
  const move = requestMove(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    registerRequest: async ({ actor, body, ...request }) =>
      requestAnswer(await requests.registerRequest(context(actor, request), body, options(actor, request, false))),
    getRequest: async ({ actor, params, query }) => {
      const { record, version } = await requests.getRequest(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    editRequest: async ({ actor, params, body, ...request }) =>
      requestAnswer(await requests.editRequest(context(actor, request), params.id, body, options(actor, request))),
    getRequestHistory: async ({ actor, params }) => json(200, await requests.requestHistory(actor, params.id)),
    assignRequestResponsible: async ({ actor, params, body, ...request }) =>
      requestAnswer(await requests.assignResponsible(context(actor, request), params.id, body.userId, options(actor, request))),
    moveRequest: async ({ actor, params, body, ...request }) => requestAnswer(await move(context(actor, request), params.id, body, options(actor, request))),
    closeRequest: async ({ actor, params, body, ...request }) =>
      requestAnswer(await requests.closeRequest(context(actor, request), params.id, body ?? {}, options(actor, request))),
    reopenRequest: async ({ actor, params, body, ...request }) =>
      requestAnswer(await requests.reopenRequest(context(actor, request), params.id, body ?? {}, options(actor, request))),
  };
};
