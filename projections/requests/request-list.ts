import type { StoredEvent } from '../../events/envelope.ts';
import type { RequestEvent } from '../../events/requests/request-events.ts';
import { requestDecider, type CustomerRequest } from '../../domain/requests/request.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * One row of the request board and list (contract/http/requests.ts `RequestListItem` without its
 * version): the request as its decider folds it, its details flattened (so that filters name them)
 * and its generated documents counted instead of listed.
 */
export type RequestRow = Omit<CustomerRequest, 'details' | 'documents'> & CustomerRequest['details'] & { readonly documentCount: number };

/** Zero-padded so that the string sort key orders by number (the number follows registration: one gapless counter). */
const numberKey = (number: number): string => number.toString().padStart(12, '0');

/**
 * A card's place in its column: its rank, then its id (two cards ranked in the same millisecond keep
 * a stable order). `#` sorts below every rank digit, so `<rank>#<id>` orders exactly as the ranks do.
 */
export const boardSortKey = (rank: string, id: string): string => `${rank}#${id}`;

/**
 * Index keys of a request row (all carry the tenant):
 * - gsi1 `<tenant>#requests#board#<status>`: the board's column — present only while the request is
 *   open (a closed request leaves the board) — sorted by rank, top card first;
 * - gsi2 `<tenant>#requests`: the list, every request closed or not, by number (newest first descending);
 * - gsi3 `<tenant>#requests#company#<id>`: a company's requests, by number.
 * Type, responsible, the created range, closed and restricted visibility are filters on the rows read.
 */
export const requestIndexKeys = {
  column: (tenant: string, status: string) => `${tenant}#requests#board#${status}`,
  all: (tenant: string) => `${tenant}#requests`,
  company: (tenant: string, companyId: string) => `${tenant}#requests#company#${companyId}`,
};

const stateOf = (row: RequestRow): CustomerRequest => {
  const { companyId, contactId, requestType, description, channel, documentCount: _count, ...rest } = row;
  return { ...rest, details: { companyId, contactId, requestType, description, channel }, documents: [] };
};

const rowOf = (request: CustomerRequest, documentCount: number): RequestRow => {
  const { details, documents: _documents, ...rest } = request;
  return { ...rest, ...details, documentCount };
};

/** The row follows the decider's own fold (one definition of what each event does), documents counted. */
const evolve = (row: RequestRow | null, stored: StoredEvent): RequestRow | null => {
  const event = { ...(stored as StoredEvent & RequestEvent), actor: stored.meta.actor };
  const before = row === null ? null : stateOf(row);
  const after = requestDecider.evolve(before, event);
  if (after === null) return row;
  return rowOf(after, (row?.documentCount ?? 0) + after.documents.length);
};

const rowFields = [
  'id',
  'number',
  'companyId',
  'contactId',
  'requestType',
  'description',
  'channel',
  'status',
  'rank',
  'responsibleId',
  'registeredBy',
  'registeredAt',
  'updatedAt',
  'closed',
  'closedAt',
  'closedBy',
  'outcome',
  'documentCount',
] as const satisfies readonly (keyof RequestRow)[];

const key = (tenant: string, id: string) => ({ pk: `${tenant}#request#${id}`, sk: 'list' });

export const requestListProjection: Projection<RequestRow> = {
  name: 'request-list',
  aggregateType: 'request',
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    const sk = numberKey(row.number);
    return {
      ...key(tenant, id),
      version,
      aggregateType: 'request',
      aggregateId: id,
      tenant,
      ...row,
      ...(row.closed ? {} : { gsi1pk: requestIndexKeys.column(tenant, row.status), gsi1sk: boardSortKey(row.rank, row.id) }),
      gsi2pk: requestIndexKeys.all(tenant),
      gsi2sk: sk,
      gsi3pk: requestIndexKeys.company(tenant, row.companyId),
      gsi3sk: sk,
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as RequestRow;
  },
};
