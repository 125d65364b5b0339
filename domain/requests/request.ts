import type { GeneratedDocumentKind, RequestChannel, RequestDetails, RequestEvent } from '../../events/requests/request-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { DomainError, conflict, forbidden, invalid, notFound } from '../shared/errors.ts';
import { canReopenRequest, canSeeRequest } from './request-policy.ts';

/** A document generated from the request, as the request remembers it (the document links back by `origin`). */
export interface GeneratedDocument {
  readonly kind: GeneratedDocumentKind;
  readonly id: string;
  readonly reference: string;
  readonly at: string;
  readonly by: string;
}

/** A customer request (named so to keep it apart from an HTTP request). */
export interface CustomerRequest {
  readonly id: string;
  readonly number: number;
  readonly details: RequestDetails;
  /** A value of the tenant's `request-statuses` catalogue: the board column. */
  readonly status: string;
  /** Its place in the column (events/requests/request-events.ts `BoardRank`). */
  readonly rank: string;
  readonly responsibleId: string | null;
  readonly registeredBy: string;
  readonly registeredAt: string;
  readonly updatedAt: string;
  /** Only `RequestClosed` closes a request, whatever its status says. */
  readonly closed: boolean;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  readonly outcome: string | null;
  readonly documents: readonly GeneratedDocument[];
}

/** `null` until the request is registered. */
export type RequestState = CustomerRequest | null;

/**
 * The active values of the two catalogues a request draws from, in catalogue order (the board's
 * column order is the order of `statuses`).
 */
export interface RequestCatalogue {
  readonly statuses: readonly string[];
  readonly types: readonly string[];
}

/** The details as a command gives them: absent = unchanged (an edit) or the default (a registration). */
export interface RequestDetailsInput {
  readonly companyId?: string | undefined;
  readonly contactId?: string | null | undefined;
  readonly requestType?: string | undefined;
  readonly description?: string | undefined;
  readonly channel?: RequestChannel | null | undefined;
}

export type RequestCommand =
  | {
      type: 'RegisterRequest';
      data: {
        requestId: string;
        number: number;
        details: RequestDetailsInput;
        status?: string | undefined;
        responsibleId?: string | null | undefined;
        /** Where the card goes in its first column (the application ranks it: domain/requests/board-rank.ts). */
        rank: string;
        catalogue: RequestCatalogue;
      };
    }
  | { type: 'EditRequest'; data: { patch: RequestDetailsInput; catalogue: RequestCatalogue } }
  | { type: 'AssignResponsible'; data: { userId: string } }
  /** A drag on the board: to `status` (maybe the same column) at `rank`. */
  | { type: 'MoveRequest'; data: { status: string; rank: string; catalogue: RequestCatalogue } }
  | { type: 'RecordGeneratedDocument'; data: { document: { kind: GeneratedDocumentKind; id: string; reference: string }; close: boolean; outcome?: string | null | undefined } }
  | { type: 'CloseRequest'; data: { outcome?: string | null | undefined } }
  | { type: 'ReopenRequest'; data: { reason?: string | null | undefined; rank: string } };

const descriptionMax = 20_000;
const noteMax = 2_000;

const text = (path: string, value: string, max: number): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid(path, 'must not be blank');
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

const note = (path: string, value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (trimmed.length > noteMax) throw invalid(path, `must be at most ${noteMax} characters`);
  return trimmed;
};

const fromCatalogue = (path: string, value: string, allowed: readonly string[], catalogue: string): string => {
  if (!allowed.includes(value)) throw invalid(path, `must be an active value of the ${catalogue} catalogue (${allowed.join(', ') || 'none'})`);
  return value;
};

/** The default type when none is given: `other` while the tenant keeps it, else its first type. */
const defaultType = (types: readonly string[]): string => (types.includes('other') ? 'other' : (types[0] ?? 'other'));

/** The details after `input` over `base` (a registration's base has no values yet), each field checked. */
const detailsOf = (input: RequestDetailsInput, base: RequestDetails | null, catalogue: RequestCatalogue): RequestDetails => {
  const companyId = input.companyId !== undefined ? text('companyId', input.companyId, 100) : base?.companyId;
  if (companyId === undefined) throw invalid('companyId', 'is required');
  const description = input.description !== undefined ? text('description', input.description, descriptionMax) : base?.description;
  if (description === undefined) throw invalid('description', 'is required');
  // The type the request already has is kept even when deactivated since: an edit form sends every
  // field back, and repeating a value is no change. Only a new value must be an active one.
  const requestType =
    input.requestType !== undefined && input.requestType !== base?.requestType
      ? fromCatalogue('requestType', input.requestType, catalogue.types, 'request-types')
      : (base?.requestType ?? defaultType(catalogue.types));
  return {
    companyId,
    // A new company drops the old company's contact unless the edit names one.
    contactId: input.contactId !== undefined ? input.contactId : companyId === base?.companyId ? (base?.contactId ?? null) : null,
    requestType,
    description,
    channel: input.channel !== undefined ? input.channel : (base?.channel ?? null),
  };
};

const sameDetails = (a: RequestDetails, b: RequestDetails): boolean =>
  a.companyId === b.companyId && a.contactId === b.contactId && a.requestType === b.requestType && a.description === b.description && a.channel === b.channel;

/** The request as the actor may act on it: refuses with 404 when absent or invisible to them. */
const existing = (state: RequestState, context: DecisionContext): CustomerRequest => {
  if (state === null || !canSeeRequest(context.actor, state)) throw notFound('request not found');
  return state;
};

