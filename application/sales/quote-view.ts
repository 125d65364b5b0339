import type { Quote } from '../../domain/sales/quote.ts';

/**
 * A quote as the API shows it: the record with its current content spread at the top (party, lines or
 * amount, totals as decimal strings, exactly as recorded), the earlier revisions, and the version
 * (the ETag an `If-Match` pins).
 */
export const quoteView = (quote: Quote, version: number) => {
  const { content, ...rest } = quote;
  return { ...rest, ...content, version };
};

export type QuoteView = ReturnType<typeof quoteView>;
