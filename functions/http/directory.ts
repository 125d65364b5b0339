import { companyService } from '../../application/directory/company-service.ts';
import { directoryQueries } from '../../application/directory/directory-queries.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { bulkAnswer } from './directory/bulk.ts';
import { contactOperations } from './directory/contact-commands.ts';
import { leadOperations } from './directory/lead-commands.ts';
import { httpFunction } from './http-function.ts';
import { commandContextOf } from './idempotency.ts';
import { inQuery } from './problem-details.ts';
import { commandOptionsOf, recordAnswer } from './record-commands.ts';
import { etag, json } from './responses.ts';
import type { Operations } from './router.ts';

const companyAnswer = recordAnswer((id) => `/v1/companies/${id}`);

/**
 * The directory over HTTP: each operation calls the directory's services (application/directory/)
 * and renders their results; a list, search or timeline calls the directory's queries in `inQuery`,
 * so that what they refuse is located in the query string.
 */
export const directoryOperations = (dependencies: DependencySource): Operations<'directoryApi'> => {
  const companies = companyService(dependencies);
  const queries = directoryQueries(dependencies);
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
    getCompanyTimeline: async ({ actor, params, query }) => json(200, await inQuery(() => queries.companyTimeline(actor, params.id, query))),
    getCompanyHistory: async ({ actor, params }) => json(200, await companies.companyHistory(actor, params.id)),
    listCompanies: async ({ actor, query }) => json(200, await inQuery(() => queries.listCompanies(actor, query))),
    bulkUpdateCompanies: async ({ actor, body, ...request }) =>
      bulkAnswer(await companies.bulkUpdateCompanies(context(actor, request), body.ids, body.action, options(actor, request, false))),
    ...contactOperations(dependencies),
    ...leadOperations(dependencies),
  };
};

export const createDirectoryHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('directoryApi', directoryOperations(dependencies));

export const handler = createDirectoryHandler();
