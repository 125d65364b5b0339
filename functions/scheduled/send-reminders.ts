import type { Context } from 'aws-lambda';
import type { PeopleDirectory } from '../../domain/access/people.ts';
import type { Mailer } from '../../adapters/mail/mailer.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { runQuoteExpiry, type QuoteExpiryStep } from './quote-expiry.ts';
import { logger } from '../shared/logger.ts';
import { mailerFromEnv } from './reminders/mail-env.ts';
import { runReminderJob, type ReminderJobOptions, type ReminderJobReport } from './reminders/run-reminder-job.ts';
import { observed } from '../shared/observability.ts';

export interface SendRemindersWiring {
  readonly dependencies?: DependencySource;
  /** Default: the people read model (`dependencies().people`). */
  readonly people?: () => PeopleDirectory;
  readonly mailer?: () => Mailer;
  readonly options?: Partial<ReminderJobOptions>;
}

/**
 * The scheduled reminder job (EventBridge every 5 minutes in AWS, every minute in `npm start`): e-mails
 * the due reminders and the 07:30 digests, each exactly once (docs/reminders.md). Overlapping or
 * repeated invocations are safe: every delivery is claimed before it is sent.
 */
export const createSendRemindersHandler = (wiring: SendRemindersWiring = {}) => {
  let mailer: Mailer | undefined;
  return async (_event: unknown, context?: Context): Promise<ReminderJobReport & { quotes: QuoteExpiryStep }> => {
    if (context) logger.addContext(context);
    const source = wiring.dependencies ?? dependenciesFromEnv;
    const { db, eventsTable, eventStore, readModels, now, people, metrics } = source();
    mailer ??= (wiring.mailer ?? mailerFromEnv)();
    const report = await runReminderJob({
      db,
      eventsTable,
      readModelsTable: readModels.tableName,
      eventStore,
      people: wiring.people?.() ?? people,
      mailer,
      now,
      // Stop starting deliveries 30 s before the timeout: one in flight finishes well within that.
      ...(context ? { runId: context.awsRequestId, mayStart: () => context.getRemainingTimeInMillis() > 30_000 } : {}),
      ...(wiring.options ? { options: wiring.options } : {}),
      onError: (message, error, details) => logger.error(message, { ...details, error: error as Error }),
    });
    logger.info('reminder job run', { ...report });
    metrics?.mailsSent('reminder', report.reminders.sent);
    metrics?.mailsSent('digest', report.digests.sent);
    // The same schedule expires the quotes whose validity is over (functions/scheduled/quote-expiry.ts).
    const quotes = await runQuoteExpiry(source, context);
    return { ...report, quotes };
  };
};

export const handler = observed(createSendRemindersHandler());
