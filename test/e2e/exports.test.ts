import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJobQueue } from '../../adapters/queue/job-queue.ts';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { readCsv, type CsvRecord } from '../../import/csv/read-csv.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { testDependencies } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

/**
 * Exports end to end on DynamoDB Local and this file's own S3 emulator: `POST /v1/exports` queues the
 * job, the import worker (in process) writes the CSV to the drop bucket in parts, `GET
 * /v1/exports/{id}` hands out the link. The round trips import the downloaded file back in update
 * mode and prove it changes nothing.
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
  // Parts of 256 bytes (S3 wants 5 MiB; the emulator takes any size): the files below go up in several parts.
  // Pages of 2 records: every export reads several pages.
  imports = await startLocalImports(s3, { exports: { partBytes: 256, pageSize: 2 } });
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  await s3?.stop();
});

const italianUser = async (tenant: string, userId: string) => {
  await registerUser(tenant, userId, { locale: 'it' });
  const people = new ReadModelPeopleDirectory(testDependencies().readModels);
  await eventually(async () => expect((await people.user(tenant, userId))?.locale).toBe('it'));
};

const requestExport = async (token: string, body: unknown) => {
  const response = await api.post('/v1/exports', token, body);
  expect(response.status, response.text).toBe(202);
  expect(response.headers.get('location')).toBe(`/v1/exports/${response.body.id}`);
  return response.body.id as string;
};

const finished = async (token: string, path: string) =>
  eventually(async () => {
    await localJobQueue.drain();
    const response = await api.get(path, token);
    expect(response.status, response.text).toBe(200);
    expect(['completed', 'failed', 'reverted', 'cancelled']).toContain(response.body.status);
    return response.body;
  }, 30_000);

const download = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
};

const records = async (bytes: Uint8Array) => {
  const csv = readCsv((async function* () { yield bytes; })(), {});
  const rows: CsvRecord[] = [];
  for await (const record of csv.records) rows.push(record);
  return { detected: await csv.detected, rows };
};

/** Waits until the list shows `count` records (projection lag), returns them. */
const listed = (token: string, path: string, count: number) =>
  eventually(async () => {
    const response = await api.get(path, token);
    expect(response.body.items).toHaveLength(count);
    return response.body.items as { id: string; version: number }[];
  }, 15_000);

const versions = async (token: string, kind: string, ids: readonly string[]) =>
  Promise.all(ids.map(async (id) => [id, (await api.get(`/v1/${kind}/${id}`, token)).body.version as number] as const));

/** PUTs the file to a new update-mode import and waits for the job to finish. */
const importBack = async (token: string, body: Record<string, unknown>, bytes: Uint8Array) => {
  const started = await api.post('/v1/imports', token, body);
  expect(started.status, started.text).toBe(201);
  const put = await fetch(started.body.uploadUrl, { method: 'PUT', body: bytes, headers: { 'content-type': 'text/csv' } });
  expect(put.status).toBe(200);
  return finished(token, `/v1/imports/${started.body.id}`);
};

