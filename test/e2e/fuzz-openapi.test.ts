import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { recordingQueue } from '../support/webhook-fixtures.ts';
import {
  fieldPaths,
  hostileJson,
  hostileTexts,
  nestedArray,
  plausible,
  prng,
  replaced,
  tamperedCursors,
  type Json,
  type Prng,
  type Schema,
} from '../support/fuzz-values.ts';

/**
 * Every operation of the published `/openapi.json`, sent hostile input — bad path ids, tampered list
 * cursors, bad query values, bodies of the wrong shape, deep, huge or with unknown fields, bad headers —
 * as an administrator, a restricted user and nobody. Never a 5xx; every 4xx is problem+json; every
 * 400 and 422 names its fields as `<location>.<field path>`. Deterministic: one seed, no clock.
 */

const seed = 0x11c0ffee;
/** Requests per operation at most (a seeded sample of its cases), and in flight at once. */
const casesPerOperation = 80;
const concurrency = 6;

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly { name: string; in: string; schema?: Schema }[];
  readonly body: Schema | undefined;
}

interface Case {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  readonly as: 'admin' | 'restricted' | 'nobody';
  readonly what: string;
}

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let document: Schema;
const tenant = uniqueTenant('fuzz');
const tokens: Record<'admin' | 'restricted', string> = { admin: '', restricted: '' };
/** An existing record per collection (the first segment after /v1/), so that the other inputs of a case are valid. */
const existing: Record<string, string> = {};
/** A real cursor per list operation. */
const cursors: Record<string, string> = {};
/** The lists the setup fills beyond one page. */
const seededLists = ['listCompanies', 'listContacts', 'listLeads', 'listTickets', 'listUsers', 'listGroups', 'getCompanyTimeline', 'getContactTimeline', 'getLeadTimeline', 'listQuotes'];

const conventionalPath = /^(path|query|body|header)(\.[^.]+)*$/;

const posted = async (path: string, body: Record<string, unknown>): Promise<string> => {
  const response = await api.post(path, tokens.admin, body);
  expect(response.status, `${path}: ${response.text}`).toBe(201);
  return response.body.id as string;
};

const operationsOf = (doc: Schema): Operation[] => {
  const components = doc['components'] as { parameters?: Record<string, Schema> };
  return Object.entries(doc['paths'] as Record<string, Record<string, Schema>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const parameters = ((operation['parameters'] ?? []) as Schema[]).map((parameter) =>
        typeof parameter['$ref'] === 'string' ? components.parameters![(parameter['$ref'] as string).split('/').pop()!]! : parameter,
      ) as unknown as Operation["parameters"];
      const content = (operation['requestBody'] as Schema | undefined)?.['content'] as Record<string, { schema: Schema }> | undefined;
      return { method: method.toUpperCase(), path, operationId: operation['operationId'] as string, parameters, body: content?.['application/json']?.schema };
    }),
  );
};

const collectionOf = (path: string): string => path.split('/')[2] ?? '';

/** The path with its placeholders filled: `overrides` where given, else an existing id. */
const pathWith = (operation: Operation, overrides: Record<string, string> = {}): string =>
  operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in overrides) return encodeURIComponent(overrides[name]!);
    if (name === 'id') return existing[collectionOf(operation.path)] ?? 'no-such-record';
    if (name === 'name') return 'ticket-priorities';
    if (name === 'entity') return 'company';
    if (name === 'kind') return 'companies';
    return 'x';
  });

