import type { StoredEvent } from '../../events/envelope.ts';
import type { Opportunity } from '../../domain/sales/opportunity.ts';
import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * One row of the opportunity lists and of the revenue summary: the opportunity without its lines and
 * description (the list shows the amount they come to). `lossReason` and `orderId` say how it closed.
 */
export type OpportunityRow = Omit<Opportunity, 'pricing' | 'description' | 'won' | 'lost'> & {
  readonly orderId: string | null;
  readonly quoteId: string | null;
  readonly lossReason: string | null;
};

export type OpportunityStatusKey = Opportunity['status'];

/** Undated opportunities sort after every dated one (expected close ascending). */
const undated = '9999-12-31';

/** Sort key: expected close date, then id (unique, stable for cursors). */
export const opportunitySortKey = (row: Pick<OpportunityRow, 'expectedCloseDate' | 'id'>): string => `${row.expectedCloseDate ?? undated}#${row.id}`;

/**
 * Index keys of an opportunity row, gsi1 to gsi3 sorted by expected close (earliest first, undated last):
 * - gsi1 `<tenant>#opportunities`: every opportunity;
 * - gsi2 `<tenant>#opportunities#status#<status>`: the open (won, lost) ones — the summary reads these;
 * - gsi3 `<tenant>#opportunities#owner#<userId>`: one owner's ("mine"); unassigned ones have none;
 * - gsi4 `<tenant>#opportunities#owner#<userId>#recent`: while it has an owner, the same owner's by
 *   creation time then id (`recentSortKey`), whatever the status: the dashboard's "latest opportunities
 *   entered by you" reads its head, newest first, and gets the rows themselves in one Query (gsi3 is
 *   sorted by expected close and cannot answer "latest first"). A new owner is a new partition;
 *   unassigned rows have no gsi4 keys.
 * Parties are many per opportunity, so a party is a filter on `partyIds`, not an index.
 *
 * Until gsi4, a key-only satellite `owner-recent#<ownerId>` pointed to the row from gsi2; the projection
 * no longer produces it: a rebuild deletes those left from before (nothing reads them any more).
 */
export const opportunityIndexKeys = {
  all: (tenant: string) => `${tenant}#opportunities`,
  status: (tenant: string, status: OpportunityStatusKey) => `${tenant}#opportunities#status#${status}`,
  owner: (tenant: string, ownerId: string) => `${tenant}#opportunities#owner#${ownerId}`,
  /** gsi4 of an owned opportunity's row: one owner's opportunities, latest registered first (read descending). */
  ownerRecent: (tenant: string, ownerId: string) => `${tenant}#opportunities#owner#${ownerId}#recent`,
};

/** Creation time, then id (unique: two created in the same millisecond still have one order). */
export const recentSortKey = (row: Pick<OpportunityRow, 'createdAt' | 'id'>): string => `${row.createdAt}#${row.id}`;

const evolve = (row: OpportunityRow | null, stored: StoredEvent): OpportunityRow | null => {
  const event = stored as StoredEvent & OpportunityEvent;
  const at = event.at;
  if (event.type === 'OpportunityCreated') {
    const { opportunityId, pricing: _pricing, description: _description, ...fields } = event.data;
    return {
      ...fields,
      id: opportunityId,
      status: 'open',
      closedOn: null,
      orderId: null,
      quoteId: null,
      lossReason: null,
      createdBy: event.meta.actor,
      createdAt: at,
      updatedAt: at,
    };
  }
  if (row === null) return null;
  switch (event.type) {
    case 'OpportunityUpdated': {
      const { pricing: _pricing, description: _description, ...changes } = event.data.changes;
      return { ...row, ...changes, updatedAt: at };
    }
    case 'OpportunityWon':
      return { ...row, status: 'won', closedOn: event.data.closedOn, orderId: event.data.orderId, quoteId: event.data.quoteId, lossReason: null, updatedAt: at };
    case 'OpportunityLost':
      return { ...row, status: 'lost', closedOn: event.data.closedOn, orderId: null, quoteId: null, lossReason: event.data.reason, updatedAt: at };
    case 'OpportunityReopened':
      return { ...row, status: 'open', closedOn: null, orderId: null, quoteId: null, lossReason: null, updatedAt: at };
    default:
      return row;
  }
};

const rowFields = [
  'id',
  'title',
  'parties',
  'contactId',
  'leadId',
  'amount',
  'currency',
  'probability',
  'stage',
  'expectedCloseDate',
  'ownerId',
  'partners',
  'competitors',
  'campaign',
  'status',
  'closedOn',
  'orderId',
  'quoteId',
  'lossReason',
  'createdBy',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof OpportunityRow)[];

const key = (tenant: string, id: string) => ({ pk: `${tenant}#opportunity#${id}`, sk: 'list' });

export const opportunityListProjection: Projection<OpportunityRow> = {
  name: 'opportunity-list',
  aggregateType: 'opportunity',
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    const sk = opportunitySortKey(row);
    return {
      ...key(tenant, id),
      version,
      aggregateType: 'opportunity',
      aggregateId: id,
      tenant,
      ...row,
      // Flat copy of the party ids for the `party` filter (`contains` on a list of strings).
      partyIds: row.parties.map((party) => party.id),
      // Whether it has an owner, for the restricted users' filter (they see theirs and unassigned ones).
      assigned: row.ownerId !== null,
      gsi1pk: opportunityIndexKeys.all(tenant),
      gsi1sk: sk,
      gsi2pk: opportunityIndexKeys.status(tenant, row.status),
      gsi2sk: sk,
      ...(row.ownerId
        ? {
            gsi3pk: opportunityIndexKeys.owner(tenant, row.ownerId),
            gsi3sk: sk,
            gsi4pk: opportunityIndexKeys.ownerRecent(tenant, row.ownerId),
            gsi4sk: recentSortKey(row),
          }
        : {}),
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field] ?? null])) as unknown as OpportunityRow;
  },
};
