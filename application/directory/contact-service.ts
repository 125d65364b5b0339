import { contactDecider, type CompanyLink, type ContactCommand } from '../../domain/directory/contact.ts';
import { companyDecider } from '../../domain/directory/company.ts';
import { canSeeContact } from '../../domain/directory/contact-policy.ts';
import { avatarKeyPrefix, checkAvatarUpload } from '../../domain/directory/contact-avatar.ts';
import { contactLookupKeys } from '../../domain/directory/lookup-keys.ts';
import type { Interaction } from '../../domain/directory/contact.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { uploadUrlSeconds, type AvatarStorage } from '../ports/avatar-storage.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runDecision } from '../shared/command-runner.ts';
import { loadState } from '../shared/load-state.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import { bulkUpdate, type BulkSummary } from './bulk-update.ts';
import { contactBulkUpdate, type ContactBulkAction } from './contact-bulk.ts';
import { contactReader, contactView, splitBody, type CreateContactInput, type UpdateContactInput } from './contact-view.ts';
import { directorySettings } from './directory-settings.ts';
import { removeImported } from './remove-imported.ts';
import { contactUserCheck } from './user-references.ts';

export type ContactView = ReturnType<typeof contactView>;
type ContactOutcome = Promise<CommandOutcome<RecordResult<ContactView>>>;

/** A call, visit, e-mail… with a contact (`occurredAt` defaults to now, never in the future). */
export interface LogInteractionInput {
  readonly channel: Interaction['channel'];
  readonly direction: Interaction['direction'];
  readonly outcome?: string | null | undefined;
  readonly notes?: string | null | undefined;
  readonly occurredAt?: string | undefined;
}

/** A picture the client is about to upload: its declared type and exact size. */
export interface AvatarUploadInput {
  readonly contentType: string;
  readonly size: number;
}

/** Where to upload a picture, and the key to confirm it with once uploaded. */
export interface AvatarUpload {
  readonly uploadUrl: string;
  readonly key: string;
  readonly expiresAt: string;
}

/**
 * What the decider needs to link a contact: the id given and the company loaded for it from its own
 * stream (existence and visibility are decided in the domain). `null` unlinks; `undefined` leaves
 * the link alone.
 */
const companyLink = async (
  dependencies: ApplicationDependencySource,
  actor: Actor,
  companyId: string | null | undefined,
): Promise<CompanyLink | null | undefined> => {
  if (companyId === undefined || companyId === null) return companyId;
  const { state } = await loadState(dependencies().eventStore, actor.tenant, 'company', companyId, companyDecider);
  return { companyId, company: state };
};

/**
 * The contacts of the directory: create, change, log interactions, annotate, change many at once,
 * their pictures, read. Commands return the contact after them; refusals are typed errors.
 */