const casesOf = (operation: Operation, random: Prng): Case[] => {
  const as = (): Case['as'] => (random.next() < 0.1 ? 'nobody' : random.next() < 0.5 ? 'admin' : 'restricted');
  const base = { method: operation.method, path: pathWith(operation) };
  const cases: Case[] = [];
  const id = existing[collectionOf(operation.path)] ?? 'no-such-record';

  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    for (const value of ['a#b', ...random.sample(hostileTexts, 7)]) {
      cases.push({ ...base, path: pathWith(operation, { [parameter.name]: value }), as: as(), what: `path ${parameter.name}=${JSON.stringify(value.slice(0, 20))}` });
    }
  }
  const query = operation.parameters.filter((p) => p.in === 'query');
  for (const parameter of query) {
    const values = parameter.name === 'cursor' ? random.sample(tamperedCursors(cursors[operation.operationId], random), 14) : random.sample(hostileTexts, 4);
    for (const value of values) cases.push({ ...base, query: { [parameter.name]: value }, as: as(), what: `query ${parameter.name}=${JSON.stringify(value.slice(0, 20))}` });
  }
  if (operation.method === 'GET') {
    cases.push({ ...base, query: { unknownParameter: 'x', 'cf.Bad Key': 'x', 'cf.sector': 'a#b' }, as: as(), what: 'query unknown' });
  }

  if (operation.body) {
    const plausibleBody = plausible(document, operation.body, random, id);
    const json = (value: Json, what: string, extra: Partial<Case> = {}): Case => ({ ...base, body: JSON.stringify(value), as: as(), what, ...extra });
    cases.push(json(plausibleBody, 'body plausible'));
    for (const root of [null, [], 'x', 42, nestedArray(3000), { unknownField: 1 }] as Json[]) cases.push(json(root, `body ${JSON.stringify(root).slice(0, 20)}`));
    cases.push({ ...base, body: '{"a":', as: as(), what: 'body truncated JSON' });
    cases.push({ ...base, body: 'x'.repeat(300 * 1024), as: as(), what: 'body 300 KiB' });
    cases.push({ ...base, body: JSON.stringify(plausibleBody), contentType: 'text/plain', as: as(), what: 'body as text/plain' });
    for (const path of random.sample(fieldPaths(plausibleBody).filter((p) => p.length > 0), 12)) {
      for (const value of random.sample(hostileJson(random), 3)) {
        cases.push(json(replaced(plausibleBody, path, value), `body.${path.join('.')}=${JSON.stringify(value)?.slice(0, 20)}`));
      }
    }
  }
  if (operation.method === 'POST') {
    for (const key of [' ', 'x'.repeat(300), 'a\tb']) cases.push({ ...base, headers: { 'idempotency-key': key }, body: operation.body ? '{}' : '', as: as(), what: `idempotency-key ${key.slice(0, 10)}` });
  }
  if (operation.parameters.some((p) => p.name === 'If-Match')) {
    for (const tag of ['"x"', 'W/"1"', '"-1"', '"99999999999999999999"', '*']) cases.push({ ...base, headers: { 'if-match': tag }, body: '{}', as: as(), what: `if-match ${tag}` });
  }
  return random.sample(cases, casesPerOperation);
};

