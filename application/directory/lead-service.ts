import { leadDecider, type LeadCommand } from '../../domain/directory/lead.ts';
import { canSeeLead } from '../../domain/directory/lead-state.ts';
import { leadLookupKeys } from '../../domain/directory/lookup-keys.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import { bulkUpdate, type BulkSummary } from './bulk-update.ts';
import { directorySettings } from './directory-settings.ts';
import { leadBulkUpdate, type LeadBulkAction } from './lead-bulk.ts';
import { leadConversion } from './lead-conversion.ts';
import { leadReader, leadUpdateFromBody, leadView, type CreateLeadInput, type UpdateLeadInput } from './lead-view.ts';
import { removeImported } from './remove-imported.ts';
import { leadUserCheck } from './user-references.ts';

export type LeadView = ReturnType<typeof leadView>;
type LeadOutcome = Promise<CommandOutcome<RecordResult<LeadView>>>;

/**
 * The leads of the directory: create, change, annotate, change many at once, convert (into a company,
 * a contact and maybe an opportunity: lead-conversion.ts), read. Commands return the lead after them;
 * refusals are typed errors.
 */
export const leadService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, {
    aggregateType: 'lead',
    label: 'lead',
    decider: leadDecider,
    canSee: canSeeLead,
    view: leadView,
    lookupKeys: leadLookupKeys,
    checkReferences: leadUserCheck(() => dependencies().peopleOfRecord),
  });
  const settingsOf = (actor: Actor) => directorySettings(dependencies().settings, actor.tenant, 'lead');
  const on = (context: CommandContext, leadId: string, command: LeadCommand, options: CommandOptions): LeadOutcome => run(context, leadId, command, options);

  return {
    /** Creates a lead under a new id; a non-pinnable creation. */
    createLead: async (context: CommandContext, input: CreateLeadInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): LeadOutcome => {
      const leadId = dependencies().newId();
      const { ownerId, stage, customFields, ...profile } = input;
      const command: LeadCommand = {
        type: 'CreateLead',
        data: {
          leadId,
          profile,
          settings: await settingsOf(context.actor),
          ...(customFields !== undefined ? { customFields } : {}),
          ...(ownerId !== undefined ? { ownerId } : {}),
          ...(stage !== undefined ? { stage } : {}),
        },
      };
      return run(context, leadId, command, { ...options, create: true });
    },
    updateLead: async (context: CommandContext, leadId: string, input: UpdateLeadInput, options: CommandOptions = {}): LeadOutcome =>
      on(context, leadId, { type: 'UpdateLead', data: leadUpdateFromBody(input, await settingsOf(context.actor)) }, options),
    addLeadNote: (context: CommandContext, leadId: string, body: string, options: CommandOptions = {}): LeadOutcome =>
      on(context, leadId, { type: 'AddNote', data: { noteId: dependencies().newId(), body } }, options),
    /** One action on many leads, each its own command (see `bulkUpdate`). */
    bulkUpdateLeads: async (
      context: CommandContext,
      ids: readonly string[],
      action: LeadBulkAction,
      options: Omit<CommandOptions, 'expectedVersion'> = {},
    ): Promise<CommandOutcome<BulkSummary>> => {
      const command = leadBulkUpdate(action, await settingsOf(context.actor));
      return bulkUpdate(dependencies, context, ids, async (id, itemOptions) => (await on(context, id, command, itemOptions)).result.version, options);
    },
    convertLead: leadConversion(dependencies),
    /** Takes back a lead an import created (`import_reverted`). */
    removeImportedLead: (actor: Actor, leadId: string, commandId: string) =>
      removeImported(dependencies, actor, commandId, {
        aggregateType: 'lead',
        aggregateId: leadId,
        decider: leadDecider,
        command: { type: 'RemoveLead', data: { reason: 'import_reverted' } },
        lookupKeys: leadLookupKeys,
      }),

    /** The lead from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getLead: async (actor: Actor, leadId: string, asOf?: string): Promise<{ record: LeadView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, leadReader, leadId, asOf);
      return { record: leadView(state, version), version };
    },
    leadHistory: (actor: Actor, leadId: string) => historyOf(dependencies().eventStore, actor, leadReader, leadId),
  };
};

export type LeadService = ReturnType<typeof leadService>;
