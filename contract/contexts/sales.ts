import { opportunityEvents } from '../../events/sales/opportunity-events.ts';
import { orderEvents } from '../../events/sales/order-events.ts';
import { quoteEvents } from '../../events/sales/quote-events.ts';
import { defineContext } from '../context-definition.ts';
import { salesRoutes } from '../http/sales-routes.ts';
import { salesTimelineProjections } from '../../projections/sales/sales-timeline.ts';

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
      access: { events: 'read' },
    },
  },
  routes: [...salesRoutes],
  projections: [
    // Opportunities, quotes and orders on their parties' timelines.
    ...salesTimelineProjections,
  ],
  busRules: [],
});