describe('POST /v1/exports', () => {
  it('writes the filtered list as CSV: the template columns in the requester’s language, BOM, neutralised formulas; GET gives a 5-minute link', async () => {
    const { tenant, olga } = await tenantWith(stack, 'exp');
    await italianUser(tenant, 'olga');
    await created(api, '/v1/companies', olga, { legalName: '=HYPERLINK("http://evil")', tags: ['vip'], phones: [{ type: 'main', number: '+39 02 1234567' }] });
    await created(api, '/v1/companies', olga, { legalName: 'Società Łódź Győr S.r.l.', tags: ['vip'] });
    await created(api, '/v1/companies', olga, { legalName: 'Caffè Ferrè', tags: ['vip', 'nord'] });
    await created(api, '/v1/companies', olga, { legalName: 'Altro', tags: ['altro'] });
    await listed(olga, '/v1/companies?tag=vip', 3);

    const id = await requestExport(olga, { kind: 'companies', filter: { tag: 'vip' } });
    const job = await finished(olga, `/v1/exports/${id}`);
    expect(job).toMatchObject({ id, kind: 'companies', filter: { tag: 'vip', sort: 'name' }, locale: 'it', status: 'completed', rows: 3, failure: null });
    expect(job.endedAt).toEqual(expect.any(String));
    expect(job.download).toMatchObject({ url: expect.stringContaining('X-Amz-Expires=300'), expiresAt: expect.any(String), filename: expect.stringMatching(/^companies-\d{4}-\d{2}-\d{2}\.csv$/) });

    const { response, bytes } = await download(job.download.url);
    expect(response.headers.get('content-disposition')).toContain(`filename="${job.download.filename}"`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(bytes.byteLength).toBe(job.bytes);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^\ufeffCodice;Ragione sociale;Tipo;Partita IVA;/);
    expect(lines.filter((line) => line !== '')).toHaveLength(4);
    // The formula and the phone number are neutralised, accents intact.
    const formula = lines.find((line) => line.includes('HYPERLINK'))!;
    expect(formula).toMatch(/^C\d{6};"'=HYPERLINK\(""http:\/\/evil""\)";client;/);
    expect(formula).toContain(";'+39 02 1234567;");
    expect(lines).toContainEqual(expect.stringMatching(/^C\d{6};Caffè Ferrè;client;/));
    expect(lines).toContainEqual(expect.stringMatching(/^C\d{6};Società Łódź Győr S\.r\.l\.;client;/));
  });

  it("a restricted user's export holds only what their list shows", async () => {
    const { olga, rita } = await tenantWith(stack, 'exp');
    await created(api, '/v1/companies', olga, { legalName: 'Di Rita', responsibleUserId: 'rita' });
    await created(api, '/v1/companies', olga, { legalName: 'Di nessuno' });
    await created(api, '/v1/companies', olga, { legalName: 'Di Olga', responsibleUserId: 'olga' });
    await listed(olga, '/v1/companies', 3);
    await listed(rita, '/v1/companies', 2);

    const id = await requestExport(rita, { kind: 'companies' });
    const job = await finished(rita, `/v1/exports/${id}`);
    expect(job).toMatchObject({ status: 'completed', rows: 2, locale: 'en' });
    const { detected, rows } = await records((await download(job.download.url)).bytes);
    expect(detected.delimiter).toBe(',');
    expect(rows.map((row) => row.fields[1])).toEqual(['Di nessuno', 'Di Rita']);
  });

  it('hides an export from colleagues (404); managers and admins read it', async () => {
    const { tenant, admin, olga, rita } = await tenantWith(stack, 'exp');
    const colleague = await stack.token('otto', { tenant, role: 'standard', groups: [] });
    const manager = await stack.token('mara', { tenant, role: 'manager', groups: [] });
    const id = await requestExport(olga, { kind: 'leads', filter: { mine: 'true' } });
    await finished(olga, `/v1/exports/${id}`);
    expectProblem(await api.get(`/v1/exports/${id}`, colleague), 404);
    expectProblem(await api.get(`/v1/exports/${id}`, rita), 404);
    expectProblem(await api.get('/v1/exports/nothing-here', olga), 404);
    for (const token of [manager, admin]) expect((await api.get(`/v1/exports/${id}`, token)).body).toMatchObject({ id, status: 'completed', rows: 0, filter: { mine: true } });
  });

  it('refuses a bad kind or filter (400 naming the field), before queuing anything', async () => {
    const { olga } = await tenantWith(stack, 'exp');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'tickets' }), 400, 'body.kind');
    expectProblem(await api.post('/v1/exports', olga, {}), 400, 'body.kind');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'companies', filter: { colour: 'red' } }), 400, 'body.filter.colour');
    // Search is not a filter: an export is the whole filtered list.
    expectProblem(await api.post('/v1/exports', olga, { kind: 'companies', filter: { q: 'rossi' } }), 400, 'body.filter.q');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'companies', filter: { mine: 'maybe' } }), 400, 'body.filter.mine');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'leads', filter: { tag: 'x'.repeat(51) } }), 400, 'body.filter.tag');
    // A value only the list query checks.
    expectProblem(await api.post('/v1/exports', olga, { kind: 'contacts', filter: { phone: 'abc' } }), 400, 'body.filter.phone');
    expectProblem(await api.post('/v1/exports', olga, { kind: 'companies', filter: { limit: '5' } }), 400, 'body.filter.limit');
  });
});

