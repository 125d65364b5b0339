import { rankAt } from '../../domain/requests/board-rank.ts';
import { requestCatalogueOf } from '../../domain/requests/request-catalogue.ts';
import { canSeeRequest } from '../../domain/requests/request-policy.ts';
import { requestDecider, type RequestCatalogue, type RequestCommand, type RequestDetailsInput } from '../../domain/requests/request.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import { requestReader } from './request-reader.ts';
import { requestReferenceCheck } from './request-references.ts';
import { requestView, type RequestView } from './request-view.ts';

/** The per-tenant counter behind request numbers (gapless: advanced in the commit that registers the request). */
export const requestSequence = 'request';

export interface RegisterRequestInput extends RequestDetailsInput {
  readonly companyId: string;
  readonly description: string;
  /** From the tenant's `request-statuses` catalogue; its first active status when absent. */
  readonly status?: string | undefined;
  /** An active user of the tenant; without one the request cannot be moved, generate or be closed. */
  readonly responsibleId?: string | null | undefined;
}

type RequestOutcome = Promise<CommandOutcome<RecordResult<RequestView>>>;

/** The active values of the tenant's `request-statuses` and `request-types` catalogues, in catalogue order. */
export const requestCatalogueFor = async (settings: TenantSettings, tenant: string): Promise<RequestCatalogue> => {
  const [statuses, types] = await Promise.all([settings.catalogue(tenant, 'request-statuses'), settings.catalogue(tenant, 'request-types')]);
  return requestCatalogueOf(statuses, types);
};

/**
 * The customer-requests context's commands on one request and its reads (moving a card on the board
 * is request-move.ts's, generating a document request-generation.ts's). Every command returns the
 * request after it (a retry under the same idempotency key: the first result); refusals are typed
 * errors. A card that arrives in a column without a drop place — a new request, a reopened one — goes
 * last: its rank is the time of the command (domain/requests/board-rank.ts `rankAt`).
 */
export const requestService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, {
    aggregateType: 'request',
    label: 'request',
    decider: requestDecider,
    canSee: canSeeRequest,
    view: requestView,
    sequence: requestSequence,
    checkReferences: requestReferenceCheck(dependencies),
  });
  const on = (context: CommandContext, requestId: string, command: RequestCommand, options: CommandOptions): RequestOutcome =>
    run(context, requestId, command, options);
  const catalogueOf = (actor: Actor) => requestCatalogueFor(dependencies().settings, actor.tenant);

  return {
    /** Registers a request under a new id, with the next request number, last in its column; a non-pinnable creation. */
    registerRequest: async (context: CommandContext, input: RegisterRequestInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): RequestOutcome => {
      const { newId, now } = dependencies();
      const requestId = newId();
      const catalogue = await catalogueOf(context.actor);
      const { status, responsibleId, ...details } = input;
      const rank = rankAt(now());
      const register = (number: number): RequestCommand => ({
        type: 'RegisterRequest',
        data: { requestId, number, details, status, responsibleId, rank, catalogue },
      });
      return run(context, requestId, register, { ...options, create: true });
    },
    /** Changes the descriptive fields given (`null` clears the contact or the channel). */
    editRequest: async (context: CommandContext, requestId: string, patch: RequestDetailsInput, options: CommandOptions = {}): RequestOutcome =>
      on(context, requestId, { type: 'EditRequest', data: { patch, catalogue: await catalogueOf(context.actor) } }, options),
    assignResponsible: (context: CommandContext, requestId: string, userId: string, options: CommandOptions = {}): RequestOutcome =>
      on(context, requestId, { type: 'AssignResponsible', data: { userId } }, options),
    closeRequest: (context: CommandContext, requestId: string, input: { readonly outcome?: string | null | undefined } = {}, options: CommandOptions = {}) =>
      on(context, requestId, { type: 'CloseRequest', data: { outcome: input.outcome ?? null } }, options),
    /** Back on the board in its status, last in the column. */
    reopenRequest: (context: CommandContext, requestId: string, input: { readonly reason?: string | null | undefined } = {}, options: CommandOptions = {}) =>
      on(context, requestId, { type: 'ReopenRequest', data: { reason: input.reason ?? null, rank: rankAt(dependencies().now()) } }, options),

    /** The request from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getRequest: async (actor: Actor, requestId: string, asOf?: string): Promise<{ record: RequestView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, requestReader, requestId, asOf);
      return { record: requestView(state, version), version };
    },
    requestHistory: (actor: Actor, requestId: string) => historyOf(dependencies().eventStore, actor, requestReader, requestId),
  };
};

export type RequestService = ReturnType<typeof requestService>;
