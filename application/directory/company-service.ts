import { companyDecider, companyUniqueKeys, type CompanyCommand } from '../../domain/directory/company.ts';
import { canSeeOwned } from '../../domain/directory/company-policy.ts';
import { companyLookupKeys } from '../../domain/directory/lookup-keys.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import { bulkUpdate, type BulkSummary } from './bulk-update.ts';
import { bulkUpdate as companyBulkCommand, type CompanyBulkAction } from './company-bulk.ts';
import { companyReader, companyView, updateFromBody, type RegisterCompanyInput, type UpdateCompanyInput } from './company-view.ts';
import { directorySettings } from './directory-settings.ts';
import { refuseLegacyVatHolders } from './legacy-vat-claims.ts';
import { removeImported } from './remove-imported.ts';
import { companyUserCheck } from './user-references.ts';

export type CompanyView = ReturnType<typeof companyView>;
type CompanyOutcome = Promise<CommandOutcome<RecordResult<CompanyView>>>;

/**
 * The companies of the directory: register, change, annotate, change many at once, read. Every
 * command returns the company after it (a retry under the same idempotency key: the first result);
 * refusals are typed errors (a VAT number another company holds: `UniqueKeyTakenError`).
 */
export const companyService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, {
    aggregateType: 'company',
    label: 'company',
    decider: companyDecider,
    canSee: canSeeOwned,
    view: companyView,
    sequence: 'company',
    uniqueKeys: companyUniqueKeys,
    checkClaims: (tenant, claims) => refuseLegacyVatHolders(dependencies().eventStore, tenant, claims),
    lookupKeys: companyLookupKeys,
    checkReferences: companyUserCheck(() => dependencies().peopleOfRecord),
  });
  const settingsOf = (actor: Actor) => directorySettings(dependencies().settings, actor.tenant, 'company');
  const on = (context: CommandContext, companyId: string, command: CompanyCommand, options: CommandOptions): CompanyOutcome =>
    run(context, companyId, command, options);

  return {
    /** Registers a company under a new id, with the next company code; a non-pinnable creation. */
    registerCompany: async (context: CommandContext, input: RegisterCompanyInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): CompanyOutcome => {
      const companyId = dependencies().newId();
      const { profile, ...ownership } = updateFromBody(input, await settingsOf(context.actor));
      const register = (sequence: number): CompanyCommand => ({
        type: 'RegisterCompany',
        data: { companyId, sequence, profile: { ...profile, legalName: input.legalName }, ...ownership, accountManagers: input.accountManagers ?? [] },
      });
      return run(context, companyId, register, { ...options, create: true });
    },
    updateCompany: async (context: CommandContext, companyId: string, input: UpdateCompanyInput, options: CommandOptions = {}): CompanyOutcome =>
      on(context, companyId, { type: 'UpdateCompany', data: updateFromBody(input, await settingsOf(context.actor)) }, options),
    addCompanyNote: (context: CommandContext, companyId: string, body: string, options: CommandOptions = {}): CompanyOutcome =>
      on(context, companyId, { type: 'AddNote', data: { noteId: dependencies().newId(), body } }, options),
    /** One action on many companies, each its own command (see `bulkUpdate`). */
    bulkUpdateCompanies: async (
      context: CommandContext,
      ids: readonly string[],
      action: CompanyBulkAction,
      options: Omit<CommandOptions, 'expectedVersion'> = {},
    ): Promise<CommandOutcome<BulkSummary>> => {
      const command = companyBulkCommand(action, await settingsOf(context.actor));
      return bulkUpdate(dependencies, context, ids, async (id, itemOptions) => (await on(context, id, command, itemOptions)).result.version, options);
    },
    /** Takes back a company an import created (`import_reverted`): its unique values are released in the same commit. */
    removeImportedCompany: (actor: Actor, companyId: string, commandId: string) =>
      removeImported(dependencies, actor, commandId, {
        aggregateType: 'company',
        aggregateId: companyId,
        decider: companyDecider,
        command: { type: 'RemoveCompany', data: { reason: 'import_reverted' } },
        uniqueKeys: companyUniqueKeys,
        lookupKeys: companyLookupKeys,
      }),

    /** The company from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getCompany: async (actor: Actor, companyId: string, asOf?: string): Promise<{ record: CompanyView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, companyReader, companyId, asOf);
      return { record: companyView(state, version), version };
    },
    companyHistory: (actor: Actor, companyId: string) => historyOf(dependencies().eventStore, actor, companyReader, companyId),
  };
};

export type CompanyService = ReturnType<typeof companyService>;
