import type { z } from 'zod';
import { RegisterCompanyBody, UpdateCompanyBody } from '../../contract/http/companies.ts';
import { CreateContactBody, UpdateContactBody } from '../../contract/http/contacts.ts';
import { CreateLeadBody, UpdateLeadBody } from '../../contract/http/leads.ts';
import { companyService } from '../../application/directory/company-service.ts';
import { contactService } from '../../application/directory/contact-service.ts';
import { leadService } from '../../application/directory/lead-service.ts';
import type { ApplicationDependencySource } from '../../application/ports/application-dependencies.ts';
import type { AvatarStorage } from '../../application/ports/avatar-storage.ts';
import { UniqueKeyTakenError } from '../../application/ports/event-store-errors.ts';
import { idempotencyFor, type CommandContext, type CommandOptions, type CommandOutcome } from '../../application/shared/command-context.ts';
import { DomainError, IdempotencyKeyReusedError, StaleVersionError } from '../../application/shared/errors.ts';
import type { RecordResult } from '../../application/shared/record-command.ts';
import { canonicalJson } from '../../domain/shared/canonical-json.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ImportKind, MatchField } from '../../events/imports/import-events.ts';
import { lookupScopes, vatLookupValue } from '../../domain/directory/lookup-keys.ts';
import { normaliseEmail } from '../../domain/directory/search/emails.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { normaliseVat } from '../../domain/directory/search/vat.ts';
import type { CurrentRecord } from '../mapping/row-to-update.ts';

/**
 * Rows go through the directory's own services (application/directory/) — the ones behind
 * `POST /v1/companies`, `PATCH /v1/contacts/{id}`… — with the same zod validation of the body,
 * deciders, policies, unique claims and `runCommand`: an import can create nothing an API client could
 * not. Each row's command carries the idempotency key `import:<job>:<line>`, so the idempotency
 * record commits with the row's events and a replayed row gets the stored result instead of creating again.
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

/** A body the command's schema refuses (an update's body; a create's is checked by the row mapping first). */
class BodyRefused extends Error {
  readonly issues: readonly RowIssue[];

  constructor(issues: readonly RowIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.issues = issues;
  }
}

/** The row-level reason of an update refused as stale (the record is no longer the version the row was merged into). */
export const recordChanged = 'the record was changed by someone else while this row was being imported, so the row was not applied: import it again';

/** The field a unique value is claimed for. */
const uniqueKeyPaths: Record<string, string> = { 'company-vat': 'vatNumber', 'company-tax-code': 'taxCode' };

/** The row-level reason of a line whose key holds another request's result (it was imported with other values). */
export const lineReused = 'this line was already imported with other values under the same job, so it was not applied again';

/** The aggregate a kind of row writes. */
const aggregateOf = { companies: 'company', contacts: 'contact', leads: 'lead' } as const satisfies Record<ImportKind, string>;

/** A record a row matched, at the version the match saw. */
export interface Match {
  readonly id: string;
  readonly version: number;
  /** The record as the directory reads it (`getCompany`…) at that version: what an update row merges into (`rowToUpdate`). */
  readonly record: CurrentRecord;
}

/** The key a row's command is remembered under (scoped to the user by `idempotencyFor`). */
export const rowIdempotencyKey = (jobId: string, line: number): string => `import:${jobId}:${line}`;

