import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobQueueFromEnv, localJobQueue, type JobQueue } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv, type DropBucket } from '../../adapters/s3/drop-bucket.ts';
import { httpFunction } from '../../functions/http/http-function.ts';
import { importsOperations } from '../../functions/http/imports.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem, type ApiResponse } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * `Idempotency-Key` on the import, export and avatar routes, with the worker running: the same key
 * is one job, run once; and a request that died between its commit and what follows (the pasted
 * file, the queue message) is finished by its retry with the key instead of starting a second job.
 * The deaths are injected: the drop bucket's `put` or the queue's `send` fails once when armed.
 */
let s3: LocalS3;
let stack: LocalStack;
let imports: LocalImports;
let api: ReturnType<typeof apiClient>;
let failNext: { put?: boolean; send?: boolean } = {};

const crash = (what: string) => new Error(`injected: the function died before ${what}`);

const faultyBucket = (bucket: DropBucket): DropBucket =>
  new Proxy(bucket, {
    get: (target, name, receiver) => {
      if (name === 'put' && failNext.put) {
        return async () => {
          failNext.put = false;
          throw crash('writing the file');
        };
      }
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

const faultyQueue = (queue: JobQueue): JobQueue => ({
  send: async (message) => {
    if (failNext.send) {
      failNext.send = false;
      throw crash('queueing the job');
    }
    await queue.send(message);
  },
});

beforeAll(async () => {
  s3 = await startLocalS3();
  process.env['AWS_ENDPOINT_URL_S3'] = s3.endpoint;
  const importsApi = httpFunction(
    'importsApi',
    importsOperations(dependenciesFromEnv, { bucket: () => faultyBucket(dropBucketFromEnv()), queue: () => faultyQueue(jobQueueFromEnv()) }),
  );
  stack = await startLocalStack({ handlers: { importsApi: importsApi as unknown as HttpHandler } });
  api = apiClient(stack.url);
  imports = await startLocalImports(s3);
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  await s3?.stop();
});
beforeEach(() => {
  failNext = {};
});

const keyed = (key: string) => ({ 'idempotency-key': key });
const csv = 'Ragione sociale;Città\nAlfa S.r.l.;Torino\nBeta S.p.A.;Milano\nGamma S.n.c.;Roma\n';

const settled = async (token: string, path: string, done: readonly string[]) =>
  eventually(async () => {
    await localJobQueue.drain();
    const response = await api.get(path, token);
    expect(response.status, response.text).toBe(200);
    expect(done).toContain(response.body.status);
    return response.body;
  }, 30_000);
const imported = (token: string, id: string) => settled(token, `/v1/imports/${id}`, ['completed', 'failed', 'cancelled', 'reverted']);

const companyNames = (token: string, expected: number) =>
  eventually(async () => {
    const response = await api.get('/v1/companies?limit=200', token);
    expect(response.body.items).toHaveLength(expected);
    return (response.body.items as { legalName: string }[]).map((c) => c.legalName).sort();
  }, 15_000);

const expectReplay = (again: ApiResponse, first: ApiResponse) => {
  expect(again.status, again.text).toBe(first.status);
  expect(again.text).toBe(first.text);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
};

describe('imports with an Idempotency-Key', () => {
  it('POST /v1/imports twice is one job with one upload link; its file is imported once; another body with the key is 422', async () => {
    const { olga } = await tenantWith(stack, 'idj');
    const first = await api.post('/v1/imports', olga, { kind: 'companies' }, keyed('start-1'));
    expect(first.status, first.text).toBe(201);
    const again = await api.post('/v1/imports', olga, { kind: 'companies' }, keyed('start-1'));
    expectReplay(again, first);
    const other = await api.post('/v1/imports', olga, { kind: 'companies', mode: 'upsert', matchOn: 'vatNumber' }, keyed('start-1'));
    expectProblem(other, 422);
    expect(other.body.type).toMatch(/idempotency-key-reused$/);

    const put = await fetch(first.body.uploadUrl, { method: 'PUT', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(put.status, await put.text()).toBe(200);
    expect(await imported(olga, first.body.id)).toMatchObject({ status: 'completed', rows: { processed: 3, created: 3 } });
    expect(await companyNames(olga, 3)).toEqual(['Alfa S.r.l.', 'Beta S.p.A.', 'Gamma S.n.c.']);
  });

  it('a paste sent twice is one job, run once', async () => {
    const { olga } = await tenantWith(stack, 'idj');
    const first = await api.post('/v1/imports/paste', olga, { kind: 'companies', text: csv }, keyed('paste-1'));
    expect(first.status, first.text).toBe(202);
    expectReplay(await api.post('/v1/imports/paste', olga, { kind: 'companies', text: csv }, keyed('paste-1')), first);
    expect(await imported(olga, first.body.id)).toMatchObject({ status: 'completed', rows: { processed: 3, created: 3 } });
    await companyNames(olga, 3);
  });

  it('two pastes with one key at the same time are one job: the commit that loses on the key answers the winner’s job', async () => {
    const { olga } = await tenantWith(stack, 'idj');
    const send = () => api.post('/v1/imports/paste', olga, { kind: 'companies', text: csv }, keyed('paste-3'));
    const [one, two] = await Promise.all([send(), send()]);
    expect([one.status, two.status]).toEqual([202, 202]);
    expect(two.body.id).toBe(one.body.id);
    expect([one, two].filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
    expect(await imported(olga, one.body.id)).toMatchObject({ status: 'completed', rows: { processed: 3, created: 3 } });
    await companyNames(olga, 3);
  });

  it('a paste that died after its job was committed (file not written) is finished by its retry: the same job, imported', async () => {
    const { olga } = await tenantWith(stack, 'idj');
    failNext.put = true;
    const died = await api.post('/v1/imports/paste', olga, { kind: 'companies', text: csv }, keyed('paste-2'));
    expect(died.status, died.text).toBe(500);

    const retried = await api.post('/v1/imports/paste', olga, { kind: 'companies', text: csv }, keyed('paste-2'));
    expect(retried.status, retried.text).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await imported(olga, retried.body.id)).toMatchObject({ status: 'completed', rows: { processed: 3, created: 3 } });
    await companyNames(olga, 3);
  });

  it('cancel and revert replay with the key; a revert whose message was lost runs on its retry', async () => {
    const { olga } = await tenantWith(stack, 'idj');
    const job = (await api.post('/v1/imports/paste', olga, { kind: 'companies', text: csv })).body.id as string;
    await imported(olga, job);
    await companyNames(olga, 3);

    // A completed import cannot be cancelled: the refusal is not kept, the key stays free.
    expectProblem(await api.post(`/v1/imports/${job}/cancel`, olga, undefined, keyed('cancel-1')), 409);

    failNext.send = true;
    expect((await api.post(`/v1/imports/${job}/revert`, olga, undefined, keyed('revert-1'))).status).toBe(500);
    const retried = await api.post(`/v1/imports/${job}/revert`, olga, undefined, keyed('revert-1'));
    expect(retried.status, retried.text).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toMatchObject({ id: job, records: 3 });
    expect(await imported(olga, job)).toMatchObject({ status: 'reverted' });
    await companyNames(olga, 0);
    expectReplay(await api.post(`/v1/imports/${job}/revert`, olga, undefined, keyed('revert-1')), retried);
  });

  it('cancelling twice with one key answers the first cancellation', async () => {
    const { olga } = await tenantWith(stack, 'idj');
    const started = await api.post('/v1/imports', olga, { kind: 'companies' });
    const first = await api.post(`/v1/imports/${started.body.id}/cancel`, olga, undefined, keyed('cancel-2'));
    expect(first.body).toMatchObject({ status: 'cancelled', version: 2 });
    expectReplay(await api.post(`/v1/imports/${started.body.id}/cancel`, olga, undefined, keyed('cancel-2')), first);
  });
});

describe('exports with an Idempotency-Key', () => {
  it('an export whose queue message was lost after the commit runs on its retry with the key: one job, completed', async () => {
    const { olga } = await tenantWith(stack, 'idx');
    await created(api, '/v1/companies', olga, { legalName: 'Rossi S.r.l.' });
    failNext.send = true;
    expect((await api.post('/v1/exports', olga, { kind: 'companies' }, keyed('export-1'))).status).toBe(500);
    const retried = await api.post('/v1/exports', olga, { kind: 'companies' }, keyed('export-1'));
    expect(retried.status, retried.text).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await settled(olga, `/v1/exports/${retried.body.id}`, ['completed', 'failed'])).toMatchObject({ status: 'completed' });

    const again = await api.post('/v1/exports', olga, { kind: 'companies' }, keyed('export-1'));
    expectReplay(again, retried);
    expectProblem(await api.post('/v1/exports', olga, { kind: 'leads' }, keyed('export-1')), 422);
  });
});

describe('contact avatars with an Idempotency-Key', () => {
  it('the same key gets the same upload slot, and the picture put there is confirmed once', async () => {
    const { olga } = await tenantWith(stack, 'ida');
    const anna = await created(api, '/v1/contacts', olga, { firstName: 'Anna' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const request = { contentType: 'image/png', size: png.length };
    const slot = await api.post(`/v1/contacts/${anna.id}/avatar`, olga, request, keyed('avatar-1'));
    expect(slot.status, slot.text).toBe(200);
    expectReplay(await api.post(`/v1/contacts/${anna.id}/avatar`, olga, request, keyed('avatar-1')), slot);
    expectProblem(await api.post(`/v1/contacts/${anna.id}/avatar`, olga, { ...request, contentType: 'image/webp' }, keyed('avatar-1')), 422);

    const put = await fetch(slot.body.uploadUrl, { method: 'PUT', body: png, headers: { 'content-type': 'image/png', 'content-length': String(png.length) } });
    expect(put.status, await put.text()).toBe(200);
    const confirmed = await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key: slot.body.key }, keyed('confirm-1'));
    expect(confirmed.body).toMatchObject({ avatarKey: slot.body.key, version: 2 });
    expectReplay(await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key: slot.body.key }, keyed('confirm-1')), confirmed);
    expect((await api.get(`/v1/contacts/${anna.id}`, olga)).body).toMatchObject({ avatarKey: slot.body.key, version: 2 });
  });
});
