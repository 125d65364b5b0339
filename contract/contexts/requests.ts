import { requestEvents } from '../../events/requests/request-events.ts';
import { defineContext } from '../context-definition.ts';
import { requestRoutes } from '../http/request-routes.ts';
import { requestListProjection } from '../../projections/requests/request-list.ts';
import { requestTimelineProjection } from '../../projections/requests/request-timeline.ts';

/**
 * Customer requests (API.md "Support" `/v1/requests`, docs/requests.md): a first contact from a
 * client, on a board of open requests by status (the `request-statuses` catalogue) and in a list with
 * the closed ones; a responsible before anything moves; tickets, quotes and meetings generated from a
 * request in one commit with it; closed only explicitly.
 */
export const requestsContext = defineContext({
  name: 'requests',
  events: [...requestEvents],
  functions: {
    requestsApi: {
      id: 'RequestsApi',
      entry: 'functions/http/requests.ts',
      kind: 'http',
      description: 'HTTP API of the customer-requests context: register, board and list, responsible, status, generate, close',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Commands append to the log (the `request` number sequence, idempotency records); generating a
      // document appends to the request's stream and the new ticket's, quote's or meeting's (with the
      // ticket or quote counter) in one commit. The board, the list and the people model are read models.
      access: { events: 'append', readModels: 'query' },
    },
  },
  routes: [...requestRoutes],
  projections: [
    requestListProjection,
    requestTimelineProjection,
  ],
  busRules: [],
});
