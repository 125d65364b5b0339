import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor } from '../../domain/shared/actor.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { companyDecider, companyUniqueKeys, type CompanyCommand, type CompanyState } from '../../domain/directory/company.ts';
import { canSeeOwned } from '../../domain/directory/company-policy.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { runCommand } from '../shared/run-command.ts';
import { bulkItemRequest, bulkSummary, runBulk } from './directory/bulk.ts';
import { bulkUpdate } from './directory/company-bulk.ts';
import { listCompanies } from './directory/company-list-query.ts';
import { companyReader, companyView, updateFromBody } from './directory/company-wire.ts';
import { contactOperations } from './directory/contact-commands.ts';
import { expectedVersionOf } from './directory/if-match.ts';
import { httpFunction } from './http-function.ts';
import { fromOutcome, idempotencyOf } from './idempotency.ts';
import { historyOf, loadAsOf } from './record-reads.ts';
import { etag, json } from './responses.ts';
import type { Operations, RequestInfo } from './router.ts';

export const directoryOperations = (dependencies: DependencySource): Operations<'directoryApi'> => {
  const command = async (
    actor: Actor,
    request: RequestInfo,
    companyId: string,
    companyCommand: CompanyCommand | ((sequence: number) => CompanyCommand),
    created = false,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const { eventStore, newId, now } = dependencies();
    const outcome = await runCommand({
      store: eventStore,
      decider: companyDecider,
      actor,
      aggregateType: 'company',
      aggregateId: companyId,
      command: companyCommand,
      uniqueKeys: companyUniqueKeys,
      ...(created
        ? { sequence: 'company' }
        : { visible: (state: CompanyState) => state !== null && canSeeOwned(actor, state), expectedVersion: expectedVersionOf(request) }),
      idempotency: idempotencyOf(actor, request),
      meta: { commandId: newId(), correlationId: request.correlationId, requestId: request.requestId },
      now,
      respond: ({ state, version }) => {
        if (state === null) throw notFound('company not found');
        const headers: Record<string, string> = { etag: etag(version) };
        if (created) headers.location = `/v1/companies/${companyId}`;
        return json(created ? 201 : 200, companyView(state, version), headers);
      },
    });
    return fromOutcome(outcome);
  };

  return {
    registerCompany: async ({ actor, body, ...request }) => {
      const companyId = dependencies().newId();
      const { profile, ...ownership } = updateFromBody(body);
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
    updateCompany: ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'UpdateCompany', data: updateFromBody(body) }),
    getCompany: async ({ actor, params, query }) => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, companyReader, params.id, query.asOf);
      return json(200, companyView(state, version), { etag: etag(version) });
    },
    getCompanyHistory: async ({ actor, params }) => json(200, await historyOf(dependencies().eventStore, actor, companyReader, params.id)),
    listCompanies: async ({ actor, query }) => json(200, await listCompanies(dependencies().readModels, actor, query)),
    bulkUpdateCompanies: async ({ actor, body, ...request }) => {
      const update = bulkUpdate(body.action);
      const results = await runBulk(body.ids, async (id) => {
        const response = await command(actor, bulkItemRequest(request, id), id, update);
        return Number(JSON.parse(String(response.body)).version);
      });
      return json(200, bulkSummary(results));
    },
    ...contactOperations(dependencies),
  };
};

export const createDirectoryHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('directoryApi', directoryOperations(dependencies));

export const handler = createDirectoryHandler();
