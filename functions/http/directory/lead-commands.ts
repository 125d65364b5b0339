import { leadDecider } from '../../../domain/directory/lead.ts';
import { canSeeLead } from '../../../domain/directory/lead-state.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { leadLookupKeys } from '../../../domain/directory/lookup-keys.ts';
import { EventStorePeople } from '../../../adapters/people/event-store-people.ts';
import { leadUserCheck } from './user-references.ts';
import { directorySettings, tenantDefaultCountry } from './directory-settings.ts';
import { recordCommands } from '../record-commands.ts';
import { historyOf, loadAsOf } from '../../../application/shared/record-reads.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';
import { convertLead } from './lead-conversion.ts';
import { listLeads } from './lead-list-query.ts';
import { bulkRequest } from './bulk.ts';
import { leadBulkUpdate } from './lead-bulk.ts';
import { timelinePage } from './timeline-query.ts';
import { leadReader, leadUpdateFromBody, leadView } from './lead-wire.ts';

type LeadOperations = Pick<
  Operations<'directoryApi'>,
  'createLead' | 'listLeads' | 'getLead' | 'updateLead' | 'getLeadHistory' | 'convertLead' | 'addLeadNote' | 'getLeadTimeline' | 'bulkUpdateLeads'
>;

export const leadOperations = (dependencies: DependencySource, settings: TenantSettings): LeadOperations => {
  const command = recordCommands(dependencies, {
    aggregateType: 'lead',
    label: 'lead',
    decider: leadDecider,
    canSee: canSeeLead,
    view: leadView,
    location: (id) => `/v1/leads/${id}`,
    lookupKeys: leadLookupKeys,
    checkReferences: leadUserCheck(() => new EventStorePeople(dependencies().eventStore)),
  });

  return {
    createLead: async ({ actor, body, ...request }) => {
      const leadId = dependencies().newId();
      const { ownerId, stage, customFields, ...profile } = body;
      const leadSettings = await directorySettings(settings, actor.tenant, 'lead');
      return command(
        actor,
        request,
        leadId,
        {
          type: 'CreateLead',
          data: {
            leadId,
            profile,
            settings: leadSettings,
            ...(customFields !== undefined ? { customFields } : {}),
            ...(ownerId !== undefined ? { ownerId } : {}),
            ...(stage !== undefined ? { stage } : {}),
          },
        },
        true,
      );
    },
    updateLead: async ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'UpdateLead', data: leadUpdateFromBody(body, await directorySettings(settings, actor.tenant, 'lead')) }),
    addLeadNote: async ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'AddNote', data: { noteId: dependencies().newId(), body: body.body } }),
    getLeadTimeline: async ({ actor, params, query }) => {
      const { eventStore, readModels } = dependencies();
      await loadAsOf(eventStore, actor, leadReader, params.id, undefined);
      return json(200, await timelinePage(readModels, actor, { type: 'lead', id: params.id }, query));
    },
    bulkUpdateLeads: async ({ actor, body, ...request }) => {
      const update = leadBulkUpdate(body.action, await directorySettings(settings, actor.tenant, 'lead'));
      return bulkRequest(dependencies, actor, request, body.ids, async (itemRequest, id) => {
        const response = await command(actor, itemRequest, id, update);
        return Number(JSON.parse(String(response.body)).version);
      });
    },
    getLead: async ({ actor, params, query }) => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, leadReader, params.id, query.asOf);
      return json(200, leadView(state, version), { etag: etag(version) });
    },
    getLeadHistory: async ({ actor, params }) => json(200, await historyOf(dependencies().eventStore, actor, leadReader, params.id)),
    listLeads: async ({ actor, query }) =>
      json(200, await listLeads(dependencies().readModels, actor, query, await tenantDefaultCountry(settings, actor.tenant, query.q !== undefined))),
    convertLead: async ({ actor, params, body, ...request }) => convertLead(dependencies, settings, actor, request, params.id, body),
  };
};
