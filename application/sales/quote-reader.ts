import { canSeeQuote, quoteDecider, type Quote } from '../../domain/sales/quote.ts';
import type { RecordReader } from '../shared/record-reads.ts';

export const quoteReader: RecordReader<Quote> = {
  aggregateType: 'quote',
  decider: quoteDecider as RecordReader<Quote>['decider'],
  canSee: canSeeQuote,
  label: 'quote',
};
