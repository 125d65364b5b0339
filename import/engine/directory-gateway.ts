import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { routes, type RouteDefinition } from '../../contract/routes.ts';
import { UniqueKeyTakenError } from '../../adapters/dynamodb/event-store-errors.ts';
import { canonicalJson } from '../../domain/shared/canonical-json.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError, StaleVersionError } from '../../application/shared/errors.ts';
import type { ImportKind, MatchField } from '../../events/imports/import-events.ts';
import { directoryOperations } from '../../functions/http/directory.ts';
import type { DependencySource } from '../../functions/shared/dependencies.ts';
import { etag } from '../../functions/http/responses.ts';
import { HttpProblem } from '../../functions/shared/problem.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { companyDecider, companyUniqueKeys } from '../../domain/directory/company.ts';
import { contactDecider } from '../../domain/directory/contact.ts';
import { leadDecider } from '../../domain/directory/lead.ts';
import { companyLookupKeys, contactLookupKeys, leadLookupKeys, lookupScopes, vatLookupValue } from '../../domain/directory/lookup-keys.ts';
import { normaliseEmail } from '../../domain/directory/search/emails.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { normaliseVat } from '../../domain/directory/search/vat.ts';
import type { CurrentRecord } from '../mapping/row-to-update.ts';
import type { RecordResult } from '../../application/shared/record-command.ts';

/**
 * Rows go through the directory's own operations — the functions behind `POST /v1/companies`,
 * `PATCH /v1/contacts/{id}`… — with the same zod validation, deciders, policies, unique claims and
 * `runCommand`: an import can create nothing an HTTP client could not. Each row carries the
 * Idempotency-Key `import:<job>:<line>`, so the event store's idempotency record commits with the
 * row's events and a replayed row answers the stored response instead of creating again.
 */
export type RowResult =
  /** `unchanged`: the record already had the row's values, so its update appended nothing. */
  | { readonly outcome: 'created' | 'updated' | 'unchanged'; readonly id: string }
  | { readonly outcome: 'rejected'; readonly issues: readonly RowIssue[] };

/**
 * Why the directory refused a row: at a body path ('' for the row as a whole), in the route's or the
 * decider's words; a schema issue keeps zod's issue, to be worded from its code for the errors file.
 */
export interface RowIssue {
  readonly path: string;
  readonly message: string;
  readonly zod?: z.core.$ZodIssue;
}

/** A body the route's schema refuses (an update's body; a create's is checked by the row mapping first). */
class BodyRefused extends Error {
  readonly issues: readonly RowIssue[];

  constructor(issues: readonly RowIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.issues = issues;
  }
}

/** The row-level reason of an update refused by its `If-Match` (the record is no longer the version the row was merged into). */
export const recordChanged = 'the record was changed by someone else while this row was being imported, so the row was not applied: import it again';

/** The field a unique value is claimed for. */
const uniqueKeyPaths: Record<string, string> = { 'company-vat': 'vatNumber', 'company-tax-code': 'taxCode' };

const operationsByKind = {
  companies: { create: 'registerCompany', update: 'updateCompany', list: 'listCompanies', get: 'getCompany', aggregate: 'company' },
  contacts: { create: 'createContact', update: 'updateContact', list: 'listContacts', get: 'getContact', aggregate: 'contact' },
  leads: { create: 'createLead', update: 'updateLead', list: 'listLeads', get: 'getLead', aggregate: 'lead' },
} as const;

/** A record a row matched, at the version the match saw. */
export interface Match {
  readonly id: string;
  readonly version: number;
  /** The record as `GET` showed it at that version: what an update row merges into (`rowToUpdate`). */
  readonly record: CurrentRecord;
}

const routeOf = (operationId: string): RouteDefinition => {
  const route = (routes as readonly RouteDefinition[]).find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route;
};

/** The key a row's command is remembered under (scoped to the user by `idempotencyOf`). */
export const rowIdempotencyKey = (jobId: string, line: number): string => `import:${jobId}:${line}`;

/** Why the directory refused a row; anything else (null) is not a row's fault. */
export const rejectionOf = (error: unknown): readonly RowIssue[] | null => {
  if (error instanceof BodyRefused) return error.issues;
  // `update` applies a row to the version it was merged into: someone changed the record in between.
  if (error instanceof StaleVersionError) return [{ path: '', message: recordChanged }];
  if (error instanceof DomainError || (error instanceof HttpProblem && error.status < 500)) {
    const issues = error.issues.map((i) => ({ path: i.path.replace(/^body\./, ''), message: i.message }));
    return issues.length ? issues : [{ path: '', message: error.message }];
  }
  if (error instanceof UniqueKeyTakenError) {
    return [{ path: uniqueKeyPaths[error.scope] ?? '', message: `is already used by another company${error.owner ? ` (id ${error.owner})` : ''}` }];
  }
  return null;
};

