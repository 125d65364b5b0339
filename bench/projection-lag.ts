import { setTimeout as sleep } from 'node:timers/promises';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { readModelsTable } from '../contract/tables.ts';
import { ticketIndexKeys } from '../projections/support/ticket-list.ts';
import { summarize, type Summary } from './stats.ts';
import { benchActor, openTicket } from './ticket-commands.ts';

/**
 * (d) Projection lag: from the moment a commit returns (OpenTicket through runCommand) until the
 * ticket's row is in the open-tickets index (`gsi1`, the query behind `GET /v1/tickets?view=open`),
 * carried there by the local stream poller and the real projector handler. One ticket at a time;
 * the index is polled every `pollMs`.
 */
export interface ProjectionLagResult {
  readonly lag: Summary;
  readonly pollMs: number;
  readonly timeouts: number;
}

const [gsi1] = readModelsTable.globalSecondaryIndexes;

export const measureProjectionLag = async (
  db: DynamoDBDocumentClient,
  tables: { events: string; readModels: string },
  options: { n: number; warmup: number; pollMs: number; timeoutMs: number; tenant?: string; until?: () => boolean },
): Promise<ProjectionLagResult> => {
  const tenant = options.tenant ?? `bench-lag-${Date.now().toString(36)}`;
  const actor = benchActor(tenant);
  const store = new EventStore(db, tables.events);

  const visible = async (number: number): Promise<boolean> => {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tables.readModels,
        IndexName: gsi1!.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': gsi1!.partitionKey.name, '#sk': gsi1!.sortKey.name },
        ExpressionAttributeValues: { ':pk': ticketIndexKeys.all(tenant, 'open'), ':sk': number.toString().padStart(12, '0') },
      }),
    );
    return (Items?.length ?? 0) > 0;
  };

  const samples: number[] = [];
  let timeouts = 0;
  // With `until`, samples are taken until it answers true (the run of some load), not `n` of them.
  const more = (i: number) => (options.until ? !options.until() : i < options.warmup + options.n);
  for (let i = 0; more(i); i += 1) {
    const outcome = await openTicket(store, actor);
    const committed = performance.now();
    const { number } = outcome.result.record;
    let lag: number | undefined;
    while (performance.now() - committed < options.timeoutMs) {
      if (await visible(number)) {
        lag = performance.now() - committed;
        break;
      }
      await sleep(options.pollMs);
    }
    if (lag === undefined) timeouts += 1;
    else if (i >= options.warmup) samples.push(lag);
    // Spread commits over the poller's cycle instead of landing right after each visibility.
    await sleep(Math.random() * 50);
  }
  return { lag: summarize(samples), pollMs: options.pollMs, timeouts };
};
