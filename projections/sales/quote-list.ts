import type { StoredEvent } from '../../events/envelope.ts';
import type { Party, SalesTotals } from '../../events/sales/sales-values.ts';
import type { QuoteContent, QuoteEvent, QuoteStatus } from '../../events/sales/quote-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/** One row of the quote lists: the quote without its lines, contact and earlier revisions. */
export interface QuoteRow {
  readonly id: string;
  readonly reference: string;
  readonly year: number;
  readonly number: number;
  readonly revision: number;
  readonly status: QuoteStatus;
  readonly party: Party;
  readonly operatorId: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly currency: string;
  readonly totals: SalesTotals;
  readonly probability: number | null;
  readonly description: string;
  readonly opportunityId: string | null;
  readonly campaign: string | null;
  readonly orderId: string | null;
  readonly sentAt: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Zero-padded so that the string sort key orders by year, then number. */
const numberKey = (row: Pick<QuoteRow, 'year' | 'number'>): string => `${row.year}#${row.number.toString().padStart(12, '0')}`;
/** By the last valid day, then the reference: the "expiring quotes" order. */
export const expirySortKey = (row: Pick<QuoteRow, 'validUntil' | 'year' | 'number'>): string => `${row.validUntil}#${numberKey(row)}`;

/** The one partition of the cross-tenant expiry index: sent quotes only, by `validUntil`. */
export const quotesExpiringPartition = 'quotes-expiring';

/**
 * Index keys of a quote row (all carry the tenant):
 * - gsi1 `<tenant>#quotes`: every quote, by year and number;
 * - gsi2 `<tenant>#quotes#status#<status>`: by status, sorted by `validUntil` (the sent ones ascending
 *   are the "expiring quotes" list, `expiringBefore` a key condition on it);
 * - gsi3 `<tenant>#quotes#party#<id>`: a party's quotes, by year and number;
 * - gsi4 `<tenant>#quotes#operator#<id>#sent`: while sent, its operator's sent quotes by `validUntil`
 *   (`expirySortKey`): the dashboard's quotes widget reads one operator's rows in one Query, not the
 *   tenant's sent quotes filtered. Another operator is another partition; any other status, none.
 * The lists' operator and restricted visibility are filters on the items read.
 *
 * While a quote is sent, a satellite `<tenant>#quote#<id>` / `expiry#<validUntil>` sits in gsi1's
 * cross-tenant partition `quotes-expiring`, sorted by `<validUntil>#<tenant>#<id>`: the expiry job
 * reads its head (the quotes whose validity ended first) and nothing else. It leaves the index when
 * the quote is expired, accepted, rejected or revised.
 *
 * Until gsi4, a key-only satellite `operator-expiry#<operatorId>#<validUntil>` pointed to a sent row
 * from gsi2; the projection no longer produces it: a rebuild deletes those left from before (nothing
 * reads them any more).
 */
export const quoteIndexKeys = {
  all: (tenant: string) => `${tenant}#quotes`,
  status: (tenant: string, status: QuoteStatus) => `${tenant}#quotes#status#${status}`,
  /** Ids are unique across companies and leads: the party filter needs no kind. */
  party: (tenant: string, partyId: string) => `${tenant}#quotes#party#${partyId}`,
  /** gsi4 of a sent quote's row: one operator's sent quotes by `validUntil` (the dashboard's quotes widget). */
  operatorSent: (tenant: string, operatorId: string) => `${tenant}#quotes#operator#${operatorId}#sent`,
};

/** What a row shows of a quote's content (a draft's edits replace all of it). */
const listedContent = (content: QuoteContent) => ({
  party: content.party,
  operatorId: content.operatorId,
  validFrom: content.validFrom,
  validUntil: content.validUntil,
  currency: content.currency,
  totals: content.totals,
  probability: content.probability,
  description: content.description,
  opportunityId: content.opportunityId,
  campaign: content.campaign,
});

const evolve = (row: QuoteRow | null, stored: StoredEvent): QuoteRow | null => {
  const event = stored as StoredEvent & QuoteEvent;
  if (event.type === 'QuoteDrafted') {
    const { data } = event;
    const { content } = data;
    return {
      id: data.quoteId,
      reference: data.reference,
      year: data.year,
      number: data.number,
      revision: 1,
      status: 'draft',
      ...listedContent(content),
      orderId: null,
      sentAt: null,
      createdBy: event.meta.actor,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (row === null) return null;
  const at = event.at;
  switch (event.type) {
    case 'QuoteEdited': {
      const { content } = event.data;
      return {
        ...row,
        ...listedContent(content),
        updatedAt: at,
      };
    }
    case 'QuoteSent':
      return { ...row, status: 'sent', sentAt: at, updatedAt: at };
    case 'QuoteAccepted':
      return { ...row, status: 'accepted', orderId: event.data.orderId, updatedAt: at };
    case 'QuoteRejected':
      return { ...row, status: 'rejected', updatedAt: at };
    case 'QuoteExpired':
      return { ...row, status: 'expired', updatedAt: at };
    case 'QuoteRevised':
      return { ...row, status: 'draft', revision: event.data.revision, sentAt: null, updatedAt: at };
    default:
      return row;
  }
};

const rowFields = [
  'id',
  'reference',
  'year',
  'number',
  'revision',
  'status',
  'party',
  'operatorId',
  'validFrom',
  'validUntil',
  'currency',
  'totals',
  'probability',
  'description',
  'opportunityId',
  'campaign',
  'orderId',
  'sentAt',
  'createdBy',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof QuoteRow)[];

const key = (tenant: string, id: string) => ({ pk: `${tenant}#quote#${id}`, sk: 'list' });

export const quoteListProjection: Projection<QuoteRow> = {
  name: 'quote-list',
  aggregateType: 'quote',
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    return {
      ...key(tenant, id),
      version,
      aggregateType: 'quote',
      aggregateId: id,
      tenant,
      ...row,
      gsi1pk: quoteIndexKeys.all(tenant),
      gsi1sk: numberKey(row),
      gsi2pk: quoteIndexKeys.status(tenant, row.status),
      gsi2sk: expirySortKey(row),
      gsi3pk: quoteIndexKeys.party(tenant, row.party.id),
      gsi3sk: numberKey(row),
      ...(row.status === 'sent' ? { gsi4pk: quoteIndexKeys.operatorSent(tenant, row.operatorId), gsi4sk: expirySortKey(row) } : {}),
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as QuoteRow;
  },
  satellites(tenant, id, row) {
    if (row.status !== 'sent') return [];
    return [
      {
        pk: key(tenant, id).pk,
        sk: `expiry#${row.validUntil}`,
        version: 0,
        aggregateType: 'quote',
        aggregateId: id,
        tenant,
        quoteId: id,
        validUntil: row.validUntil,
        gsi1pk: quotesExpiringPartition,
        gsi1sk: `${row.validUntil}#${tenant}#${id}`,
      },
    ];
  },
};
