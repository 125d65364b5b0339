import type { LinkedQuote } from '../../domain/sales/acceptance-links.ts';

/** The quote after its acceptance, as the accept route answers it (until the quote view of wp13-quote lands). */
export const acceptedQuoteView = (quote: LinkedQuote, version: number) => ({ ...quote, version });

export type AcceptedQuoteView = ReturnType<typeof acceptedQuoteView>;