/**
 * Whether a record (as `GET` shows it) has this match value; values arrive normalised by the row
 * mapping (canonical VAT, normalised e-mail and name) and the record's are normalised the same way.
 */
const hasValue = (kind: ImportKind, field: MatchField, value: string, view: Record<string, unknown>): boolean => {
  switch (field) {
    case 'code':
      return typeof view['code'] === 'string' && view['code'].toUpperCase() === value.trim().toUpperCase();
    case 'vatNumber':
      return typeof view['vatNumber'] === 'string' && normaliseVat(view['vatNumber'])?.canonical === value;
    case 'email':
      return ((view['emails'] as { address: string }[] | undefined) ?? []).some((e) => normaliseEmail(e.address) === value);
    case 'name': {
      const name =
        kind === 'companies' ? view['legalName'] : kind === 'leads' ? view['companyName'] : [view['firstName'], view['lastName']].filter(Boolean).join(' ');
      return typeof name === 'string' && normaliseName(name) === value;
    }
  }
};

/** Holders of a match value verified at most (each one `GET`). */
const maxMatchHolders = 20;

/** The lookup item (domain/directory/lookup-keys.ts) a match value is held under, when there is one. */
const matchLookup = (kind: ImportKind, field: MatchField, value: string): { scope: string; value: string } | null => {
  const scope = matchScopes[kind][field];
  if (!scope) return null;
  const held = field === 'vatNumber' ? vatLookupValue(value) : field === 'code' ? value.trim().toUpperCase() : value;
  return held ? { scope, value: held } : null;
};

const matchScopes: Record<ImportKind, Partial<Record<MatchField, string>>> = {
  companies: { name: lookupScopes.companyName, vatNumber: lookupScopes.companyVat, email: lookupScopes.companyEmail, code: lookupScopes.companyCode },
  contacts: { name: lookupScopes.contactName, email: lookupScopes.contactEmail },
  leads: { name: lookupScopes.leadName, email: lookupScopes.leadEmail },
};

export interface DirectoryGateway {
  /** The record the caller can see with this (normalised) value, if any; `query` is what the search is asked. */
  findMatch(actor: Actor, kind: ImportKind, field: MatchField, value: string, query: string): Promise<Match | null>;
  create(actor: Actor, kind: ImportKind, body: Record<string, unknown>, idempotencyKey: string): Promise<RowResult>;
  /**
   * `unchanged` when the record's version did not move: the decider found nothing to change. The body
   * was merged into `match.record`, so it is applied to that version only (`If-Match`): a record
   * changed since is a rejected row, never overwritten with what the row did not say.
   */
  update(actor: Actor, kind: ImportKind, match: Match, body: Record<string, unknown>, idempotencyKey: string): Promise<RowResult>;
  /**
   * Removes a record the job created (`CompanyRemoved`…, reason `import_reverted`) through the same
   * `runCommand`: unique values (VAT) are released in the same commit. A record already gone is done.
   */
  remove(actor: Actor, kind: ImportKind, id: string, commandId: string): Promise<'removed' | 'absent'>;
  /** The result a row already committed under this key, if it did (a replayed chunk). */
  committed(actor: Actor, kind: ImportKind, idempotencyKey: string): Promise<RowResult | null>;
}

const recordOf = (response: Pick<APIGatewayProxyStructuredResultV2, 'body'>) => JSON.parse(String(response.body)) as { id: string; version: number };

