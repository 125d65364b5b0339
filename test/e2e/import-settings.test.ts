import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJobQueue } from '../../adapters/queue/job-queue.ts';
import { idempotentDropJobId } from '../../import/engine/start-job.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { dropBucketName, localS3ClientConfig, startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * What a job is told and how it is found, end to end on DynamoDB Local and this file's own S3
 * emulator: a dropped file's settings as object metadata, the encoding of a file that is not UTF-8
 * (and of pasted text), update files without a name column, and the job list.
 */
let s3: LocalS3;
let stack: LocalStack;
let imports: LocalImports;
let api: ReturnType<typeof apiClient>;
let client: S3Client;

beforeAll(async () => {
  s3 = await startLocalS3();
  process.env['AWS_ENDPOINT_URL_S3'] = s3.endpoint;
  stack = await startLocalStack();
  api = apiClient(stack.url);
  client = new S3Client(localS3ClientConfig(s3.endpoint));
  imports = await startLocalImports(s3, { engine: { chunkRows: 2 } });
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  client?.destroy();
  await s3?.stop();
});

const settled = async (token: string, id: string) =>
  eventually(async () => {
    await localJobQueue.drain();
    const response = await api.get(`/v1/imports/${id}`, token);
    expect(response.status, response.text).toBe(200);
    expect(['completed', 'failed', 'cancelled', 'reverted']).toContain(response.body.status);
    return response.body;
  }, 30_000);

const companies = async (token: string, expected: number) =>
  eventually(async () => {
    const response = await api.get('/v1/companies?limit=200', token);
    expect(response.body.items).toHaveLength(expected);
    return response.body.items as { id: string; legalName: string; vatNumber: string | null; version: number }[];
  }, 15_000);

const upload = async (token: string, body: Record<string, unknown>, csv: string | Uint8Array) => {
  const started = await api.post('/v1/imports', token, body);
  expect(started.status, started.text).toBe(201);
  const put = await fetch(started.body.uploadUrl, { method: 'PUT', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(put.status, await put.text()).toBe(200);
  return started.body.id as string;
};

describe('drop-folder settings and encodings', () => {
  it('a dropped file declares its settings as object metadata: mode, match field, encoding, delimiter', async () => {
    const { tenant, admin } = await tenantWith(stack, 'imp', { colleagues: false });
    const put = (name: string, body: string | Uint8Array, metadata: Record<string, string>) =>
      client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: `${tenant}/imports/companies/${name}.csv`, Body: body, ContentType: 'text/csv', Metadata: metadata }));
    const jobOf = (name: string) => idempotentDropJobId(`${tenant}/imports/companies/${name}.csv`, name);
    await put('first', 'legalName;vatNumber\nAlfa;IT01234567897\nBeta;IT11111111115\n', { 'idempotency-key': 'first' });
    expect(await settled(admin, jobOf('first'))).toMatchObject({ rows: { created: 2 } });
    await companies(admin, 2);
    // Windows-1252 bytes ("Città" -> 0xE0), a tab, update mode matched on the VAT number.
    const latin = Uint8Array.from(Buffer.from('legalName\tvatNumber\nAlfa Città\tIT01234567897\n', 'latin1'));
    await put('second', latin, { 'idempotency-key': 'second', mode: 'update', 'match-on': 'vatNumber', encoding: 'windows-1252', delimiter: 'tab' });
    expect(await settled(admin, jobOf('second'))).toMatchObject({
      status: 'completed',
      mode: 'update',
      matchOn: 'vatNumber',
      rows: { updated: 1, created: 0 },
      file: { encoding: 'windows-1252', delimiter: '\t', encodingNote: 'read as windows-1252, as declared in options.encoding' },
    });
    await eventually(async () => expect((await companies(admin, 2)).map((c) => c.legalName).sort()).toEqual(['Alfa Città', 'Beta']));
    // Metadata that cannot be honoured: a job that fails saying which, and imports nothing.
    await put('third', 'legalName\nGamma\n', { 'idempotency-key': 'third', mode: 'sometimes' });
    expect(await settled(admin, jobOf('third'))).toMatchObject({
      status: 'failed',
      failure: { code: 'bad_metadata', reason: 'x-amz-meta-mode: "sometimes" is not one of create, update, upsert' },
    });
    await put('fourth', 'legalName\nGamma\n', { 'idempotency-key': 'fourth', mode: 'update' });
    expect(await settled(admin, jobOf('fourth'))).toMatchObject({ status: 'failed', failure: { code: 'bad_metadata', reason: expect.stringMatching(/^x-amz-meta-match-on: mode update needs/) } });
    await companies(admin, 2);
  });

  it('a file that is not UTF-8 is read in the encoding of the language the uploader declares, and the job says so', async () => {
    const { tenant, admin } = await tenantWith(stack, 'imp', { colleagues: false });
    const key = `${tenant}/imports/companies/cp1252.csv`;
    // What Excel's "CSV (separato da ;)" writes on an Italian Windows: Windows-1252 ("è" is 0xE8).
    const excel = Buffer.from('Ragione sociale;Città\r\nCaffè Ferrè S.r.l.;Milano\r\nBar Sport;Firenze\r\nPasticceria Perù S.a.s.;Torino\r\n', 'latin1');
    await client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: key, Body: excel, ContentType: 'text/csv', Metadata: { 'idempotency-key': 'k', locale: 'it' } }));
    const job = await settled(admin, idempotentDropJobId(key, 'k'));
    expect(job, JSON.stringify(job.failure)).toMatchObject({ status: 'completed', rows: { processed: 3, created: 3 }, file: { encoding: 'windows-1252', encodingNote: expect.stringMatching(/^the file is not UTF-8: read as windows-1252, what Italian spreadsheets save/) } });
    expect((await companies(admin, 3)).map((c) => c.legalName).sort()).toEqual(['Bar Sport', 'Caffè Ferrè S.r.l.', 'Pasticceria Perù S.a.s.']);
    // Without a language to go by (no metadata, a tenant without users), it is refused and the reason asks for the encoding.
    const bare = `${tenant}/imports/companies/bare.csv`;
    await client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: bare, Body: excel, ContentType: 'text/csv', Metadata: { 'idempotency-key': 'b' } }));
    expect(await settled(admin, idempotentDropJobId(bare, 'b'))).toMatchObject({ status: 'failed', failure: { code: 'encoding', reason: expect.stringMatching(/declare its encoding/) } });
  });

  it('a pasted text is Unicode already: a declared encoding does not re-read it ("Caffè" stays "Caffè")', async () => {
    const { olga } = await tenantWith(stack, 'imp', { colleagues: false });
    const text = 'legalName;city\nCaffè Ferrè;Città di Castello\n';
    const response = await api.post('/v1/imports/paste', olga, { kind: 'companies', options: { encoding: 'windows-1252' }, text });
    expect(response.status, response.text).toBe(202);
    expect(await settled(olga, response.body.id)).toMatchObject({
      status: 'completed',
      rows: { created: 1 },
      file: { encoding: 'utf-8', encodingNote: expect.stringMatching(/^pasted text is Unicode already/) },
    });
    expect((await companies(olga, 1)).map((c) => c.legalName)).toEqual(['Caffè Ferrè']);
  });

});

