import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localJobQueue } from '../../adapters/queue/job-queue.ts';
import { dropJobId, idempotentDropJobId } from '../../import/engine/start-job.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { dropBucketName, localS3ClientConfig, startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * The import job end to end on DynamoDB Local and this file's own S3 emulator (its object-created
 * events are the drop folder's trigger): drop folder, presigned upload, paste, modes, the errors
 * file, a worker that dies mid-file, duplicated messages, malformed files.
 */
let s3: LocalS3;
let stack: LocalStack;
let imports: LocalImports;
let api: ReturnType<typeof apiClient>;
let client: S3Client;
/** Fault injection: called (and awaited) after every row's command (before the checkpoint). */
let fault: ((line: number) => void | Promise<void>) | undefined;
/** Sequencers of dropped objects, by key: what the drop folder derives a job id from. */
const sequencers = new Map<string, string>();

beforeAll(async () => {
  s3 = await startLocalS3();
  process.env['AWS_ENDPOINT_URL_S3'] = s3.endpoint;
  stack = await startLocalStack();
  api = apiClient(stack.url);
  client = new S3Client(localS3ClientConfig(s3.endpoint));
  s3.onObjectCreated((event) => {
    for (const record of event.Records) sequencers.set(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')), record.s3.object.sequencer);
  });
  imports = await startLocalImports(s3, { engine: { chunkRows: 2, afterRow: (line) => fault?.(line) } });
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  client?.destroy();
  await s3?.stop();
});
beforeEach(() => {
  fault = undefined;
});

const drop = (key: string, text: string | Uint8Array) =>
  client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: key, Body: text, ContentType: 'text/csv' }));

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

const italian = [
  '\uFEFFRagione sociale;Partita IVA;Città;Email',
  'Rossi Costruzioni S.r.l.;IT01234567897;"Torino";info@rossi.it',
  ';IT09876543217;Milano;',
  'Bianchi & Figli S.n.c.;IT11111111115;"Reggio\nEmilia";',
  'Rossi bis;IT01234567897;Torino;',
  'Verdi S.p.A.;;Roma;',
].join('\r\n');

describe('drop folder', () => {
  it('an object in <tenant>/imports/<kind>/ runs a job with default options: valid rows imported, the others in the errors file', async () => {
    const { tenant, admin } = await tenantWith(stack, 'imp');
    const key = `${tenant}/imports/companies/anagrafica clienti.csv`;
    await drop(key, italian);
    const id = await eventually(async () => dropJobId(key, sequencers.get(key) ?? expect.unreachable('no event yet')));
    const job = await settled(admin, id);
    expect(job).toMatchObject({
      status: 'completed',
      origin: 'drop',
      mode: 'create',
      rows: { total: 5, processed: 5, created: 3, updated: 0, rejected: 2 },
      progress: 100,
    });
    const names = (await companies(admin, 3)).map((c) => c.legalName).sort();
    expect(names).toEqual(['Bianchi & Figli S.n.c.', 'Rossi Costruzioni S.r.l.', 'Verdi S.p.A.']);

    const errors = await api.get(`/v1/imports/${id}/errors`, admin);
    expect(errors.status).toBe(200);
    expect(errors.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = errors.text.trim().split('\r\n');
    expect(lines[0]).toBe('line;Ragione sociale;Partita IVA;Città;Email;reason');
    // Line numbers are the file's physical lines: the multi-line address makes "Rossi bis" line 6.
    // The reason names the file's column.
    expect(lines[1]).toBe('3;;IT09876543217;Milano;;Ragione sociale: required');
    expect(lines[2]).toBe('6;Rossi bis;IT01234567897;Torino;;"Partita IVA: ""IT01234567897"" is also on line 2 (a duplicate inside the file)"');
  });

  it('a duplicated notification or message does not import the file twice', async () => {
    const { tenant, admin } = await tenantWith(stack, 'imp');
    const key = `${tenant}/imports/companies/twice.csv`;
    await drop(key, 'legalName;vatNumber\nUno;IT01234567897\nDue;\nTre;\n');
    const id = await eventually(async () => dropJobId(key, sequencers.get(key) ?? expect.unreachable('no event yet')));
    await settled(admin, id);
    const event = { Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key, sequencer: sequencers.get(key) } } }] };
    localJobQueue.sendRaw(JSON.stringify(event));
    await localJobQueue.send({ tenant, jobId: id });
    const job = await settled(admin, id);
    expect(job.rows).toMatchObject({ processed: 3, created: 3 });
    await companies(admin, 3);
  });

  it('an uploader that gives the object an idempotency key knows its job beforehand; the same key again is the same job', async () => {
    const { tenant, admin } = await tenantWith(stack, 'imp');
    const key = `${tenant}/imports/companies/clienti.csv`;
    const put = (text: string, idempotencyKey: string) =>
      client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: key, Body: text, ContentType: 'text/csv', Metadata: { 'idempotency-key': idempotencyKey } }));
    await put('legalName\nUno\nDue\n', 'run-1');
    const id = idempotentDropJobId(key, 'run-1');
    expect(await settled(admin, id)).toMatchObject({ status: 'completed', origin: 'drop', rows: { created: 2 } });
    // A retried upload of the same run (even changed) is not imported again; a new run is a new job.
    sequencers.delete(key);
    await put('legalName\nUno\nDue\nTre\n', 'run-1');
    await eventually(async () => expect(sequencers.has(key)).toBe(true));
    await localJobQueue.drain();
    expect(await settled(admin, id)).toMatchObject({ rows: { processed: 2, created: 2 } });
    await put('legalName\nQuattro\n', 'run-2');
    expect(await settled(admin, idempotentDropJobId(key, 'run-2'))).toMatchObject({ status: 'completed', rows: { created: 1 } });
    await companies(admin, 3);
  });

  it('files that cannot be read fail with the reason and create nothing', async () => {
    const { tenant, admin } = await tenantWith(stack, 'imp');
    const cases = [
      { name: 'unterminated', text: 'legalName;vatNumber\nUno;IT01234567897\n"Due;\nTre;\n', code: 'unterminated_quote' },
      { name: 'unknown', text: 'foo;bar\n1;2\n', code: 'unknown_columns' },
      { name: 'empty', text: '', code: 'empty' },
      { name: 'binary', text: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x0a, 0x00]), code: 'binary' },
    ];
    for (const c of cases) {
      const key = `${tenant}/imports/companies/${c.name}.csv`;
      await drop(key, c.text);
      const id = await eventually(async () => dropJobId(key, sequencers.get(key) ?? expect.unreachable('no event yet')));
      const job = await settled(admin, id);
      expect(job, c.name).toMatchObject({ status: 'failed', failure: { code: c.code, reason: expect.any(String) }, rows: { created: 0 } });
    }
    const list = await api.get('/v1/companies', admin);
    expect(list.body.items).toHaveLength(0);
  });
});

