import { readModelsTable } from '../../contract/tables.ts';
import { todayIn } from '../../domain/sales/sales-time-zone.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { quotesExpiringPartition } from '../../projections/sales/quote-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { quoteService } from './quote-service.ts';

const expiryIndex = readModelsTable.globalSecondaryIndexes[0]!;

/** The system actor the job records `QuoteExpired` as, in the quote's tenant. */
export const quoteExpiryActor = (tenant: string): Actor => ({ tenant, userId: 'system:quote-expiry', role: 'admin', groups: [] });

export interface QuoteExpiryReport {
  /** Sent quotes read from the expiry index whose validity may be over somewhere. */
  readonly candidates: number;
  /** Candidates found expired after the run's decision (by this run, or an overlapping one). */
  readonly expired: number;
  /** Candidates still valid in their tenant's zone, or changed since they were indexed. */
  readonly unchanged: number;
  readonly failed: number;
}

export interface QuoteExpiryOptions {
  /** Whether the run may still take on a quote (false near the Lambda's deadline). Default: always. */
  readonly mayStart?: () => boolean;
  readonly onError?: (message: string, error: unknown, details: Record<string, unknown>) => void;
  /** Index rows read per page. */
  readonly pageSize?: number;
}

/**
 * One run of the quote expiry step of the scheduled job (every minute locally, every 5 in AWS): the
 * sent quotes whose `validUntil` may be over read from the head of the cross-tenant expiry index
 * (projections/sales/quote-list.ts: sent quotes only, ordered by `validUntil`), each expired through
 * the quote service as the system actor. A date is over first in UTC+14, so the index is read up to
 * today there; the service then decides on the quote's own stream with today in its tenant's zone
 * (not yet over there: nothing recorded, the quote is looked at again next run). The commit is
 * conditioned on the version the decision read, and an expired quote records nothing again, so a
 * repeated or overlapping run is harmless; the index lags the log, which only delays an expiry by a run.
 */
export const expireDueQuotes = async (dependencies: ApplicationDependencySource, options: QuoteExpiryOptions = {}): Promise<QuoteExpiryReport> => {
  const { readModels, now } = dependencies();
  const quotes = quoteService(dependencies);
  const latestToday = todayIn(now(), 'Pacific/Kiritimati');
  let candidates = 0;
  let expired = 0;
  let unchanged = 0;
  let failed = 0;
  /** Today in each tenant's zone, asked once per run. */
  const todays = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    if (options.mayStart && !options.mayStart()) break;
    const page = await readModels.query({
      index: expiryIndex.indexName,
      partitionKey: { name: expiryIndex.partitionKey.name, value: quotesExpiringPartition },
      sortKeyBefore: { name: expiryIndex.sortKey.name, value: latestToday },
      newestFirst: false,
      limit: options.pageSize ?? 100,
      ...(startKey ? { startKey } : {}),
    });
    for (const item of page.items) {
      if (options.mayStart && !options.mayStart()) return { candidates, expired, unchanged, failed };
      candidates += 1;
      const tenant = String(item.tenant);
      const quoteId = String(item.quoteId);
      try {
        let today = todays.get(tenant);
        if (today === undefined) todays.set(tenant, (today = await quotes.tenantToday(tenant)));
        const { result } = await quotes.expireQuote({ actor: quoteExpiryActor(tenant), correlationId: `quote-expiry:${quoteId}` }, quoteId, today);
        // Expired now, or by an overlapping run a moment ago: either way it left the sent quotes.
        if (result.record.status === 'expired') expired += 1;
        else unchanged += 1;
      } catch (error) {
        failed += 1;
        options.onError?.('quote expiry failed', error, { tenant, quoteId });
      }
    }
    startKey = page.lastKey;
  } while (startKey);
  return { candidates, expired, unchanged, failed };
};
