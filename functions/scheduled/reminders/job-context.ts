import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryLedger, DeliveryOutcome } from '../../../adapters/dynamodb/delivery-ledger.ts';
import type { PeopleDirectory, UserProfile } from '../../../domain/access/people.ts';
import type { ActivityIndex } from '../../../adapters/dynamodb/activity-index.ts';
import type { RelatedNames } from './related-names.ts';

/** What both parts of the reminder job (due reminders, daily digests) work with. */
export interface JobContext {
  readonly db: DynamoDBDocumentClient;
  readonly readModelsTable: string;
  readonly people: PeopleDirectory;
  readonly ledger: DeliveryLedger;
  readonly relatedNames: RelatedNames;
  /** The calendar read model (projections/activities/activity-calendar.ts): what a digest lists. */
  readonly activities: ActivityIndex;
  /** The run's "now", fixed for the whole run. */
  readonly now: string;
  readonly lookbackMinutes: number;
  readonly concurrency: number;
  /** False once no new delivery may start (near the deadline): the rest waits for the next run. */
  readonly mayStart: () => boolean;
}

export type OutcomeCounts = Record<DeliveryOutcome, number>;

export const emptyCounts = (): OutcomeCounts => ({
  sent: 0,
  recorded: 0,
  'in-flight': 0,
  unconfirmed: 0,
  skipped: 0,
  failed: 0,
  'sent-unrecorded': 0,
});

/** A delivery key from its parts: each part URI-encoded (no `|`, no `#`), joined by `|`. */
export const deliveryKey = (...parts: (string | number)[]): string => parts.map((part) => encodeURIComponent(String(part))).join('|');

/** The message id of a delivery: stable across attempts, safe in headers and file names. */
export const messageIdOf = (tenant: string, aggregateType: string, key: string): string =>
  `${aggregateType}-${createHash('sha256').update(`${tenant}\u0000${aggregateType}\u0000${key}`).digest('hex').slice(0, 40)}`;

/** Users who get e-mail: active, with an address. */
export const canReceiveMail = (user: UserProfile | undefined): user is UserProfile =>
  user !== undefined && user.active && user.email !== '';

/**
 * Runs `task` over `items` with at most `limit` in flight, starting none once `mayStart()` is false:
 * a run near its timeout finishes what it started instead of being killed between a claim and its
 * record. Returns how many items were left for the next run.
 */
export const forEachLimited = async <T>(
  items: readonly T[],
  limit: number,
  mayStart: () => boolean,
  task: (item: T) => Promise<void>,
): Promise<number> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length && mayStart()) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return items.length - next;
};
