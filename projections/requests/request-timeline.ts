import type { StoredEvent } from '../../events/envelope.ts';
import type { RequestEvent } from '../../events/requests/request-events.ts';
import type { RequestOwnership } from '../../domain/requests/request-policy.ts';
import type { Projection, ReadItem } from '../projection.ts';
import { timelineItem, type RecordRef } from '../timeline/timeline-entry.ts';

/**
 * Customer requests on the timeline of their company (the client sheet's history): an entry, kind
 * `request`, for each event a person would call news — registered, edited, responsible set, status
 * changed, document generated, closed, reopened. A drag within a column (`RequestReordered`) only
 * changes the card's rank on the board and is left out. An edit that moves the request to another
 * company is on both companies' timelines; later events reach only the new one, the earlier ones stay
 * where they happened (as sales and activities do).
 *
 * Only the company: a request's contact is optional and belongs to that company, whose timeline is
 * the one the client sheet shows. Each request keeps a row `<tenant>#request#<id>` / `timeline` with
 * what the entries need.
 */

/** The aggregate type of a customer request's stream (application/requests/request-reader.ts). */
export const requestAggregate = 'request';

export interface RequestTimelineRow {
  readonly companyId: string;
  readonly number: number;
  readonly requestType: string;
  readonly status: string;
  readonly responsibleId: string | null;
  readonly registeredBy: string;
  readonly closed: boolean;
}

/**
 * Whose the request was when the entry's event happened, kept on the entry item (not in the entry):
 * the timeline reader (application/directory/timeline-page.ts) shows it to a restricted user exactly
 * when `canSeeRequest` (domain/requests/request-policy.ts) would have shown them the request then —
 * its responsible, whoever registered it, or anyone while nobody is responsible for it.
 */
export type RequestEntryAccess = RequestOwnership;

const evolve = (row: RequestTimelineRow | null, stored: StoredEvent): RequestTimelineRow | null => {
  const event = stored as StoredEvent & RequestEvent;
  if (event.type === 'RequestRegistered') {
    const { companyId, number, requestType, status, responsibleId } = event.data;
    return row ?? { companyId, number, requestType, status, responsibleId, registeredBy: event.meta.actor, closed: false };
  }
  if (row === null) return null;
  switch (event.type) {
    case 'RequestEdited':
      return { ...row, companyId: event.data.details.companyId, requestType: event.data.details.requestType };
    case 'RequestResponsibleAssigned':
      return { ...row, responsibleId: event.data.to };
    case 'RequestStatusChanged':
      return { ...row, status: event.data.to };
    case 'RequestReordered':
    case 'RequestDocumentGenerated':
      return row;
    case 'RequestClosed':
      return { ...row, closed: true };
    case 'RequestReopened':
      return { ...row, closed: false };
  }
};

/** What happened (`action`) and its particulars; null for an event that is no news on a timeline. */
const describe = (event: RequestEvent, before: RequestTimelineRow | null): Record<string, unknown> | null => {
  switch (event.type) {
    case 'RequestRegistered': {
      const { description, channel, contactId } = event.data;
      return { action: 'registered', description, channel, contactId };
    }
    case 'RequestEdited':
      // The row does not keep every detail, so the entry names the details as they are now; the
      // request's history (`GET /v1/requests/{id}/history`) has the values before.
      return { action: 'edited', details: event.data.details, ...(before && before.companyId !== event.data.details.companyId ? { fromCompanyId: before.companyId } : {}) };
    case 'RequestResponsibleAssigned':
      return { action: 'responsible', from: event.data.from, to: event.data.to };
    case 'RequestStatusChanged':
      return { action: 'status', from: event.data.from, to: event.data.to };
    case 'RequestReordered':
      return null;
    case 'RequestDocumentGenerated':
      return { action: 'document', document: event.data.document };
    case 'RequestClosed':
      return { action: 'closed', outcome: event.data.outcome };
    case 'RequestReopened':
      return { action: 'reopened', reason: event.data.reason };
  }
};

/** The companies the event is news for: the one before an edit and the one after it, each once. */
const companiesOf = (before: RequestTimelineRow | null, after: RequestTimelineRow): RecordRef[] =>
  before === null || before.companyId === after.companyId
    ? [{ type: 'company', id: after.companyId }]
    : [
        { type: 'company', id: before.companyId },
        { type: 'company', id: after.companyId },
      ];

export const requestTimelineProjection: Projection<RequestTimelineRow> = {
  name: 'request-timeline',
  aggregateType: requestAggregate,
  evolve,
  key: (tenant, id) => ({ pk: `${tenant}#${requestAggregate}#${id}`, sk: 'timeline' }),
  toItem(tenant, id, row, version): ReadItem {
    return { ...this.key(tenant, id), version, aggregateType: requestAggregate, aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as RequestTimelineRow,
  entries: (tenant, id, before, after, stored) => {
    if (after === null) return [];
    const described = describe(stored as StoredEvent & RequestEvent, before);
    if (described === null) return [];
    const { number, requestType, status, responsibleId, registeredBy, closed } = after;
    const summary = { requestId: id, number, requestType, status, responsibleId, closed, ...described };
    const access: RequestEntryAccess = { responsibleId, registeredBy };
    return companiesOf(before, after).map((owner) => ({ ...timelineItem(tenant, owner, stored, { kind: 'request', summary }), requestAccess: access }));
  },
};
