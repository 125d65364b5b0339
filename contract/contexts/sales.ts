import { opportunityEvents } from '../../events/sales/opportunity-events.ts';
import { orderEvents } from '../../events/sales/order-events.ts';
import { quoteEvents } from '../../events/sales/quote-events.ts';
import { opportunityListProjection } from '../../projections/sales/opportunity-list.ts';
import { defineContext } from '../context-definition.ts';
import { opportunityRoutes } from '../http/opportunity-routes.ts';
import { salesRoutes } from '../http/sales-routes.ts';
import { salesTimelineProjections } from '../../projections/sales/sales-timeline.ts';
import { orderRoutes } from '../http/order-routes.ts';
import { orderListProjection } from '../../projections/sales/order-list.ts';
import { quoteRoutes } from '../http/quote-routes.ts';
import { quoteListProjection } from '../../projections/sales/quote-list.ts';

/**
 * Sales: opportunities (API.md "Sales"). For now the opportunity stub a lead conversion opens (the
 * directory appends `OpportunityOpened` in the conversion's commit) and the route that reads it.
 */
export const salesContext = defineContext({
  name: 'sales',
  events: [...opportunityEvents, ...quoteEvents, ...orderEvents],
  functions: {
    salesApi: {
      id: 'SalesApi',
      entry: 'functions/http/sales.ts',
      kind: 'http',
      description: 'HTTP API of the sales context: opportunities',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Reads an opportunity's log (the directory's lead conversion appends it); nothing else yet.
      // Commands append to the log and load aggregates; lists and the summary come from the read models.
      // Quotes: commands append to the log (sequences `quote-<year>`, idempotency records), lists query the quote list.
      // Accepting a quote appends (quote, order, opportunity); the order list and the people model are read models.
      access: { events: 'append', readModels: 'query' },
    },
  },
  routes: [...salesRoutes, ...opportunityRoutes, ...quoteRoutes, ...orderRoutes],
  projections: [
    opportunityListProjection,
    quoteListProjection,
    orderListProjection,
    // Opportunities, quotes and orders on their parties' timelines.
    ...salesTimelineProjections,
  ],
  busRules: [],
});