const send = async (request: Case) => {
  const search = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
  const headers: Record<string, string> = { ...request.headers };
  if (request.as !== 'nobody') headers.authorization = `Bearer ${tokens[request.as]}`;
  if (request.body !== undefined && request.body !== '') headers['content-type'] = request.contentType ?? 'application/json';
  const response = await fetch(`${stack.url}${request.path}${search}`, {
    method: request.method,
    headers,
    ...(request.body !== undefined && request.body !== '' && request.method !== 'GET' ? { body: request.body } : {}),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
};

/** What is wrong with the answer, if anything. */
const defectOf = (response: { status: number; type: string; text: string }): string | undefined => {
  if (response.status >= 500) return `${response.status}: ${response.text.slice(0, 300)}`;
  if (response.status < 400) return undefined;
  if (!/^application\/problem\+json/.test(response.type)) return `${response.status} as ${response.type}`;
  if (response.status !== 400 && response.status !== 422) return undefined;
  const errors = (JSON.parse(response.text) as { errors?: { path: string }[] }).errors;
  if (!errors?.length) return `${response.status} without errors[]: ${response.text.slice(0, 200)}`;
  const unconventional = errors.map((error) => error.path).filter((path) => !conventionalPath.test(path));
  return unconventional.length ? `${response.status} with paths ${unconventional.join(', ')}` : undefined;
};

beforeAll(async () => {
  // Test events and redeliveries are queued: a recording queue stands for SQS (no local engine).
  stack = await startLocalStack({ webhookQueue: recordingQueue() });
  api = apiClient(stack.url);
  tokens.admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  tokens.restricted = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
  document = (await api.get('/openapi.json')).body as Schema;

  for (const name of ['Alfa', 'Beta']) {
    existing['companies'] = await posted('/v1/companies', { legalName: `${name} S.r.l.` });
    existing['contacts'] = await posted('/v1/contacts', { firstName: name, lastName: 'Rossi', companyId: existing['companies'] });
    existing['leads'] = await posted('/v1/leads', { companyName: `${name} Lead` });
    existing['tickets'] = await posted('/v1/tickets', { companyId: existing['companies'], subject: `Help ${name}` });
    existing['users'] = await posted('/v1/users', { name: `${name} User`, email: `${name.toLowerCase()}@fuzz.example.com`, timezone: 'Europe/Rome', locale: 'it', role: 'standard' });
    existing['groups'] = await posted('/v1/groups', { name: `${name} Group` });
    existing['activities'] = await posted('/v1/activities', { type: 'call', subject: `Call ${name}`, dueOn: '2027-03-01' });
    existing['quotes'] = await posted('/v1/quotes', {
      party: { kind: 'company', id: existing['companies'] },
      operatorId: 'ada',
      validFrom: '2098-01-01',
      validUntil: '2098-12-31',
      amount: '100',
      description: `Offer ${name}`,
    });
    existing['requests'] = await posted('/v1/requests', { companyId: existing['companies'], description: `Call ${name} back`, responsibleId: 'ada' });
  }
  existing['webhooks'] = await posted('/v1/webhooks', { url: 'http://127.0.0.1:9/fuzz' });
  // Two deliveries in its log: a real cursor to tamper with.
  for (let i = 0; i < 2; i += 1) expect((await api.post(`/v1/webhooks/${existing['webhooks']}/test`, tokens.admin)).status).toBe(202);
  for (const collection of ['companies', 'contacts', 'leads']) {
    for (const text of ['First', 'Second']) await api.post(`/v1/${collection}/${existing[collection]}/notes`, tokens.admin, { body: text });
  }
  // A real cursor of every list, to edit (lists are projections: wait for the second page). The
  // lists seeded above must give one; a list this file does not seed (added later) is fuzzed with
  // made-up cursors only, rather than failing here.
  const lists = operationsOf(document).filter((operation) => operation.method === 'GET' && operation.parameters.some((p) => p.name === 'cursor'));
  await Promise.all(
    lists.map(async (operation) => {
      const seeded = seededLists.includes(operation.operationId);
      const cursor = eventually(async () => {
        const response = await api.get(`${pathWith(operation)}?limit=1`, tokens.admin);
        expect(response.body?.nextCursor, `${operation.operationId}: ${response.text}`).toEqual(expect.any(String));
        return response.body.nextCursor as string;
      }, seeded ? 90_000 : 5_000);
      const found = seeded ? await cursor : await cursor.catch(() => undefined);
      if (found) cursors[operation.operationId] = found;
    }),
  );
  expect(Object.keys(cursors)).toEqual(expect.arrayContaining(seededLists));
});
afterAll(async () => stack?.stop());

describe('every operation of /openapi.json, hostile input', () => {
  it('never answers 5xx; every 4xx is problem+json; 400 and 422 name fields as <location>.<field path>', async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(50);
    const random = prng(seed);
    const cases = operations.flatMap((operation) => casesOf(operation, random).map((request) => ({ operation, request })));
    const defects: string[] = [];
    const statuses = new Map<string, Set<number>>();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const { operation, request } = cases[i]!;
        const response = await send(request);
        (statuses.get(operation.operationId) ?? statuses.set(operation.operationId, new Set()).get(operation.operationId)!).add(response.status);
        const defect = defectOf(response);
        if (defect) defects.push(`${operation.method} ${operation.path} [${request.what}, as ${request.as}] -> ${defect}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    expect(defects.toSorted().slice(0, 40), `${defects.length} defects in ${cases.length} requests`).toEqual([]);
    // Every operation was reached (each answered something), and the cases were not all refused at the door.
    expect([...statuses.keys()].toSorted()).toEqual(operations.map((operation) => operation.operationId).toSorted());
    expect([...statuses.values()].filter((seen) => [...seen].some((status) => status !== 401 && status !== 404)).length).toBeGreaterThan(operations.length / 2);
  });
});