const open = (request: CustomerRequest, action: string): CustomerRequest => {
  if (request.closed) throw conflict(`cannot ${action} a closed request: a manager or an administrator reopens it first`);
  return request;
};

/**
 * The manual: "it is not possible to manage a request before its responsible is defined". Nothing
 * moves, generates or closes until then; the refusal names the field the client must set.
 */
const managed = (request: CustomerRequest, action: string): CustomerRequest => {
  if (request.responsibleId === null) {
    const message = `the request has no responsible: set one (POST /v1/requests/${request.id}/responsible) before you ${action} it`;
    throw new DomainError('conflict', message, [{ path: 'responsibleId', message }]);
  }
  return request;
};

export const decide = (command: RequestCommand, state: RequestState, context: DecisionContext): RequestEvent[] => {
  switch (command.type) {
    case 'RegisterRequest': {
      if (state !== null) throw conflict('request already exists');
      const { data } = command;
      const details = detailsOf(data.details, null, data.catalogue);
      const first = data.catalogue.statuses[0];
      const status = data.status !== undefined ? fromCatalogue('status', data.status, data.catalogue.statuses, 'request-statuses') : first;
      if (status === undefined) throw conflict('the request-statuses catalogue has no active status: an administrator sets one first');
      return [
        {
          type: 'RequestRegistered',
          data: { requestId: data.requestId, number: data.number, ...details, status, rank: data.rank, responsibleId: data.responsibleId ?? null },
        },
      ];
    }
    case 'EditRequest': {
      const request = open(existing(state, context), 'change');
      const details = detailsOf(command.data.patch, request.details, command.data.catalogue);
      if (sameDetails(details, request.details)) return [];
      return [{ type: 'RequestEdited', data: { requestId: request.id, details } }];
    }
    case 'AssignResponsible': {
      const request = open(existing(state, context), 'reassign');
      const to = command.data.userId;
      if (request.responsibleId === to) return [];
      return [{ type: 'RequestResponsibleAssigned', data: { requestId: request.id, from: request.responsibleId, to } }];
    }
    case 'MoveRequest': {
      const request = managed(open(existing(state, context), 'move'), 'move');
      const { status, rank, catalogue } = command.data;
      if (status === request.status) {
        // Reordering within the column: a deactivated status keeps its cards, which may still be ordered.
        return rank === request.rank ? [] : [{ type: 'RequestReordered', data: { requestId: request.id, status, rank } }];
      }
      fromCatalogue('status', status, catalogue.statuses, 'request-statuses');
      return [{ type: 'RequestStatusChanged', data: { requestId: request.id, from: request.status, to: status, rank } }];
    }
    case 'RecordGeneratedDocument': {
      const { document, close } = command.data;
      const request = managed(open(existing(state, context), `generate a ${document.kind} from`), `generate a ${document.kind} from`);
      const generated: RequestEvent = { type: 'RequestDocumentGenerated', data: { requestId: request.id, document } };
      if (!close) return [generated];
      return [generated, { type: 'RequestClosed', data: { requestId: request.id, status: request.status, outcome: note('outcome', command.data.outcome) } }];
    }
    case 'CloseRequest': {
      const request = existing(state, context);
      if (request.closed) throw conflict('request is already closed');
      managed(request, 'close');
      return [{ type: 'RequestClosed', data: { requestId: request.id, status: request.status, outcome: note('outcome', command.data.outcome) } }];
    }
    case 'ReopenRequest': {
      const request = existing(state, context);
      if (!canReopenRequest(context.actor)) throw forbidden('only a manager or an administrator reopens a request');
      if (!request.closed) throw conflict('only a closed request can be reopened; this one is open');
      return [{ type: 'RequestReopened', data: { requestId: request.id, reason: note('reason', command.data.reason), rank: command.data.rank } }];
    }
  }
};

const touch = (request: CustomerRequest, at: string, change: Partial<CustomerRequest>): CustomerRequest => ({ ...request, ...change, updatedAt: at });

export const evolve = (state: RequestState, event: Recorded<RequestEvent>): RequestState => {
  if (event.type === 'RequestRegistered') {
    const { requestId, number, status, rank, responsibleId, ...details } = event.data;
    return {
      id: requestId,
      number,
      details,
      status,
      rank,
      responsibleId,
      registeredBy: event.actor,
      registeredAt: event.at,
      updatedAt: event.at,
      closed: false,
      closedAt: null,
      closedBy: null,
      outcome: null,
      documents: [],
    };
  }
  // Later events of a request never registered cannot be in a valid log; ignore rather than crash.
  if (state === null) return state;
  switch (event.type) {
    case 'RequestEdited':
      return touch(state, event.at, { details: event.data.details });
    case 'RequestResponsibleAssigned':
      return touch(state, event.at, { responsibleId: event.data.to });
    case 'RequestStatusChanged':
      return touch(state, event.at, { status: event.data.to, rank: event.data.rank });
    case 'RequestReordered':
      return touch(state, event.at, { rank: event.data.rank });
    case 'RequestDocumentGenerated':
      return touch(state, event.at, { documents: [...state.documents, { ...event.data.document, at: event.at, by: event.actor }] });
    case 'RequestClosed':
      return touch(state, event.at, { closed: true, closedAt: event.at, closedBy: event.actor, outcome: event.data.outcome });
    case 'RequestReopened':
      return touch(state, event.at, { closed: false, closedAt: null, closedBy: null, outcome: null, rank: event.data.rank });
  }
};

export const requestDecider: Decider<RequestCommand, RequestState, RequestEvent> = {
  initialState: null,
  decide,
  evolve,
};
