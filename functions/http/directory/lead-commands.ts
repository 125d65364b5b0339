import { directoryQueries } from '../../../application/directory/directory-queries.ts';
import { leadService } from '../../../application/directory/lead-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';
import { bulkAnswer } from './bulk.ts';

type LeadOperations = Pick<
  Operations<'directoryApi'>,
  'createLead' | 'listLeads' | 'getLead' | 'updateLead' | 'getLeadHistory' | 'convertLead' | 'addLeadNote' | 'getLeadTimeline' | 'bulkUpdateLeads'
>;

const leadAnswer = recordAnswer((id) => `/v1/leads/${id}`);

/** The leads over HTTP: each operation calls the lead service and renders its result. */
export const leadOperations = (dependencies: DependencySource): LeadOperations => {
  const leads = leadService(dependencies);
  const queries = directoryQueries(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    createLead: async ({ actor, body, ...request }) => leadAnswer(await leads.createLead(context(actor, request), body, options(actor, request, false))),
    updateLead: async ({ actor, params, body, ...request }) =>
      leadAnswer(await leads.updateLead(context(actor, request), params.id, body, options(actor, request))),
    addLeadNote: async ({ actor, params, body, ...request }) =>
      leadAnswer(await leads.addLeadNote(context(actor, request), params.id, body.body, options(actor, request))),
    getLeadTimeline: async ({ actor, params, query }) => json(200, await inQuery(() => queries.leadTimeline(actor, params.id, query))),
    bulkUpdateLeads: async ({ actor, body, ...request }) =>
      bulkAnswer(await leads.bulkUpdateLeads(context(actor, request), body.ids, body.action, options(actor, request, false))),
    getLead: async ({ actor, params, query }) => {
      const { record, version } = await leads.getLead(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    getLeadHistory: async ({ actor, params }) => json(200, await leads.leadHistory(actor, params.id)),
    listLeads: async ({ actor, query }) => json(200, await inQuery(() => queries.listLeads(actor, query))),
    // The lead after the conversion, with its version as ETag, and the records it made.
    convertLead: async ({ actor, params, body, ...request }) =>
      answer(await leads.convertLead(context(actor, request), params.id, body, options(actor, request)), (result) =>
        json(200, result, { etag: etag(result.lead.version) }),
      ),
  };
};