describe('POST /v1/imports', () => {
  it('returns a presigned URL; the uploaded file is imported; progress and counts are shown', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const id = await upload(olga, { kind: 'companies' }, 'legalName,vatNumber\nAlfa,IT01234567897\nBeta,\nGamma,IT123\n');
    const job = await settled(olga, id);
    expect(job).toMatchObject({ status: 'completed', origin: 'upload', rows: { total: 3, created: 2, rejected: 1 }, progress: 100 });
    expect(job.startedAt).toEqual(expect.any(String));
    expect(job.endedAt).toEqual(expect.any(String));
    const errors = await api.get(`/v1/imports/${id}/errors`, olga);
    expect(errors.text).toBe('line,legalName,vatNumber,reason\r\n4,Gamma,IT123,"vatNumber: ""IT123"" is not a valid IT VAT number"\r\n');
  });

  it('the errors file says what is wrong with each row in the file’s own column names', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const csv = [
      'Ragione sociale;Partita IVA;Email;Cellulare;Tipo',
      'Alfa;IT01234567897;alfa@example.it;;',
      ';;;;',
      'Beta;;foo;;',
      'Gamma;IT123;;;',
      'Delta;;;abc;',
      'Epsilon;;;;grossista',
      'Zeta;IT 01234567897;;;',
    ].join('\n');
    const id = await upload(olga, { kind: 'companies', matchOn: 'name' }, csv);
    expect(await settled(olga, id)).toMatchObject({ status: 'completed', rows: { processed: 6, created: 1, rejected: 5 } });
    const errors = await api.get(`/v1/imports/${id}/errors`, olga);
    const reasons = errors.text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => [line.split(';')[0], line.slice(line.lastIndexOf(';"') + 2, -1).replaceAll('""', '"')]);
    expect(reasons).toEqual([
      // Line 3 is blank (skipped). The row mapping: a bad e-mail, an unknown kind.
      ['4', 'Email: "foo" is not an e-mail address'],
      // The deciders, through the directory's own create operation.
      ['5', 'Partita IVA: "IT123" is not a valid IT VAT number'],
      ['6', 'Cellulare: "abc" is not a phone number'],
      ['7', 'Tipo: "grossista" is not a kind of company (client, prospect, supplier, competitor, partner)'],
      // The unique claim of the VAT number Alfa holds.
      ['8', expect.stringMatching(/^Partita IVA: "IT 01234567897" is already used by another company \(id .+\)$/)],
    ]);
  });

  it('a worker that dies after some rows is redelivered: the rerun finishes and creates no record twice', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    let crashes = 0;
    // Dies after the 3rd row once (its chunk of 2 rows started at line 4: rows 4 and 5 are not checkpointed)
    // and after the 6th once more.
    fault = (line) => {
      if ((line === 4 && crashes === 0) || (line === 7 && crashes === 1)) {
        crashes += 1;
        throw new Error(`injected crash after line ${line}`);
      }
    };
    // With VAT numbers: a replayed row's own first commit holds its claim; the row's key must decide.
    const rows = Array.from({ length: 8 }, (_, i) => `Firma ${i + 1};IT${String(i + 1).padStart(11, '0')}`).join('\n');
    const id = await upload(olga, { kind: 'companies' }, `legalName;vatNumber\n${rows}\n`);
    const job = await settled(olga, id);
    expect(crashes).toBe(2);
    expect(job).toMatchObject({ status: 'completed', rows: { total: 8, processed: 8, created: 8, rejected: 0 } });
    const names = (await companies(olga, 8)).map((c) => c.legalName).sort();
    expect(names).toEqual(Array.from({ length: 8 }, (_, i) => `Firma ${i + 1}`).sort());
  });

  it('two workers on the same job at once create every record once', async () => {
    const { tenant, olga } = await tenantWith(stack, 'imp');
    const rows = Array.from({ length: 6 }, (_, i) => `Doppio ${i + 1}`).join('\n');
    const id = await upload(olga, { kind: 'companies' }, `legalName\n${rows}\n`);
    await localJobQueue.send({ tenant, jobId: id });
    await localJobQueue.send({ tenant, jobId: id });
    const job = await settled(olga, id);
    expect(job.rows).toMatchObject({ processed: 6, created: 6 });
    await companies(olga, 6);
  });

  it('update mode changes matched records and rejects the rest; upsert creates what does not match', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const first = await upload(olga, { kind: 'companies' }, 'legalName;vatNumber\nAlfa;IT01234567897\nBeta;IT11111111115\n');
    await settled(olga, first);
    await companies(olga, 2);

    const update = await upload(
      olga,
      { kind: 'companies', mode: 'update', matchOn: 'vatNumber' },
      'legalName;vatNumber;website\nAlfa Nuova;IT 01234567897;alfa.it\nNessuno;IT09876543217;\n',
    );
    expect(await settled(olga, update)).toMatchObject({ status: 'completed', rows: { updated: 1, created: 0, rejected: 1 } });
    const errors = await api.get(`/v1/imports/${update}/errors`, olga);
    expect(errors.text).toContain('3;Nessuno;IT09876543217;;"vatNumber: no company has ""IT09876543217"""\r\n');

    const upsert = await upload(olga, { kind: 'companies', mode: 'upsert', matchOn: 'vatNumber' }, 'legalName;vatNumber\nBeta Due;IT11111111115\nGamma;IT09876543217\n');
    expect(await settled(olga, upsert)).toMatchObject({ status: 'completed', rows: { updated: 1, created: 1 } });
    const names = (await companies(olga, 3)).map((c) => c.legalName).sort();
    expect(names).toEqual(['Alfa Nuova', 'Beta Due', 'Gamma']);

    const create = await upload(olga, { kind: 'companies', matchOn: 'vatNumber' }, 'legalName;vatNumber\nAlfa di nuovo;IT01234567897\n');
    expect(await settled(olga, create)).toMatchObject({ rows: { created: 0, rejected: 1 } });
  });

  it('update mode counts a row whose values the record already has as unchanged, also when its chunk is replayed after a crash', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const first = await upload(olga, { kind: 'companies' }, 'legalName;vatNumber;website\nAlfa;IT01234567897;alfa.it\nBeta;IT11111111115;\nGamma;IT09876543217;\n');
    await settled(olga, first);
    const before = await companies(olga, 3);
    // Chunks of 2 rows: lines 2–3, then 4. The first run dies after line 3, before its checkpoint, so
    // both rows of the chunk are counted again from what they committed.
    let crashed = false;
    fault = (line) => {
      if (line === 3 && !crashed) {
        crashed = true;
        throw new Error('injected crash after line 3');
      }
    };
    const update = await upload(
      olga,
      { kind: 'companies', mode: 'update', matchOn: 'vatNumber' },
      'legalName;vatNumber;website\nAlfa;IT01234567897;https://alfa.it/\nBeta Nuova;IT11111111115;\nGamma;IT09876543217;\n',
    );
    expect(await settled(olga, update)).toMatchObject({ status: 'completed', rows: { processed: 3, updated: 1, unchanged: 2, rejected: 0 } });
    expect(crashed).toBe(true);
    const after = await companies(olga, 3);
    const version = (items: { legalName: string; version?: number }[], name: string) => items.find((c) => c.legalName === name)?.version;
    expect(version(after, 'Alfa')).toBe(version(before, 'Alfa'));
    expect(version(after, 'Gamma')).toBe(version(before, 'Gamma'));
  });

  it('update mode: a merged value the directory refuses is named by the cell it came from', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const first = await upload(olga, { kind: 'companies' }, 'Legal name;VAT number;Mobile;Phone\nAlfa;IT01234567897;+39 333 1234567;+39 02 1234567\n');
    await settled(olga, first);
    // The record's mobile comes first, so the new number is the update's second phone and the row's first.
    const update = await upload(olga, { kind: 'companies', mode: 'update', matchOn: 'vatNumber' }, 'Legal name;VAT number;Mobile;Phone\nAlfa;IT01234567897;;02 12 abc\n');
    expect(await settled(olga, update)).toMatchObject({ status: 'completed', rows: { updated: 0, rejected: 1 } });
    const errors = await api.get(`/v1/imports/${update}/errors`, olga);
    expect(errors.text).toContain('2;Alfa;IT01234567897;;02 12 abc;"Phone: ""02 12 abc"" is not a phone number"\r\n');
  });

  it('refuses update mode without a match field, and hides a job from colleagues', async () => {
    const { admin, olga, rita } = await tenantWith(stack, 'imp');
    const refused = await api.post('/v1/imports', olga, { kind: 'companies', mode: 'update' });
    expect(refused.status).toBe(422);
    const id = await upload(olga, { kind: 'contacts' }, 'firstName;lastName;email\nMario;Rossi;mario@rossi.it\n');
    expect((await api.get(`/v1/imports/${id}`, rita)).status).toBe(404);
    expect(await settled(admin, id)).toMatchObject({ kind: 'contacts', rows: { created: 1 } });
  });
});