describe('export → import round trip', () => {
  it('companies: the exported file imported back in update mode (match on code) changes nothing', async () => {
    const { tenant, admin, olga } = await tenantWith(stack, 'rt');
    await italianUser(tenant, 'olga');
    const put = async (path: string, body: unknown) => expect((await api.call('PUT', path, { token: admin, body })).status).toBe(200);
    await put('/v1/settings/custom-fields/company', {
      fields: [
        { key: 'founded', label: 'Founded', labels: { it: 'Fondata il' }, type: 'date' },
        { key: 'revenue', label: 'Revenue', labels: { it: 'Fatturato' }, type: 'number' },
        { key: 'listed', label: 'Listed', type: 'boolean' },
      ],
    });
    const companies = [
      {
        legalName: 'Società Łódź Győr S.r.l.',
        vatNumber: 'IT01234567897',
        addresses: [{ type: 'registered', street: 'Via "Roma" 12\nScala B, interno 3', postcode: '20121', city: 'Milano', region: 'MI', country: 'IT' }],
        phones: [
          { type: 'main', number: '+39 02 1234567' },
          { type: 'main', number: '02 7654321' },
          { type: 'mobile', number: '+39 333 1234567' },
        ],
        emails: [
          { type: 'work', address: 'info@lodz-gyor.it' },
          { type: 'work', address: 'amministrazione@lodz-gyor.it' },
        ],
        website: 'www.lodz-gyor.it',
        tags: ['vip', 'estero'],
        segments: ['Edilizia'],
        accountManagers: ['olga'],
        customFields: { founded: '1987-03-04', revenue: 1234567.89, listed: true },
      },
      { legalName: '=SOMMA(A1;A2) Srl', kind: 'supplier', area: 'Nord', customFields: { revenue: -0.5, listed: false } },
      { legalName: '+Bianchi & Figli', aliases: ['Bianchi'], responsibleUserId: 'olga', phones: [{ type: 'office_fax', number: '+39 011 555666' }] },
      { legalName: 'Győr Kft.', vatNumber: 'HU12345678', addresses: [{ type: 'registered', city: 'Győr', country: 'HU' }], customFields: { founded: '2001-12-31' } },
      { legalName: 'Senza niente' },
    ];
    for (const body of companies) await created(api, '/v1/companies', olga, body);
    const ids = (await listed(olga, '/v1/companies', companies.length)).map((item) => item.id);
    const before = await versions(olga, 'companies', ids);

    const id = await requestExport(olga, { kind: 'companies' });
    const job = await finished(olga, `/v1/exports/${id}`);
    expect(job).toMatchObject({ status: 'completed', rows: companies.length });
    const { bytes } = await download(job.download.url);
    // Several parts of 256 bytes: the file went up as a multipart upload.
    expect(bytes.byteLength).toBeGreaterThan(3 * 256);

    const imported = await importBack(olga, { kind: 'companies', mode: 'update', matchOn: 'code' }, bytes);
    expect(imported).toMatchObject({
      status: 'completed',
      rows: { total: companies.length, processed: companies.length, created: 0, updated: 0, unchanged: companies.length, rejected: 0 },
    });
    expect(await versions(olga, 'companies', ids)).toEqual(before);

    // The same file with one value changed updates that record only.
    const edited = new TextDecoder().decode(bytes).replace('Senza niente', 'Senza niente, ora con nome');
    const update = await importBack(olga, { kind: 'companies', mode: 'update', matchOn: 'code' }, new TextEncoder().encode(edited));
    expect(update).toMatchObject({ status: 'completed', rows: { updated: 1, unchanged: companies.length - 1, rejected: 0 } });
  });

  it('contacts: the exported file imported back in update mode (match on e-mail) changes nothing', async () => {
    const { admin, olga } = await tenantWith(stack, 'rt');
    expect((await api.call('PUT', '/v1/settings/custom-fields/contact', { token: admin, body: { fields: [{ key: 'birthday', label: 'Birthday', type: 'date' }, { key: 'score', label: 'Score', type: 'number' }] } })).status).toBe(200);
    const company = await created(api, '/v1/companies', olga, { legalName: 'Kowalski Sp. z o.o.' });
    const contacts = [
      {
        firstName: 'Łukasz',
        lastName: 'Żółć',
        position: 'CEO',
        emails: [{ type: 'work', address: 'lukasz@kowalski.pl' }, { type: 'work', address: 'biuro@kowalski.pl' }],
        phones: [{ type: 'work', number: '+48 22 123 45 67' }, { type: 'mobile', number: '+48 600 100 200' }],
        address: { street: 'ul. Piotrkowska 1\nlokal 2', postcode: '90-001', city: 'Łódź', country: 'PL' },
        companyId: company.id,
        tags: ['decisore'],
        customFields: { birthday: '1980-02-29', score: 7.25 },
      },
      { firstName: '=Zsófia', lastName: 'Kovács', emails: [{ type: 'work', address: 'zsofia@example.hu' }], accountManagers: ['olga'] },
      { lastName: '@Rossi', emails: [{ type: 'work', address: 'rossi@example.it' }], customFields: { score: -3 } },
    ];
    for (const body of contacts) await created(api, '/v1/contacts', olga, body);
    const ids = (await listed(olga, '/v1/contacts', contacts.length)).map((item) => item.id);
    const before = await versions(olga, 'contacts', ids);

    const id = await requestExport(olga, { kind: 'contacts' });
    const job = await finished(olga, `/v1/exports/${id}`);
    expect(job).toMatchObject({ status: 'completed', rows: contacts.length });
    const imported = await importBack(olga, { kind: 'contacts', mode: 'update', matchOn: 'email' }, (await download(job.download.url)).bytes);
    expect(imported).toMatchObject({ status: 'completed', rows: { processed: contacts.length, updated: 0, unchanged: contacts.length, rejected: 0 } });
    expect(await versions(olga, 'contacts', ids)).toEqual(before);
  });
});

