import { companyService } from '../../application/directory/company-service.ts';
import { tenantDefaultCountry } from '../../application/directory/directory-settings.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { bulkAnswer } from './directory/bulk.ts';
import { listCompanies } from './directory/company-list-query.ts';
import { timelinePage } from './directory/timeline-query.ts';
import { contactOperations } from './directory/contact-commands.ts';
import { leadOperations } from './directory/lead-commands.ts';
import { httpFunction } from './http-function.ts';
import { commandContextOf } from './idempotency.ts';
import { commandOptionsOf, recordAnswer } from './record-commands.ts';
import { etag, json } from './responses.ts';
import type { Operations } from './router.ts';

const companyAnswer = recordAnswer((id) => `/v1/companies/${id}`);

/**
 * The directory over HTTP: each operation calls the directory's services (application/directory/)
 * and renders their results; lists and searches read the read models here.
 */
export const directoryOperations = (dependencies: DependencySource): Operations<'directoryApi'> => {
  const companies = companyService(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    registerCompany: async ({ actor, body, ...request }) =>
      companyAnswer(await companies.registerCompany(context(actor, request), body, options(actor, request, false))),
    updateCompany: async ({ actor, params, body, ...request }) =>
      companyAnswer(await companies.updateCompany(context(actor, request), params.id, body, options(actor, request))),
    getCompany: async ({ actor, params, query }) => {
      const { record, version } = await companies.getCompany(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    addCompanyNote: async ({ actor, params, body, ...request }) =>
      companyAnswer(await companies.addCompanyNote(context(actor, request), params.id, body.body, options(actor, request))),
    getCompanyTimeline: async ({ actor, params, query }) => {
      await companies.getCompany(actor, params.id);
      return json(200, await timelinePage(dependencies().readModels, actor, { type: 'company', id: params.id }, query));
    },
    getCompanyHistory: async ({ actor, params }) => json(200, await companies.companyHistory(actor, params.id)),
    listCompanies: async ({ actor, query }) => {
      const { readModels, settings } = dependencies();
      return json(200, await listCompanies(readModels, actor, query, await tenantDefaultCountry(settings, actor.tenant, query.q !== undefined)));
    },
    bulkUpdateCompanies: async ({ actor, body, ...request }) =>
      bulkAnswer(await companies.bulkUpdateCompanies(context(actor, request), body.ids, body.action, options(actor, request, false))),
    ...contactOperations(dependencies),
    ...leadOperations(dependencies),
  };
};

export const createDirectoryHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('directoryApi', directoryOperations(dependencies));

export const handler = createDirectoryHandler();
