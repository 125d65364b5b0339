import { companyDecider, companyUniqueKeys } from '../../domain/directory/company.ts';
import { canSeeOwned } from '../../domain/directory/company-policy.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import { companyLookupKeys } from '../../domain/directory/lookup-keys.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { EventStorePeople } from '../../adapters/people/event-store-people.ts';
import { companyUserCheck } from './directory/user-references.ts';
import { bulkRequest } from './directory/bulk.ts';
import { noDirectoryDefaults } from '../../domain/settings/directory-defaults.ts';
import { directorySettings, tenantDefaultCountry } from './directory/directory-settings.ts';
import { bulkUpdate } from './directory/company-bulk.ts';
import { listCompanies } from './directory/company-list-query.ts';
import { timelinePage } from './directory/timeline-query.ts';
import { refuseLegacyVatHolders } from './directory/legacy-vat-claims.ts';
import { opportunityReads } from './directory/opportunity-reads.ts';
import { companyReader, companyView, updateFromBody } from './directory/company-wire.ts';
import { contactOperations } from './directory/contact-commands.ts';
import { leadOperations } from './directory/lead-commands.ts';
import { httpFunction } from './http-function.ts';
import { historyOf, loadAsOf } from '../../application/shared/record-reads.ts';
import { recordCommands } from './record-commands.ts';
import { etag, json } from './responses.ts';
import type { Operations } from './router.ts';

/**
 * `settings` (default: the dependencies' own, read when a request needs them): the tenant settings
 * commands are decided against — catalogues and custom-field definitions.
 */
export const directoryOperations = (
  dependencies: DependencySource,
  settings: TenantSettings = {
    catalogue: (tenant, name) => dependencies().settings.catalogue(tenant, name),
    customFields: (tenant, entity) => dependencies().settings.customFields(tenant, entity),
    directoryDefaults: (tenant) => dependencies().settings.directoryDefaults?.(tenant) ?? Promise.resolve(noDirectoryDefaults),
  },
): Operations<'directoryApi'> => {
  const command = recordCommands(dependencies, {
    aggregateType: 'company',
    label: 'company',
    decider: companyDecider,
    canSee: canSeeOwned,
    view: companyView,
    location: (id) => `/v1/companies/${id}`,
    sequence: 'company',
    uniqueKeys: companyUniqueKeys,
    checkClaims: (tenant, claims) => refuseLegacyVatHolders(dependencies().eventStore, tenant, claims),
    lookupKeys: companyLookupKeys,
    checkReferences: companyUserCheck(() => new EventStorePeople(dependencies().eventStore)),
  });

  return {
    registerCompany: async ({ actor, body, ...request }) => {
      const companyId = dependencies().newId();
      const { profile, ...ownership } = updateFromBody(body, await directorySettings(settings, actor.tenant, 'company'));
      return command(
        actor,
        request,
        companyId,
        (sequence) => ({
          type: 'RegisterCompany',
          data: {
            companyId,
            sequence,
            profile: { ...profile, legalName: body.legalName },
            ...ownership,
            accountManagers: body.accountManagers ?? [],
          },
        }),
        true,
      );
    },
    updateCompany: async ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'UpdateCompany', data: updateFromBody(body, await directorySettings(settings, actor.tenant, 'company')) }),
    getCompany: async ({ actor, params, query }) => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, companyReader, params.id, query.asOf);
      return json(200, companyView(state, version), { etag: etag(version) });
    },
    addCompanyNote: async ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'AddNote', data: { noteId: dependencies().newId(), body: body.body } }),
    getCompanyTimeline: async ({ actor, params, query }) => {
      const { eventStore, readModels } = dependencies();
      await loadAsOf(eventStore, actor, companyReader, params.id, undefined);
      return json(200, await timelinePage(readModels, actor, { type: 'company', id: params.id }, query));
    },
    getCompanyHistory: async ({ actor, params }) => json(200, await historyOf(dependencies().eventStore, actor, companyReader, params.id)),
    listCompanies: async ({ actor, query }) =>
      json(200, await listCompanies(dependencies().readModels, actor, query, await tenantDefaultCountry(settings, actor.tenant, query.q !== undefined))),
    bulkUpdateCompanies: async ({ actor, body, ...request }) => {
      const update = bulkUpdate(body.action, await directorySettings(settings, actor.tenant, 'company'));
      return bulkRequest(dependencies, actor, request, body.ids, async (itemRequest, id) => {
        const response = await command(actor, itemRequest, id, update);
        return Number(JSON.parse(String(response.body)).version);
      });
    },
    ...contactOperations(dependencies, settings),
    ...leadOperations(dependencies, settings),
    ...opportunityReads(dependencies),
  };
};

export const createDirectoryHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('directoryApi', directoryOperations(dependencies));

export const handler = createDirectoryHandler();