describe('POST /v1/imports/paste', () => {
  it('imports pasted text through the same job', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const response = await api.post('/v1/imports/paste', olga, { kind: 'leads', text: 'companyName\tfirstName\temail\nAcme\tAnna\tanna@acme.pl\n' });
    expect(response.status, response.text).toBe(202);
    expect(await settled(olga, response.body.id)).toMatchObject({ status: 'completed', origin: 'paste', rows: { created: 1 } });
  });

  it('is run once although it is queued twice (its request and the object notification): counts and errors file match the rows', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const names = Array.from({ length: 20 }, (_, i) => `Incollata ${String(i + 1).padStart(2, '0')}`);
    const vat = (i: number) => `IT${String(i + 1).padStart(11, '0')}`;
    const first = await upload(olga, { kind: 'companies' }, `legalName;vatNumber\n${names.map((name, i) => `${name};${vat(i)}`).join('\n')}\n`);
    expect(await settled(olga, first)).toMatchObject({ rows: { created: 20 } });
    await companies(olga, 20);
    // Every row takes a little while, so two runs of the job would overlap on the same chunks.
    const worked = new Map<number, number>();
    fault = async (line) => {
      worked.set(line, (worked.get(line) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const text = `legalName;vatNumber;website\n${names.map((name, i) => `${name};${vat(i)};https://${i + 1}.example.it/`).join('\n')}\n`;
    const response = await api.post('/v1/imports/paste', olga, { kind: 'companies', mode: 'update', matchOn: 'vatNumber', text });
    expect(response.status, response.text).toBe(202);
    const job = await settled(olga, response.body.id);
    expect(job).toMatchObject({ status: 'completed', rows: { total: 20, processed: 20, updated: 20, unchanged: 0, rejected: 0 } });
    expect([...worked.values()].every((times) => times === 1), JSON.stringify([...worked])).toBe(true);
    expect(worked.size).toBe(20);
    const errors = await api.get(`/v1/imports/${response.body.id}/errors`, olga);
    expect(errors.status).toBe(200);
    expect(errors.text).toBe('line;legalName;vatNumber;website;reason\r\n');
  });
});

describe('POST /v1/imports/{id}/cancel', () => {
  /** Starts an upload job and runs `during` after line `at` of the file was imported (chunks of 2 rows). */
  const uploadAndInterrupt = async (token: string, rows: number, at: number, during: (id: string) => Promise<void>) => {
    const started = await api.post('/v1/imports', token, { kind: 'companies' });
    expect(started.status, started.text).toBe(201);
    const id = started.body.id as string;
    let interrupted = false;
    fault = async (line) => {
      if (line !== at || interrupted) return;
      interrupted = true;
      await during(id);
    };
    const csv = `legalName\n${Array.from({ length: rows }, (_, i) => `Annullata ${i + 1}`).join('\n')}\n`;
    const put = await fetch(started.body.uploadUrl, { method: 'PUT', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(put.status).toBe(200);
    return id;
  };

  it('stops the running worker after its chunk; the records created stay, and a revert removes them', async () => {
    const { olga, rita } = await tenantWith(stack, 'imp');
    // Line 4 is the first row of the second chunk (lines 4-5): the worker finishes that chunk, records it, stops.
    const id = await uploadAndInterrupt(olga, 8, 4, async (job) => {
      expectProblem(await api.post(`/v1/imports/${job}/cancel`, rita), 404);
      const cancelled = await api.post(`/v1/imports/${job}/cancel`, olga);
      expect(cancelled.status, cancelled.text).toBe(200);
      expect(cancelled.body).toMatchObject({ id: job, status: 'cancelled', endedAt: expect.any(String) });
    });
    const job = await settled(olga, id);
    expect(job).toMatchObject({ status: 'cancelled', rows: { total: 8, processed: 4, created: 4, rejected: 0 } });
    expect((await companies(olga, 4)).map((c) => c.legalName).sort()).toEqual(['Annullata 1', 'Annullata 2', 'Annullata 3', 'Annullata 4']);

    // Cancelling again changes nothing.
    const again = await api.post(`/v1/imports/${id}/cancel`, olga);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'cancelled', version: job.version });

    const reverted = await api.post(`/v1/imports/${id}/revert`, olga);
    expect(reverted.body).toMatchObject({ records: 4 });
    expect(await settled(olga, id)).toMatchObject({ status: 'reverted' });
    await companies(olga, 0);
  });

  it('a revert asked for while a chunk is under way removes that chunk’s records too', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const id = await uploadAndInterrupt(olga, 8, 4, async (job) => {
      expect((await api.post(`/v1/imports/${job}/cancel`, olga)).status).toBe(200);
      expect((await api.post(`/v1/imports/${job}/revert`, olga)).status).toBe(202);
    });
    // The revert removed the recorded chunk (lines 2-3); the worker could not record lines 4-5 and removed them.
    expect(await settled(olga, id)).toMatchObject({ status: 'reverted', rows: { processed: 2, created: 2 } });
    await companies(olga, 0);
  });

  it('a finished import cannot be cancelled (409)', async () => {
    const { olga } = await tenantWith(stack, 'imp');
    const id = await upload(olga, { kind: 'companies' }, 'legalName\nFinita\n');
    expect(await settled(olga, id)).toMatchObject({ status: 'completed' });
    expectProblem(await api.post(`/v1/imports/${id}/cancel`, olga), 409);
  });
});

