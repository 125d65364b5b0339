import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeliveryLedger } from '../../../adapters/dynamodb/delivery-ledger.ts';
import type { EventStorePort } from '../../../application/ports/event-store.ts';
import { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import type { Mailer } from '../../../adapters/mail/mailer.ts';
import type { PeopleDirectory } from '../../../domain/access/people.ts';
import { ActivityIndex } from '../../../adapters/dynamodb/activity-index.ts';
import { sendDailyDigests } from './daily-digests.ts';
import { sendDueReminders } from './due-reminders.ts';
import type { JobContext } from './job-context.ts';
import { RelatedNames } from './related-names.ts';

export interface ReminderJobDependencies {
  readonly db: DynamoDBDocumentClient;
  readonly eventsTable: string;
  readonly readModelsTable: string;
  readonly eventStore: Pick<EventStorePort, 'commit'>;
  readonly people: PeopleDirectory;
  readonly mailer: Mailer;
  readonly now: () => string;
  readonly runId?: string;
  /**
   * Whether the run may still start a delivery (false near the Lambda's deadline); passed in, so that
   * the job reads no clock of its own. Default: always.
   */
  readonly mayStart?: () => boolean;
  readonly options?: Partial<ReminderJobOptions>;
  readonly onError?: (message: string, error: unknown, details: Record<string, unknown>) => void;
}

export interface ReminderJobOptions {
  /** How far back a missed reminder or digest is still delivered (a run that failed, a late run). */
  readonly lookbackMinutes: number;
  /** Age after which a claim without a record is a dead run's (greater than the function timeout). */
  readonly leaseSeconds: number;
  /** Deliveries in flight at once. */
  readonly concurrency: number;
}

export const defaultReminderJobOptions: ReminderJobOptions = { lookbackMinutes: 120, leaseSeconds: 900, concurrency: 16 };

export interface ReminderJobReport {
  readonly runId: string;
  readonly now: string;
  readonly reminders: Awaited<ReturnType<typeof sendDueReminders>>;
  readonly digests: Awaited<ReturnType<typeof sendDailyDigests>>;
}

/** One run of the scheduled job: due reminders, then the digests whose 07:30 has come. */
export const runReminderJob = async (dependencies: ReminderJobDependencies): Promise<ReminderJobReport> => {
  const options = { ...defaultReminderJobOptions, ...dependencies.options };
  const runId = dependencies.runId ?? randomUUID();
  const now = dependencies.now();
  const ledger = new DeliveryLedger({
    db: dependencies.db,
    eventsTable: dependencies.eventsTable,
    eventStore: dependencies.eventStore,
    mailer: dependencies.mailer,
    runId,
    now: dependencies.now,
    leaseSeconds: options.leaseSeconds,
    onError: (message, error, request) => dependencies.onError?.(message, error, { tenant: request.tenant, delivery: request.aggregateType, key: request.key }),
  });
  const context: JobContext = {
    db: dependencies.db,
    readModelsTable: dependencies.readModelsTable,
    people: dependencies.people,
    ledger,
    relatedNames: new RelatedNames(dependencies.db, dependencies.readModelsTable),
    activities: new ActivityIndex(dependencies.db, new ReadModelStore(dependencies.db, dependencies.readModelsTable)),
    now,
    lookbackMinutes: options.lookbackMinutes,
    concurrency: options.concurrency,
    mayStart: dependencies.mayStart ?? (() => true),
  };
  const reminders = await sendDueReminders(context);
  const digests = await sendDailyDigests(context);
  return { runId, now, reminders, digests };
};
