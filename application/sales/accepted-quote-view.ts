import type { Quote } from '../../domain/sales/quote.ts';

/** The quote after its acceptance, as the accept route answers it: the quote's state at its version. */
export const acceptedQuoteView = (quote: Quote, version: number) => ({ ...quote, version });

export type AcceptedQuoteView = ReturnType<typeof acceptedQuoteView>;