describe('POST /v1/imports/{id}/revert', () => {
  it('removes the records the import created (lists, search, VAT claims) and says updates stay', async () => {
    const { olga, rita } = await tenantWith(stack, 'imp');
    const id = await upload(olga, { kind: 'companies' }, 'legalName;vatNumber\nAlfa;IT01234567897\nBeta;\nGamma;\n');
    expect(await settled(olga, id)).toMatchObject({ rows: { created: 3 } });
    await companies(olga, 3);

    expect((await api.post(`/v1/imports/${id}/revert`, rita)).status).toBe(404);
    const reverted = await api.post(`/v1/imports/${id}/revert`, olga);
    expect(reverted.status, reverted.text).toBe(202);
    expect(reverted.body).toMatchObject({ id, records: 3, note: expect.stringMatching(/updated keep/) });
    expect(await settled(olga, id)).toMatchObject({ status: 'reverted', revertRequested: true });
    await companies(olga, 0);
    const search = await api.get('/v1/companies?q=Alfa', olga);
    expect(search.body.items).toHaveLength(0);

    // The VAT number is free again: importing the same file creates the records anew.
    const again = await upload(olga, { kind: 'companies' }, 'legalName;vatNumber\nAlfa;IT01234567897\n');
    expect(await settled(olga, again)).toMatchObject({ rows: { created: 1, rejected: 0 } });
    // Reverting twice changes nothing.
    expect((await api.post(`/v1/imports/${id}/revert`, olga)).status).toBe(202);
    expect(await settled(olga, id)).toMatchObject({ status: 'reverted' });
  });
});
