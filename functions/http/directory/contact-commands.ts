import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { EventStore } from '../../../adapters/dynamodb/event-store.ts';
import { companyDecider, type Company } from '../../../domain/directory/company.ts';
import { contactDecider, type CompanyLink } from '../../../domain/directory/contact.ts';
import { canSeeContact } from '../../../domain/directory/contact-policy.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { contactLookupKeys } from '../../../domain/directory/lookup-keys.ts';
import { EventStorePeople } from '../../../adapters/people/event-store-people.ts';
import { contactUserCheck } from './user-references.ts';
import { directorySettings, tenantDefaultCountry } from './directory-settings.ts';
import { avatarStorageFromEnv, uploadUrlSeconds, type AvatarStorage } from '../../../adapters/s3/avatar-storage.ts';
import { avatarKeyPrefix, checkAvatarUpload } from '../../../domain/directory/contact-avatar.ts';
import { recorded } from '../../../application/shared/recorded.ts';
import { runHttpDecision } from '../http-decision.ts';
import { recordCommands } from '../record-commands.ts';
import { historyOf, loadAsOf } from '../../../application/shared/record-reads.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';
import { bulkRequest } from './bulk.ts';
import { contactBulkUpdate } from './contact-bulk.ts';
import { listContacts } from './contact-list-query.ts';
import { timelinePage } from './timeline-query.ts';
import { contactReader, contactView, splitBody } from './contact-wire.ts';

type ContactOperations = Pick<
  Operations<'directoryApi'>,
  | 'createContact'
  | 'listContacts'
  | 'getContact'
  | 'updateContact'
  | 'getContactHistory'
  | 'logContactInteraction'
  | 'addContactNote'
  | 'bulkUpdateContacts'
  | 'getContactTimeline'
  | 'requestContactAvatarUpload'
  | 'confirmContactAvatar'
>;

/** A company as its own stream has it now (strongly consistent), or null when it has no events. */
const loadCompany = async (store: EventStore, tenant: string, companyId: string): Promise<Company | null> => {
  const { events } = await store.load(tenant, 'company', companyId);
  return events.reduce<Company | null>((state, event) => companyDecider.evolve(state, recorded(event)), companyDecider.initialState);
};

/**
 * What the decider needs to link a contact: the id given and the company loaded for it (existence
 * and visibility are decided in the domain). `null` unlinks; `undefined` leaves the link alone.
 */
const companyLink = async (store: EventStore, actor: Actor, companyId: string | null | undefined): Promise<CompanyLink | null | undefined> => {
  if (companyId === undefined || companyId === null) return companyId;
  return { companyId, company: await loadCompany(store, actor.tenant, companyId) };
};

