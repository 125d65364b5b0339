import { ticketEvents } from '../../events/support/ticket-events.ts';
import { ticketListProjection } from '../../projections/support/ticket-list.ts';
import { defineContext } from '../context-definition.ts';
import { ticketRoutes } from '../http/ticket-routes.ts';

/** Support: tickets (API.md "Support"). */
export const supportContext = defineContext({
  name: 'support',
  events: [...ticketEvents],
  functions: {
    supportApi: {
      id: 'SupportApi',
      entry: 'functions/http/support.ts',
      kind: 'http',
      description: 'HTTP API of the support context: tickets',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Commands append to the log and load aggregates; lists come from the read models.
      access: { events: 'append', readModels: 'query' },
    },
  },
  routes: [...ticketRoutes],
  projections: [ticketListProjection],
  busRules: [],
});
