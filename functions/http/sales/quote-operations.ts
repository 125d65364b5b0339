import { quoteQueries } from '../../../application/sales/quote-queries.ts';
import { quoteService } from '../../../application/sales/quote-service.ts';
import { salesSettingsService } from '../../../application/sales/sales-settings.ts';
import { assertAdministrator } from '../../../domain/access/administration.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations, RequestInfo } from '../router.ts';

type QuoteOperations = Pick<
  Operations<'salesApi'>,
  | 'draftQuote'
  | 'listQuotes'
  | 'getQuote'
  | 'editQuote'
  | 'getQuoteHistory'
  | 'sendQuote'
  | 'rejectQuote'
  | 'reviseQuote'
  | 'getSalesDefaults'
  | 'setSalesDefaults'
>;

const quoteAnswer = recordAnswer((id) => `/v1/quotes/${id}`);
// A setting has no location of its own: a set always answers 200 with the setting after it.
const settingAnswer = recordAnswer(() => '');

/** Quotes and the sales defaults over HTTP: each operation calls the service and renders its result. */
export const quoteOperations = (dependencies: DependencySource): QuoteOperations => {
  const quotes = quoteService(dependencies);
  const lists = quoteQueries(dependencies);
  const settings = salesSettingsService(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;
  // Before the request's headers are read: a non-administrator is always 403.
  const adminOptions = (actor: Actor, request: RequestInfo) => {
    assertAdministrator(actor);
    return commandOptionsOf(actor, request);
  };
  return {
    draftQuote: async ({ actor, body, ...request }) => quoteAnswer(await quotes.draftQuote(context(actor, request), body, options(actor, request, false))),
    listQuotes: async ({ actor, query }) => json(200, await inQuery(() => lists.listQuotes(actor, query))),
    getQuote: async ({ actor, params, query }) => {
      const { record, version } = await quotes.getQuote(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    editQuote: async ({ actor, params, body, ...request }) =>
      quoteAnswer(await quotes.editQuote(context(actor, request), params.id, body, options(actor, request))),
    getQuoteHistory: async ({ actor, params }) => json(200, await quotes.quoteHistory(actor, params.id)),
    sendQuote: async ({ actor, params, body, ...request }) =>
      quoteAnswer(await quotes.sendQuote(context(actor, request), params.id, body ?? {}, options(actor, request))),
    rejectQuote: async ({ actor, params, body, ...request }) =>
      quoteAnswer(await quotes.rejectQuote(context(actor, request), params.id, body ?? {}, options(actor, request))),
    reviseQuote: async ({ actor, params, ...request }) => quoteAnswer(await quotes.reviseQuote(context(actor, request), params.id, options(actor, request))),
    getSalesDefaults: async ({ actor }) => {
      const { record, version } = await settings.getSalesDefaults(actor);
      return json(200, record, { etag: etag(version) });
    },
    setSalesDefaults: async ({ actor, body, ...request }) =>
      settingAnswer(await settings.setSalesDefaults(context(actor, request), body, adminOptions(actor, request))),
  };
};