describe('a file that is not UTF-8, without a declaration', () => {
  it("is read in the encoding of the requester's profile language, else of the tenant's users' language", async () => {
    const { tenant, admin } = await tenantWith(stack, 'imp', { colleagues: false });
    const registered = await api.post('/v1/users', admin, { name: 'Łucja Żak', email: 'lucja@example.pl', timezone: 'Europe/Warsaw', locale: 'pl', role: 'standard' });
    expect(registered.status, registered.text).toBe(201);
    const lucja = await stack.token(registered.body.id, { tenant, role: 'standard', groups: [] });
    // The import worker reads the requester's language from the people read model (the user's record is
    // on the log at once, its profile in the read model after the projection's lag): wait for the latter.
    await eventually(async () => expect((await api.get('/v1/users?limit=200', admin)).body.items.map((user: { id: string }) => user.id)).toContain(registered.body.id));
    // "Łódź" in Windows-1250, as a Polish Excel saves it.
    const polish = Uint8Array.from([...Buffer.from('legalName;city\r\nZak', 'latin1'), 0xb3, ...Buffer.from('ad;', 'latin1'), 0xa3, 0xf3, 0x64, 0x9f, 0x0d, 0x0a]);
    const id = await upload(lucja, { kind: 'companies' }, polish);
    expect(await settled(lucja, id)).toMatchObject({
      status: 'completed',
      file: { encoding: 'windows-1250', encodingNote: expect.stringContaining("what Polish spreadsheets save (your profile's language, pl)") },
    });
    // A drop has no requester: the tenant's users' language.
    const key = `${tenant}/imports/companies/polskie.csv`;
    await client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: key, Body: polish, ContentType: 'text/csv', Metadata: { 'idempotency-key': 'p' } }));
    expect(await settled(admin, idempotentDropJobId(key, 'p'))).toMatchObject({
      file: { encoding: 'windows-1250', encodingNote: expect.stringContaining("(the language of the tenant's users, pl)") },
    });
    const names = await Promise.all((await companies(admin, 2)).map(async (c) => (await api.get(`/v1/companies/${c.id}`, admin)).body.addresses?.[0]?.city));
    expect(names).toEqual(['Łódź', 'Łódź']);
  });
});

