import { tenantDefaultCountry } from '../../../application/directory/directory-settings.ts';
import { leadService } from '../../../application/directory/lead-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf } from '../idempotency.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';
import { bulkAnswer } from './bulk.ts';
import { listLeads } from './lead-list-query.ts';
import { timelinePage } from './timeline-query.ts';

type LeadOperations = Pick<
  Operations<'directoryApi'>,
  'createLead' | 'listLeads' | 'getLead' | 'updateLead' | 'getLeadHistory' | 'convertLead' | 'addLeadNote' | 'getLeadTimeline' | 'bulkUpdateLeads'
>;

const leadAnswer = recordAnswer((id) => `/v1/leads/${id}`);

/** The leads over HTTP: each operation calls the lead service and renders its result. */
export const leadOperations = (dependencies: DependencySource): LeadOperations => {
  const leads = leadService(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    createLead: async ({ actor, body, ...request }) => leadAnswer(await leads.createLead(context(actor, request), body, options(actor, request, false))),
    updateLead: async ({ actor, params, body, ...request }) =>
      leadAnswer(await leads.updateLead(context(actor, request), params.id, body, options(actor, request))),
    addLeadNote: async ({ actor, params, body, ...request }) =>
      leadAnswer(await leads.addLeadNote(context(actor, request), params.id, body.body, options(actor, request))),
    getLeadTimeline: async ({ actor, params, query }) => {
      await leads.getLead(actor, params.id);
      return json(200, await timelinePage(dependencies().readModels, actor, { type: 'lead', id: params.id }, query));
    },
    bulkUpdateLeads: async ({ actor, body, ...request }) =>
      bulkAnswer(await leads.bulkUpdateLeads(context(actor, request), body.ids, body.action, options(actor, request, false))),
    getLead: async ({ actor, params, query }) => {
      const { record, version } = await leads.getLead(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    getLeadHistory: async ({ actor, params }) => json(200, await leads.leadHistory(actor, params.id)),
    listLeads: async ({ actor, query }) => {
      const { readModels, settings } = dependencies();
      return json(200, await listLeads(readModels, actor, query, await tenantDefaultCountry(settings, actor.tenant, query.q !== undefined)));
    },
    // The lead after the conversion, with its version as ETag, and the records it made.
    convertLead: async ({ actor, params, body, ...request }) =>
      answer(await leads.convertLead(context(actor, request), params.id, body, options(actor, request)), (result) =>
        json(200, result, { etag: etag(result.lead.version) }),
      ),
  };
};