describe('export → import round trip of rich records', () => {
  const choices = { type: 'multichoice', options: ['Edilizia', 'A|B', 'C;D', '=Formula'] };
  const richFields = [
    { key: 'note', label: 'Note', labels: { it: 'Nota' }, type: 'text' },
    { key: 'sectors', label: 'Sectors', labels: { it: 'Settori' }, ...choices },
    { key: 'size', label: 'Size', type: 'choice', options: ['S', 's', 'M|L'] },
    { key: 'listed', label: 'Listed', type: 'boolean' },
    { key: 'founded', label: 'Founded', type: 'date' },
    { key: 'revenue', label: 'Revenue', type: 'number' },
  ];
  const richValues = { note: '  spazi | e; punti  ', sectors: ['C;D', 'A|B', '=Formula'], size: 's', listed: false, founded: '2024-02-29', revenue: -1234.5 };
  const awkwardLabels = ['a|b', 'c;d', '=SOMMA(A1;A2)', "'+apostrofo", 'Łódź "Győr"', 'back\\slash|'];
  const phones = [
    { type: 'landline', number: '+39 02 1110001' },
    { type: 'mobile', number: '+39 333 1110002' },
    { type: 'home_fax', number: '+39 02 1110003' },
    { type: 'main', number: '+39 02 1110004' },
    { type: 'other', number: '-39 02 1110005' },
    { type: 'office_fax', number: '+39 02 1110006' },
    { type: 'work', number: '(02) 111-0007' },
  ];
  const emails = (name: string) => [
    { type: 'billing', address: `fatture|${name}@example.it` },
    { type: 'work', address: `${name}@example.it` },
    { type: 'support', address: `=help;${name}@example.it` },
  ];

  /** Exports the kind as the user, imports the file back in update mode; returns the file and the import job. */
  const exportAndImportBack = async (token: string, kind: string, matchOn: string, rows: number, edit = (text: string) => text) => {
    const id = await requestExport(token, { kind });
    const job = await finished(token, `/v1/exports/${id}`);
    expect(job).toMatchObject({ status: 'completed', rows });
    const text = new TextDecoder().decode((await download(job.download.url)).bytes);
    const imported = await importBack(token, { kind, mode: 'update', matchOn }, new TextEncoder().encode(edit(text)));
    return { text, imported };
  };

  const richTenant = async () => {
    const { tenant, admin, olga } = await tenantWith(stack, 'rich');
    await italianUser(tenant, 'olga');
    for (const entity of ['company', 'contact', 'lead']) {
      const response = await api.call('PUT', `/v1/settings/custom-fields/${entity}`, { token: admin, body: { fields: richFields } });
      expect(response.status, response.text).toBe(200);
    }
    const company = await created(api, '/v1/companies', olga, {
      legalName: '=Rossi; "Impianti" | S.r.l.',
      aliases: awkwardLabels,
      kind: 'supplier',
      vatNumber: 'IT01234567897',
      addresses: [
        { type: 'office', street: 'Via Roma 1', city: 'Milano', country: 'IT' },
        { type: 'registered', street: 'Corso Italia 2\nScala B', postcode: '10100', city: 'Torino', region: 'TO', country: 'IT' },
        { type: 'shipping', street2: 'Magazzino; retro', city: 'Łódź', country: 'PL' },
      ],
      phones,
      emails: emails('rossi'),
      categories: awkwardLabels.slice(0, 3),
      segments: awkwardLabels.slice(3),
      tags: awkwardLabels,
      accountManagers: ['olga'],
      customFields: richValues,
    });
    const contact = await created(api, '/v1/contacts', olga, {
      firstName: 'Zsófia',
      lastName: '+Kovács; "Zsófi"',
      position: 'CEO | Founder',
      phones: [...phones].reverse(),
      emails: emails('zsofia'),
      address: { street: 'Fő utca 1', postcode: '9021', city: 'Győr', country: 'HU' },
      companyId: company.id,
      tags: awkwardLabels,
      customFields: richValues,
    });
    const lead = await created(api, '/v1/leads', olga, {
      companyName: 'Łódź | Budowa; Sp. z o.o.',
      firstName: 'Łukasz',
      lastName: '@Żółć',
      phones: [phones[3], phones[1], phones[0], phones[6], phones[2]],
      emails: [emails('lukasz')[2]!, emails('lukasz')[0]!, emails('lukasz')[1]!],
      address: { street: 'ul. Piotrkowska 1', city: 'Łódź', country: 'PL' },
      website: 'www.budowa.pl',
      tags: awkwardLabels,
      customFields: richValues,
    });
    await listed(olga, '/v1/companies', 1);
    await listed(olga, '/v1/contacts', 1);
    await listed(olga, '/v1/leads', 1);
    return { olga, company, contact, lead };
  };

  const view = async (token: string, path: string) => {
    const response = await api.get(path, token);
    expect(response.status).toBe(200);
    return response.body as Record<string, unknown>;
  };

  it('a company with 3 addresses, phones of every type in any order and 3 e-mails, a contact and a lead as rich: imported back, nothing is appended', async () => {
    const { olga, company, contact, lead } = await richTenant();
    const records = [
      ['companies', 'code', `/v1/companies/${company.id}`],
      ['contacts', 'email', `/v1/contacts/${contact.id}`],
      ['leads', 'email', `/v1/leads/${lead.id}`],
    ] as const;
    for (const [kind, matchOn, path] of records) {
      const before = await view(olga, path);
      const { text, imported } = await exportAndImportBack(olga, kind, matchOn, 1);
      expect(imported, kind).toMatchObject({ status: 'completed', rows: { processed: 1, created: 0, updated: 0, unchanged: 1, rejected: 0 } });
      expect(await view(olga, path), kind).toEqual(before);
      // The list values went out escaped, each phone in the column of its type.
      expect(text).toContain('a\\|b|c\\;d|');
      expect(text).toContain('back\\\\slash\\|');
    }
  });

  it('a converted lead (which refuses changes) imports back unchanged', async () => {
    const { olga } = await tenantWith(stack, 'rich');
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Convertita | S.r.l.', lastName: 'Neri', emails: emails('neri'), phones, tags: awkwardLabels });
    const conversion = await api.post(`/v1/leads/${lead.id}/convert`, olga, { skipDuplicateCheck: true });
    expect(conversion.status, conversion.text).toBe(200);
    await listed(olga, '/v1/leads', 1);
    const before = await view(olga, `/v1/leads/${lead.id}`);
    const { imported } = await exportAndImportBack(olga, 'leads', 'email', 1);
    expect(imported).toMatchObject({ status: 'completed', rows: { unchanged: 1, rejected: 0 } });
    expect(await view(olga, `/v1/leads/${lead.id}`)).toEqual(before);
  });

  it('one cell edited in the exported file changes that value and nothing else on the record', async () => {
    const { olga, company, contact, lead } = await richTenant();

    // A company's phone: the number changes, its type (other) and place stay; the other columns' phones too.
    const companyBefore = await view(olga, `/v1/companies/${company.id}`);
    const companyImport = await exportAndImportBack(olga, 'companies', 'code', 1, (text) => {
      expect(text.split('-39 02 1110005')).toHaveLength(2);
      return text.replace('-39 02 1110005', '-39 02 1110055');
    });
    expect(companyImport.imported).toMatchObject({ status: 'completed', rows: { updated: 1, unchanged: 0, rejected: 0 } });
    const companyAfter = await view(olga, `/v1/companies/${company.id}`);
    expect(companyAfter).toEqual({
      ...companyBefore,
      phones: phones.map((p) => (p.type === 'other' ? { type: 'other', number: '-39 02 1110055' } : p)),
      version: (companyBefore['version'] as number) + 1,
      updatedAt: companyAfter['updatedAt'],
    });

    // A contact's city: its other address lines stay.
    const contactBefore = await view(olga, `/v1/contacts/${contact.id}`);
    const contactImport = await exportAndImportBack(olga, 'contacts', 'email', 1, (text) => text.replace('Győr', 'Sopron'));
    expect(contactImport.imported).toMatchObject({ status: 'completed', rows: { updated: 1, rejected: 0 } });
    const contactAfter = await view(olga, `/v1/contacts/${contact.id}`);
    expect(contactAfter).toEqual({
      ...contactBefore,
      address: { street: 'Fő utca 1', postcode: '9021', city: 'Sopron', country: 'HU' },
      version: (contactBefore['version'] as number) + 1,
      updatedAt: contactAfter['updatedAt'],
    });

    // A lead's tag holding a separator (written escaped): the other tags and their order stay.
    const leadBefore = await view(olga, `/v1/leads/${lead.id}`);
    const leadImport = await exportAndImportBack(olga, 'leads', 'email', 1, (text) => text.replace('a\\|b|c\\;d', 'a\\|z|c\\;d'));
    expect(leadImport.imported).toMatchObject({ status: 'completed', rows: { updated: 1, rejected: 0 } });
    const leadAfter = await view(olga, `/v1/leads/${lead.id}`);
    expect(leadAfter).toEqual({
      ...leadBefore,
      tags: awkwardLabels.map((tag) => (tag === 'a|b' ? 'a|z' : tag)),
      version: (leadBefore['version'] as number) + 1,
      updatedAt: leadAfter['updatedAt'],
    });
  });
});
