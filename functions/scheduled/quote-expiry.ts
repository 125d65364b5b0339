import type { Context } from 'aws-lambda';
import { expireDueQuotes, type QuoteExpiryReport } from '../../application/sales/expire-quotes.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';

/** The step's report, or why it did not run to the end (the reminders' report is kept either way). */
export type QuoteExpiryStep = QuoteExpiryReport | { readonly error: string };

/**
 * The quote expiry step of the scheduled job (functions/scheduled/send-reminders.ts runs it after the
 * reminders): QuoteExpired for every sent quote whose validity is over (application/sales/expire-quotes.ts).
 * A failure is logged and left to the next run; it never fails the reminders' run.
 */
export const runQuoteExpiry = async (source: DependencySource, context?: Context): Promise<QuoteExpiryStep> => {
  try {
    const report = await expireDueQuotes(source, {
      // Stop taking on quotes 20 s before the timeout: one in flight finishes well within that.
      ...(context ? { mayStart: () => context.getRemainingTimeInMillis() > 20_000 } : {}),
      onError: (message, error, details) => logger.error(message, { ...details, error: error as Error }),
    });
    if (report.candidates > 0) logger.info('quote expiry run', { ...report });
    return report;
  } catch (error) {
    logger.error('quote expiry step failed', { error: error as Error });
    return { error: (error as Error).message };
  }
};