describe('update files', () => {
  it('update mode needs no name column, and an empty name cell changes nothing', async () => {
    const { olga } = await tenantWith(stack, 'imp', { colleagues: false });
    const first = await upload(olga, { kind: 'companies' }, 'Ragione sociale;Partita IVA\nAlfa;IT01234567897\nBeta;IT11111111115\n');
    await settled(olga, first);
    await companies(olga, 2);
    const noName = await upload(olga, { kind: 'companies', mode: 'update', matchOn: 'vatNumber' }, 'Partita IVA;Sito web\nIT01234567897;alfa.it\n');
    expect(await settled(olga, noName)).toMatchObject({ status: 'completed', rows: { updated: 1, rejected: 0 } });
    const emptyName = await upload(olga, { kind: 'companies', mode: 'update', matchOn: 'vatNumber' }, 'Ragione sociale;Partita IVA;Sito web\n;IT11111111115;beta.it\n');
    expect(await settled(olga, emptyName)).toMatchObject({ status: 'completed', rows: { updated: 1, rejected: 0 } });
    await eventually(async () => {
      const items = await Promise.all((await companies(olga, 2)).map(async (c) => (await api.get(`/v1/companies/${c.id}`, olga)).body as { legalName: string; website: string | null }));
      expect(items.map((c) => [c.legalName, c.website]).sort()).toEqual([
        ['Alfa', 'https://alfa.it/'],
        ['Beta', 'https://beta.it/'],
      ]);
    });
    // Create and upsert rows may create a record: they still need the name.
    const upsert = await upload(olga, { kind: 'companies', mode: 'upsert', matchOn: 'vatNumber' }, 'Ragione sociale;Partita IVA\n;IT09876543217\n');
    expect(await settled(olga, upsert)).toMatchObject({ rows: { created: 0, rejected: 1 } });
    expect((await api.get(`/v1/imports/${upsert}/errors`, olga)).text).toContain('Ragione sociale: required');
  });

});

describe('GET /v1/imports', () => {
  it('lists jobs newest first: your own; managers and admins every job of the tenant, drops included; filtered and paged', async () => {
    const { tenant, admin, olga, rita } = await tenantWith(stack, 'imp', { colleagues: false });
    const first = await upload(olga, { kind: 'companies' }, 'legalName\nUno\n');
    await settled(olga, first);
    const key = `${tenant}/imports/contacts/rubrica.csv`;
    await client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: key, Body: 'foo;bar\n1;2\n', ContentType: 'text/csv', Metadata: { 'idempotency-key': 'r' } }));
    const dropped = idempotentDropJobId(key, 'r');
    await settled(admin, dropped);
    const second = await upload(olga, { kind: 'companies' }, 'legalName\nDue\n');
    await settled(olga, second);

    const ids = async (token: string, query = '') => {
      const response = await api.get(`/v1/imports${query}`, token);
      expect(response.status, response.text).toBe(200);
      return response.body as { items: { id: string; status: string; version: number }[]; nextCursor: string | null };
    };
    // The list is a read model: it shows each job as GET /v1/imports/{id} does, once it caught up.
    await eventually(async () => {
      const all = await ids(admin);
      expect(all.items.map((job) => job.id)).toEqual([second, dropped, first]);
      expect(all.items.map((job) => job.status)).toEqual(['completed', 'failed', 'completed']);
      expect(all.items[0]).toEqual((await api.get(`/v1/imports/${second}`, admin)).body);
    });
    expect((await ids(olga)).items.map((job) => job.id)).toEqual([second, first]);
    expect((await ids(rita)).items).toEqual([]);
    expect((await ids(admin, '?mine=true')).items).toEqual([]);
    expect((await ids(admin, '?status=failed')).items.map((job) => job.id)).toEqual([dropped]);
    expect((await ids(admin, '?kind=contacts&origin=drop')).items.map((job) => job.id)).toEqual([dropped]);
    const page1 = await ids(olga, '?limit=1');
    expect(page1.items.map((job) => job.id)).toEqual([second]);
    const page2 = await ids(olga, `?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((job) => job.id)).toEqual([first]);
    expectProblem(await api.get('/v1/imports?status=done', olga), 400);
  });
});