/** Why the directory refused a row; anything else (null) is not a row's fault. */
export const rejectionOf = (error: unknown): readonly RowIssue[] | null => {
  if (error instanceof BodyRefused) return error.issues;
  // `update` applies a row to the version it was merged into: someone changed the record in between.
  if (error instanceof StaleVersionError) return [{ path: '', message: recordChanged }];
  if (error instanceof IdempotencyKeyReusedError) return [{ path: '', message: lineReused }];
  // Issue paths name input fields; `body.` (an HTTP location) is dropped should one carry it.
  if (error instanceof DomainError) {
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

/** Holders of a match value verified at most (each one read of the record's stream). */
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

/**
 * The search index of one kind of record, as the directory's list searches it (`q`): the ids found,
 * best first. Implemented by the directory's list queries (application/directory/directory-search.ts).
 */
export type DirectorySearch = (actor: Actor, kind: ImportKind, q: string) => Promise<readonly string[]>;

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

/** Pictures are not imported: a contact's avatar is never read or written by a row. */
const noAvatars: AvatarStorage = {
  uploadUrl: () => Promise.reject(new Error('imports do not upload pictures')),
  downloadUrl: () => Promise.reject(new Error('imports do not read pictures')),
  head: () => Promise.reject(new Error('imports do not read pictures')),
};

/** The body as the command takes it, or the schema's issues (kept for the errors file's wording). */
const parsed = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new BodyRefused(result.error.issues.map((zod) => ({ path: zod.path.map(String).join('.'), message: zod.message, zod })));
};

/**
 * `search` (the list queries' search index) finds records that predate lookup items; without it a
 * match is looked up in the lookup items only.
 */
export const directoryGateway = (dependencies: ApplicationDependencySource, search?: DirectorySearch): DirectoryGateway => {
  const companies = companyService(dependencies);
  const contacts = contactService(dependencies, () => noAvatars);
  const leads = leadService(dependencies);
  type Outcome = CommandOutcome<RecordResult<unknown>>;

  /**
   * The command a row runs, traced by its key (the events' request and correlation id: `committed`
   * recognises the row's events by it) and remembered under it, with the canonical input as the
   * request: the same line replayed with the same values gets the stored result.
   */
  const rowCommand = (actor: Actor, key: string, request: string, expectedVersion?: number): { context: CommandContext; options: CommandOptions } => ({
    context: { actor, correlationId: key, requestId: key },
    options: {
      // A row's key is new unless its chunk is being replayed: the stored result is read only then.
      idempotency: idempotencyFor(actor, key, request, { keysAreNew: true }),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    },
  });

  const createRecord = (actor: Actor, kind: ImportKind, body: Record<string, unknown>, key: string): Promise<Outcome> => {
    const { context, options } = rowCommand(actor, key, `create ${kind}\n${canonicalJson(body)}`);
    switch (kind) {
      case 'companies':
        return companies.registerCompany(context, parsed(RegisterCompanyBody, body), options);
      case 'contacts':
        return contacts.createContact(context, parsed(CreateContactBody, body), options);
      case 'leads':
        return leads.createLead(context, parsed(CreateLeadBody, body), options);
    }
  };

  const updateRecord = (actor: Actor, kind: ImportKind, match: Match, body: Record<string, unknown>, key: string): Promise<Outcome> => {
    const { context, options } = rowCommand(actor, key, `update ${kind} ${match.id}\n${canonicalJson(body)}`, match.version);
    switch (kind) {
      case 'companies':
        return companies.updateCompany(context, match.id, parsed(UpdateCompanyBody, body), options);
      case 'contacts':
        return contacts.updateContact(context, match.id, parsed(UpdateContactBody, body), options);
      case 'leads':
        return leads.updateLead(context, match.id, parsed(UpdateLeadBody, body), options);
    }
  };

  const getRecord = async (actor: Actor, kind: ImportKind, id: string): Promise<{ record: object; version: number }> => {
    switch (kind) {
      case 'companies':
        return companies.getCompany(actor, id);
      case 'contacts':
        return contacts.getContact(actor, id);
      case 'leads':
        return leads.getLead(actor, id);
    }
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
      // Each candidate is verified on its own record (its stream, the actor's visibility), so a loose
      // hit never becomes a match; a record the actor cannot see is no candidate.
      const verified = async (id: string): Promise<Match | null> => {
        let found: { record: object; version: number };
        try {
          found = await getRecord(actor, kind, id);
        } catch (error) {
          if (error instanceof DomainError && error.kind === 'not_found') return null;
          throw error;
        }
        const view = found.record as Record<string, unknown>;
        return hasValue(kind, field, value, view) ? { id, version: found.version, record: view as CurrentRecord } : null;
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
      if (held || !search) return held;
      // Then the search index (names, codes, VAT numbers, e-mails are tokens): records written before
      // lookup items existed have none, and the index has long caught up with them.
      const found = await search(actor, kind, query.slice(0, 200));
      return firstOf(found.filter((id) => !holders.includes(id)));
    },
    create: (actor, kind, body, key) => guarded(async () => ({ outcome: 'created', id: (await createRecord(actor, kind, body, key)).result.id })),
    update: (actor, kind, match, body, key) =>
      guarded(async () => {
        const { result } = await updateRecord(actor, kind, match, body, key);
        // The deciders append only what changed: a version that did not move means the row changed nothing.
        return { outcome: result.version === match.version ? 'unchanged' : 'updated', id: result.id };
      }),
    remove(actor, kind, id, commandId) {
      switch (kind) {
        case 'companies':
          return companies.removeImportedCompany(actor, id, commandId);
        case 'contacts':
          return contacts.removeImportedContact(actor, id, commandId);
        case 'leads':
          return leads.removeImportedLead(actor, id, commandId);
      }
    },
    async committed(actor, kind, key) {
      const { eventStore, now } = dependencies();
      const stored = await eventStore.readIdempotency(actor.tenant, `${actor.userId}:${key}`, now());
      if (!stored) return null;
      const record = stored.result as RecordResult<unknown>;
      if (record.created) return { outcome: 'created', id: record.id };
      // An update stored its result whether or not it appended: it did when the record's event at
      // the version it answered was recorded for this row (`requestId` is the row's key).
      const { events } = await eventStore.load(actor.tenant, aggregateOf[kind], record.id);
      const changed = events.some((event) => event.version === record.version && event.meta.requestId === key);
      return { outcome: changed ? 'updated' : 'unchanged', id: record.id };
    },
  };
};
