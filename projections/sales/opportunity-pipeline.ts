import type { StoredEvent } from '../../events/envelope.ts';
import type { SummaryRow } from '../../domain/sales/opportunity-summary.ts';
import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * The revenue summary's read model: per opportunity, only what the summary adds up (amount, currency,
 * probability, stage, owner, expected close, status, closing day) — a few dozen bytes instead of the
 * list row, since the summary reads every open opportunity of the tenant and its cost is the bytes
 * read (bench/sales-summary.ts). Its partitions are split in `pipelineShards` by a hash of the id, so
 * the summary reads them in parallel instead of paging one long partition.
 */
export type PipelineRow = SummaryRow & { readonly id: string };

export const pipelineShards = 4;

/** A stable shard of an id (FNV-1a), 0 … pipelineShards − 1. */
export const shardOf = (id: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % pipelineShards;
};

/**
 * Index keys (the opportunity list uses the same GSIs under other partition names):
 * - gsi2 `<tenant>#pipeline#<status>#<shard>`: the open (won, lost) opportunities, sorted by closing day;
 * - gsi3 `<tenant>#pipeline#owner#<userId>`: one owner's (a restricted user's summary).
 */
export const pipelineIndexKeys = {
  status: (tenant: string, status: PipelineRow['status'], shard: number) => `${tenant}#pipeline#${status}#${shard}`,
  owner: (tenant: string, ownerId: string) => `${tenant}#pipeline#owner#${ownerId}`,
};

const evolve = (row: PipelineRow | null, stored: StoredEvent): PipelineRow | null => {
  const event = stored as StoredEvent & OpportunityEvent;
  if (event.type === 'OpportunityCreated') {
    const { opportunityId: id, amount, currency, probability, stage, ownerId, expectedCloseDate } = event.data;
    return { id, amount, currency, probability, stage, ownerId, expectedCloseDate, status: 'open', closedOn: null };
  }
  if (row === null) return null;
  switch (event.type) {
    case 'OpportunityUpdated': {
      const { amount, currency, probability, stage, ownerId, expectedCloseDate } = event.data.changes;
      const changes = { amount, currency, probability, stage, ownerId, expectedCloseDate };
      return { ...row, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
    }
    case 'OpportunityWon':
    case 'OpportunityLost':
      return { ...row, status: event.type === 'OpportunityWon' ? 'won' : 'lost', closedOn: event.data.closedOn };
    case 'OpportunityReopened':
      return { ...row, status: 'open', closedOn: null };
    default:
      return row;
  }
};

const rowFields = ['id', 'amount', 'currency', 'probability', 'stage', 'ownerId', 'expectedCloseDate', 'status', 'closedOn'] as const satisfies readonly (keyof PipelineRow)[];

export const opportunityPipelineProjection: Projection<PipelineRow> = {
  name: 'opportunity-pipeline',
  aggregateType: 'opportunity',
  evolve,
  key: (tenant, id) => ({ pk: `${tenant}#opportunity#${id}`, sk: 'pipeline' }),
  toItem(tenant, id, row, version): ReadItem {
    const sk = `${row.closedOn ?? ''}#${id}`;
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'opportunity',
      aggregateId: id,
      tenant,
      ...row,
      gsi2pk: pipelineIndexKeys.status(tenant, row.status, shardOf(id)),
      gsi2sk: sk,
      ...(row.ownerId ? { gsi3pk: pipelineIndexKeys.owner(tenant, row.ownerId), gsi3sk: sk } : {}),
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field] ?? null])) as unknown as PipelineRow;
  },
};