export const contactService = (dependencies: ApplicationDependencySource, avatars: () => AvatarStorage) => {
  const run = recordCommand(dependencies, {
    aggregateType: 'contact',
    label: 'contact',
    decider: contactDecider,
    canSee: canSeeContact,
    view: contactView,
    lookupKeys: contactLookupKeys,
    checkReferences: contactUserCheck(() => dependencies().peopleOfRecord),
  });
  const settingsOf = (actor: Actor) => directorySettings(dependencies().settings, actor.tenant, 'contact');
  const on = (context: CommandContext, contactId: string, command: ContactCommand, options: CommandOptions): ContactOutcome =>
    run(context, contactId, command, options);

  return {
    /** Creates a contact under a new id, linked to `companyId` when given; a non-pinnable creation. */
    createContact: async (context: CommandContext, input: CreateContactInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): ContactOutcome => {
      const contactId = dependencies().newId();
      const { companyId, accountManagers, customFields, ...profile } = input;
      const [company, settings] = await Promise.all([companyLink(dependencies, context.actor, companyId), settingsOf(context.actor)]);
      const command: ContactCommand = {
        type: 'CreateContact',
        data: {
          contactId,
          profile,
          accountManagers: accountManagers ?? [],
          settings,
          ...(company ? { company } : {}),
          ...(customFields !== undefined ? { customFields } : {}),
        },
      };
      return run(context, contactId, command, { ...options, create: true });
    },
    updateContact: async (context: CommandContext, contactId: string, input: UpdateContactInput, options: CommandOptions = {}): ContactOutcome => {
      const { profile, companyId, accountManagers, customFields } = splitBody(input);
      const [company, settings] = await Promise.all([companyLink(dependencies, context.actor, companyId), settingsOf(context.actor)]);
      return on(
        context,
        contactId,
        {
          type: 'UpdateContact',
          data: {
            settings,
            ...(customFields !== undefined ? { customFields } : {}),
            ...(Object.keys(profile).length > 0 ? { profile } : {}),
            ...(company !== undefined ? { company } : {}),
            ...(accountManagers !== undefined ? { accountManagers } : {}),
          },
        },
        options,
      );
    },
    logContactInteraction: (context: CommandContext, contactId: string, input: LogInteractionInput, options: CommandOptions = {}): ContactOutcome =>
      on(context, contactId, { type: 'LogInteraction', data: { interactionId: dependencies().newId(), ...input } }, options),
    addContactNote: (context: CommandContext, contactId: string, body: string, options: CommandOptions = {}): ContactOutcome =>
      on(context, contactId, { type: 'AddNote', data: { noteId: dependencies().newId(), body } }, options),
    /** One action on many contacts, each its own command (see `bulkUpdate`). */
    bulkUpdateContacts: async (
      context: CommandContext,
      ids: readonly string[],
      action: ContactBulkAction,
      options: Omit<CommandOptions, 'expectedVersion'> = {},
    ): Promise<CommandOutcome<BulkSummary>> => {
      const command = contactBulkUpdate(action, await settingsOf(context.actor));
      return bulkUpdate(dependencies, context, ids, async (id, itemOptions) => (await on(context, id, command, itemOptions)).result.version, options);
    },
    /**
     * A link to upload a picture for the contact. Nothing is appended: with an idempotency key the
     * answer alone is committed, so a retry gets the same key and link (signed without calling the
     * storage) instead of a second upload slot.
     */
    requestContactAvatarUpload: (
      context: CommandContext,
      contactId: string,
      input: AvatarUploadInput,
      options: Omit<CommandOptions, 'expectedVersion'> = {},
    ): Promise<CommandOutcome<AvatarUpload>> => {
      const { eventStore, newId, now, metrics } = dependencies();
      const { actor } = context;
      return runDecision<AvatarUpload>({
        store: eventStore,
        ...(metrics ? { metrics, commandType: () => 'RequestContactAvatarUpload' } : {}),
        tenant: actor.tenant,
        ...(options.idempotency ? { idempotency: options.idempotency } : {}),
        meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
        now,
        decide: async () => {
          await loadAsOf(eventStore, actor, contactReader, contactId, undefined);
          const contentType = checkAvatarUpload(input.contentType, input.size);
          const key = `${avatarKeyPrefix(actor.tenant, contactId)}${newId()}.${contentType.slice('image/'.length)}`;
          const uploadUrl = await avatars().uploadUrl(key, contentType, input.size);
          const expiresAt = new Date(Date.parse(now()) + uploadUrlSeconds * 1000).toISOString();
          return { streams: [], result: { uploadUrl, key, expiresAt } };
        },
      });
    },
    /** Makes an uploaded picture the contact's (the decider checks what was uploaded under the key). */
    confirmContactAvatar: async (context: CommandContext, contactId: string, key: string, options: CommandOptions = {}): ContactOutcome => {
      // Only keys under this contact's prefix are looked at: the decider refuses any other key.
      const ours = key.startsWith(avatarKeyPrefix(context.actor.tenant, contactId));
      const uploaded = ours ? await avatars().head(key) : null;
      return on(context, contactId, { type: 'ChangeAvatar', data: { key, uploaded } }, options);
    },
    /** Takes back a contact an import created (`import_reverted`). */
    removeImportedContact: (actor: Actor, contactId: string, commandId: string) =>
      removeImported(dependencies, actor, commandId, {
        aggregateType: 'contact',
        aggregateId: contactId,
        decider: contactDecider,
        command: { type: 'RemoveContact', data: { reason: 'import_reverted' } },
        lookupKeys: contactLookupKeys,
      }),

    /** The contact from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getContact: async (actor: Actor, contactId: string, asOf?: string): Promise<{ record: ContactView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, contactReader, contactId, asOf);
      return { record: contactView(state, version), version };
    },
    /** The contact with a short-lived link to its picture, when it has one. */
    getContactWithAvatar: async (actor: Actor, contactId: string, asOf?: string): Promise<{ record: ContactView & { avatarUrl?: string }; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, contactReader, contactId, asOf);
      const { avatarKey } = state.profile;
      const avatarUrl = avatarKey ? await avatars().downloadUrl(avatarKey) : undefined;
      return { record: { ...contactView(state, version), ...(avatarUrl ? { avatarUrl } : {}) }, version };
    },
    contactHistory: (actor: Actor, contactId: string) => historyOf(dependencies().eventStore, actor, contactReader, contactId),
  };
};

export type ContactService = ReturnType<typeof contactService>;