export const contactOperations = (
  dependencies: DependencySource,
  settings: TenantSettings,
  avatars: () => AvatarStorage = avatarStorageFromEnv,
): ContactOperations => {
  const command = recordCommands(dependencies, {
    aggregateType: 'contact',
    label: 'contact',
    decider: contactDecider,
    canSee: canSeeContact,
    view: contactView,
    location: (id) => `/v1/contacts/${id}`,
    lookupKeys: contactLookupKeys,
    checkReferences: contactUserCheck(() => new EventStorePeople(dependencies().eventStore)),
  });

  return {
    createContact: async ({ actor, body, ...request }) => {
      const { eventStore, newId } = dependencies();
      const contactId = newId();
      const { companyId, accountManagers, customFields, ...profile } = body;
      const [company, contactSettings] = await Promise.all([
        companyLink(eventStore, actor, companyId),
        directorySettings(settings, actor.tenant, 'contact'),
      ]);
      return command(
        actor,
        request,
        contactId,
        {
          type: 'CreateContact',
          data: {
            contactId,
            profile,
            accountManagers: accountManagers ?? [],
            settings: contactSettings,
            ...(company ? { company } : {}),
            ...(customFields !== undefined ? { customFields } : {}),
          },
        },
        true,
      );
    },
    updateContact: async ({ actor, params, body, ...request }) => {
      const { profile, companyId, accountManagers, customFields } = splitBody(body);
      const [company, contactSettings] = await Promise.all([
        companyLink(dependencies().eventStore, actor, companyId),
        directorySettings(settings, actor.tenant, 'contact'),
      ]);
      return command(actor, request, params.id, {
        type: 'UpdateContact',
        data: {
          settings: contactSettings,
          ...(customFields !== undefined ? { customFields } : {}),
          ...(Object.keys(profile).length > 0 ? { profile } : {}),
          ...(company !== undefined ? { company } : {}),
          ...(accountManagers !== undefined ? { accountManagers } : {}),
        },
      });
    },
    logContactInteraction: async ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, {
        type: 'LogInteraction',
        data: { interactionId: dependencies().newId(), ...body },
      }),
    addContactNote: async ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'AddNote', data: { noteId: dependencies().newId(), body: body.body } }),
    getContact: async ({ actor, params, query }) => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, contactReader, params.id, query.asOf);
      const { avatarKey } = state.profile;
      const avatarUrl = avatarKey ? await avatars().downloadUrl(avatarKey) : undefined;
      return json(200, { ...contactView(state, version), ...(avatarUrl ? { avatarUrl } : {}) }, { etag: etag(version) });
    },
    requestContactAvatarUpload: async ({ actor, params, body, ...request }) =>
      // Nothing is appended: with an Idempotency-Key the answer alone is committed, so a retry gets the
      // same key and link (signed here, without calling S3) instead of a second upload slot.
      runHttpDecision<APIGatewayProxyStructuredResultV2>(dependencies, actor, request, {
    // TODO(issue 12): a neutral result, rendered here
    render: (response) => response,
        pinnable: false,
        decide: async () => {
          const { eventStore, newId, now } = dependencies();
          await loadAsOf(eventStore, actor, contactReader, params.id, undefined);
          const contentType = checkAvatarUpload(body.contentType, body.size);
          const key = `${avatarKeyPrefix(actor.tenant, params.id)}${newId()}.${contentType.slice('image/'.length)}`;
          const uploadUrl = await avatars().uploadUrl(key, contentType, body.size);
          const expiresAt = new Date(Date.parse(now()) + uploadUrlSeconds * 1000).toISOString();
          return { streams: [], result: (json(200, { uploadUrl, key, expiresAt })) };
        },
      }),
    confirmContactAvatar: async ({ actor, params, body, ...request }) => {
      // Only keys under this contact's prefix are looked at: the decider refuses any other key.
      const ours = body.key.startsWith(avatarKeyPrefix(actor.tenant, params.id));
      const uploaded = ours ? await avatars().head(body.key) : null;
      return command(actor, request, params.id, { type: 'ChangeAvatar', data: { key: body.key, uploaded } });
    },
    getContactTimeline: async ({ actor, params, query }) => {
      const { eventStore, readModels } = dependencies();
      await loadAsOf(eventStore, actor, contactReader, params.id, undefined);
      return json(200, await timelinePage(readModels, actor, { type: 'contact', id: params.id }, query));
    },
    getContactHistory: async ({ actor, params }) => json(200, await historyOf(dependencies().eventStore, actor, contactReader, params.id)),
    listContacts: async ({ actor, query }) =>
      json(200, await listContacts(dependencies().readModels, actor, query, await tenantDefaultCountry(settings, actor.tenant, query.q !== undefined || query.phone !== undefined))),
    bulkUpdateContacts: async ({ actor, body, ...request }) => {
      const update = contactBulkUpdate(body.action, await directorySettings(settings, actor.tenant, 'contact'));
      return bulkRequest(dependencies, actor, request, body.ids, async (itemRequest, id) => {
        const response = await command(actor, itemRequest, id, update);
        return Number(JSON.parse(String(response.body)).version);
      });
    },
  };
};