export const directoryGateway = (dependencies: DependencySource): DirectoryGateway => {
  const operations = directoryOperations(dependencies) as unknown as Record<string, (input: unknown) => Promise<APIGatewayProxyStructuredResultV2>>;
  const call = async (actor: Actor, operationId: string, input: { params?: unknown; query?: unknown; body?: unknown; key?: string; ifMatch?: number }) => {
    const route = routeOf(operationId);
    const parse = (schema: RouteDefinition['body'], value: unknown, where: string) => {
      if (!schema) return undefined;
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      if (where === 'body') throw new BodyRefused(parsed.error.issues.map((zod) => ({ path: zod.path.map(String).join('.'), message: zod.message, zod })));
      const issues = parsed.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
      throw new HttpProblem(400, 'bad-request', 'Bad request', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    };
    return operations[operationId]!({
      actor,
      params: parse(route.params, input.params ?? {}, 'path'),
      query: parse(route.query, input.query ?? {}, 'query'),
      body: parse(route.body, input.body, 'body'),
      headers: { ...(input.key ? { 'idempotency-key': input.key } : {}), ...(input.ifMatch !== undefined ? { 'if-match': etag(input.ifMatch) } : {}) },
      requestId: input.key ?? 'import',
      correlationId: input.key ?? 'import',
      route,
      fingerprint: `${route.method} ${route.path}\n${canonicalJson(input.params ?? {})}\n${canonicalJson(input.body ?? null)}`,
      // A row's key is new unless its chunk is being replayed: read the stored response only then.
      ...(input.key ? { idempotencyKeysAreNew: true } : {}),
    });
  };
  const guarded = async (run: () => Promise<RowResult>): Promise<RowResult> => {
    try {
      return await run();
    } catch (error) {
      const issues = rejectionOf(error);
      if (issues === null) throw error;
      return { outcome: 'rejected', issues };
    }
  };
  return {
    async findMatch(actor, kind, field, value, query) {
      const ops = operationsByKind[kind];
      // Each candidate is verified on its own record (GET: the log, the actor's visibility), so a
      // loose hit never becomes a match; a record the actor cannot see is no candidate.
      const verified = async (id: string): Promise<Match | null> => {
        let view: Record<string, unknown>;
        try {
          view = JSON.parse(String((await call(actor, ops.get, { params: { id } })).body)) as Record<string, unknown>;
        } catch (error) {
          if ((error instanceof DomainError && error.kind === 'not_found') || (error instanceof HttpProblem && error.status === 404)) return null;
          throw error;
        }
        return hasValue(kind, field, value, view) ? { id, version: Number(view['version']), record: view as CurrentRecord } : null;
      };
      const firstOf = async (ids: readonly string[]) => {
        for (const id of ids) {
          const match = await verified(id);
          if (match) return match;
        }
        return null;
      };
      // First the lookup items, committed with the records' events: a record created a moment ago
      // (by this very import, or anyone) is found whatever the projections' lag.
      const lookup = matchLookup(kind, field, value);
      const holders = lookup ? await dependencies().eventStore.readLookup(actor.tenant, lookup.scope, lookup.value, maxMatchHolders) : [];
      const held = await firstOf(holders);
      if (held) return held;
      // Then the search index (names, codes, VAT numbers, e-mails are tokens): records written before
      // lookup items existed have none, and the index has long caught up with them.
      const page = JSON.parse(String((await call(actor, ops.list, { query: { q: query.slice(0, 200), limit: '20' } })).body)) as { items: { id: string }[] };
      return firstOf(page.items.map((item) => item.id).filter((id) => !holders.includes(id)));
    },
    create: (actor, kind, body, key) =>
      guarded(async () => ({ outcome: 'created', id: recordOf(await call(actor, operationsByKind[kind].create, { body, key })).id })),
    update: (actor, kind, match, body, key) =>
      guarded(async () => {
        const record = recordOf(await call(actor, operationsByKind[kind].update, { params: { id: match.id }, body, key, ifMatch: match.version }));
        // The deciders append only what changed: a version that did not move means the row changed nothing.
        return { outcome: record.version === match.version ? 'unchanged' : 'updated', id: record.id };
      }),
    async remove(actor, kind, id, commandId) {
      const { eventStore, now } = dependencies();
      const meta = { commandId, correlationId: commandId };
      const result = () => null;
      const visible = (state: unknown) => state !== null;
      try {
        if (kind === 'companies') {
          await runCommand({ store: eventStore, decider: companyDecider, actor, aggregateType: 'company', aggregateId: id, command: { type: 'RemoveCompany', data: { reason: 'import_reverted' } }, uniqueKeys: companyUniqueKeys, lookupKeys: companyLookupKeys, visible, meta, now, result });
        } else if (kind === 'contacts') {
          await runCommand({ store: eventStore, decider: contactDecider, actor, aggregateType: 'contact', aggregateId: id, command: { type: 'RemoveContact', data: { reason: 'import_reverted' } }, lookupKeys: contactLookupKeys, visible, meta, now, result });
        } else {
          await runCommand({ store: eventStore, decider: leadDecider, actor, aggregateType: 'lead', aggregateId: id, command: { type: 'RemoveLead', data: { reason: 'import_reverted' } }, lookupKeys: leadLookupKeys, visible, meta, now, result });
        }
        return 'removed';
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not_found') return 'absent';
        throw error;
      }
    },
    async committed(actor, kind, key) {
      const { eventStore, now } = dependencies();
      const stored = await eventStore.readIdempotency(actor.tenant, `${actor.userId}:${key}`, now());
      if (!stored) return null;
      const record = stored.result as RecordResult<unknown>;
      if (record.created) return { outcome: 'created', id: record.id };
      // An update stored its response whether or not it appended: it did when the record's event at
      // the answered version was recorded for this row (`requestId` is the row's key).
      const { events } = await eventStore.load(actor.tenant, operationsByKind[kind].aggregate, record.id);
      const changed = events.some((event) => event.version === record.version && event.meta.requestId === key);
      return { outcome: changed ? 'updated' : 'unchanged', id: record.id };
    },
  };
};
