import { opportunityEvents } from '../../events/sales/opportunity-events.ts';
import { orderEvents } from '../../events/sales/order-events.ts';
import { quoteEvents } from '../../events/sales/quote-events.ts';
import { opportunityListProjection } from '../../projections/sales/opportunity-list.ts';
import { orderListProjection } from '../../projections/sales/order-list.ts';
import { quoteListProjection } from '../../projections/sales/quote-list.ts';
import { salesTimelineProjections } from '../../projections/sales/sales-timeline.ts';
import { defineContext } from '../context-definition.ts';
import { opportunityRoutes } from '../http/opportunity-routes.ts';
import { orderRoutes } from '../http/order-routes.ts';
import { quoteRoutes } from '../http/quote-routes.ts';

/**
 * Sales (API.md "Sales", docs/sales.md): opportunities and the revenue summary, quotes numbered
 * `Q-<year>-nnnnn`, and the sales orders that accepting a quote creates in the same commit. The quote
 * expiry step runs in the scheduled reminder job (functions/scheduled/quote-expiry.ts).
 */
export const salesContext = defineContext({
  name: 'sales',
  events: [...opportunityEvents, ...quoteEvents, ...orderEvents],
  functions: {
    salesApi: {
      id: 'SalesApi',
      entry: 'functions/http/sales.ts',
      kind: 'http',
      description: 'HTTP API of the sales context: opportunities, quotes, orders, sales settings',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Commands append to the log (sequences `quote-<year>`/`order-<year>`, idempotency records) and load
      // aggregates; accepting a quote appends to the quote, order and opportunity streams at once. Lists,
      // the summary and the people model are read models.
      access: { events: 'append', readModels: 'query' },
    },
  },
  routes: [...opportunityRoutes, ...quoteRoutes, ...orderRoutes],
  projections: [
    opportunityListProjection,
    quoteListProjection,
    orderListProjection,
    // Opportunities, quotes and orders on their parties' timelines.
    ...salesTimelineProjections,
  ],
  busRules: [],
});
