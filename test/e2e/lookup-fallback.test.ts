import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJobQueue } from '../../adapters/queue/job-queue.ts';
import { emptyCompanyProfile } from '../../domain/directory/company.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * Records written before lookup items existed have none: the conversion's duplicate check and import
 * matching still find them through the search index (which the projector keeps), unioned with the
 * lookup items. Such a company is written here as the code before wrote it: events only.
 */
let s3: LocalS3;
let stack: LocalStack;
let imports: LocalImports;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  s3 = await startLocalS3();
  process.env['AWS_ENDPOINT_URL_S3'] = s3.endpoint;
  stack = await startLocalStack();
  api = apiClient(stack.url);
  imports = await startLocalImports(s3);
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  await s3?.stop();
});

const companyWithoutLookups = async (tenant: string, legalName: string, email: string) => {
  const companyId = randomUUID();
  const profile = { ...emptyCompanyProfile, legalName, emails: [{ type: 'work', address: email }] };
  await dependenciesFromEnv().eventStore.commit({
    tenant,
    at: new Date().toISOString(),
    meta: { actor: 'olga', commandId: randomUUID(), correlationId: randomUUID() },
    streams: [
      {
        aggregateType: 'company',
        aggregateId: companyId,
        expectedVersion: 0,
        events: [{ type: 'CompanyRegistered', data: { companyId, code: 'C900001', profile, responsibleUserId: null, accountManagers: [], status: null } }],
      },
    ],
  });
  return companyId;
};

describe('records that predate lookup items', () => {
  it('are found by the conversion duplicate check and by import matching through the search index', async () => {
    const { tenant, olga } = await tenantWith(stack, 'legacy', { colleagues: false });
    const companyId = await companyWithoutLookups(tenant, 'Vecchia Ditta S.p.A.', 'info@vecchia.it');
    expect(await dependenciesFromEnv().eventStore.readLookup(tenant, 'company-name', normaliseName('Vecchia Ditta S.p.A.'))).toEqual([]);
    await eventually(async () => expect((await api.get('/v1/companies?q=vecchia', olga)).body.items.map((c: { id: string }) => c.id)).toEqual([companyId]));

    const lead = await created(api, '/v1/leads', olga, { companyName: 'Vecchia Ditta SpA', firstName: 'Vera' });
    const refused = await api.post(`/v1/leads/${lead.id}/convert`, olga, {});
    expectProblem(refused, 409);
    expect(refused.body.candidates.map((c: { id: string }) => c.id)).toEqual([companyId]);

    const upsert = await api.post('/v1/imports/paste', olga, { kind: 'companies', mode: 'upsert', matchOn: 'email', text: 'legalName;email;website\nVecchia Ditta;info@vecchia.it;vecchia.it\n' });
    expect(upsert.status, upsert.text).toBe(202);
    const job = await eventually(async () => {
      await localJobQueue.drain();
      const response = await api.get(`/v1/imports/${upsert.body.id}`, olga);
      expect(response.body.status).toBe('completed');
      return response.body;
    }, 30_000);
    expect(job.rows).toMatchObject({ updated: 1, created: 0 });
    expect((await api.get(`/v1/companies/${companyId}`, olga)).body.website).toBe('https://vecchia.it/');
  });
});
