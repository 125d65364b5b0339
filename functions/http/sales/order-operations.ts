import { orderQueries } from '../../../application/sales/order-queries.ts';
import { quoteAcceptance } from '../../../application/sales/quote-acceptance.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type OrderOperations = Pick<Operations<'salesApi'>, 'acceptQuote' | 'listOrders' | 'getOrder' | 'getOrderHistory'>;

/**
 * Accepting a quote and reading sales orders over HTTP. The acceptance answers 200 with the quote
 * after it (its version as `ETag`, as every command on the quote) and the order it created.
 */
export const orderOperations = (dependencies: DependencySource): OrderOperations => {
  const accept = quoteAcceptance(dependencies);
  const orders = orderQueries(dependencies);
  return {
    acceptQuote: async ({ actor, params, body, ...request }) =>
      answer(
        await accept(commandContextOf(actor, request), params.id, { allowExpired: body?.allowExpired, note: body?.note }, commandOptionsOf(actor, request)),
        (result) => json(200, result, { etag: etag(result.quote.version) }),
      ),
    listOrders: async ({ actor, query }) => json(200, await inQuery(() => orders.listOrders(actor, query))),
    getOrder: async ({ actor, params, query }) => {
      const { record, version } = await orders.getOrder(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    getOrderHistory: async ({ actor, params }) => json(200, await orders.orderHistory(actor, params.id)),
  };
};
