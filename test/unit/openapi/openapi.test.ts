import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSchemaCollector, openApiDocument, pathPlaceholders } from '../../../contract/openapi.ts';
import type { OpenApiDocument } from '../../../contract/openapi.ts';
import { routes } from '../../../contract/routes.ts';
import type { RouteDefinition } from '../../../contract/routes.ts';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const rec = (value: unknown): Json => {
  if (!isRecord(value)) throw new Error(`Expected an object, got ${JSON.stringify(value)}`);
  return value;
};
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const allRoutes: readonly RouteDefinition[] = routes;
const doc = openApiDocument();
const raw = doc as unknown as Json;

/** Follows a local JSON pointer; `undefined` when it leads nowhere. */
const resolvePointer = (root: unknown, ref: string): unknown => {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const token of ref.slice(2).split('/')) {
    const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isRecord(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
};

const deref = (value: unknown): Json => {
  let node = rec(value);
  for (let hops = 0; typeof node.$ref === 'string'; hops++) {
    if (hops > 10) throw new Error('Reference loop');
    node = rec(resolvePointer(raw, node.$ref));
  }
  return node;
};

/** Every value in a JSON tree with its JSON path. */
const walk = (value: unknown, visit: (node: unknown, path: string) => void, path = '#'): void => {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, index) => walk(item, visit, `${path}/${index}`));
  else if (isRecord(value)) for (const [key, child] of Object.entries(value)) walk(child, visit, `${path}/${key}`);
};

const operationOf = (route: RouteDefinition, document: Json = raw): Json =>
  rec(rec(rec(document.paths)[route.path])[route.method.toLowerCase()]);

const routeById = (operationId: string): RouteDefinition => {
  const route = allRoutes.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`No route ${operationId}`);
  return route;
};

const parametersOf = (operation: Json): Json[] => arr(operation.parameters).map(deref);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// ---------------------------------------------------------------------------------------------
// A structural check of the OpenAPI 3.1 rules (fixed fields, required fields, key patterns,
// parameter and path-template rules, security references), without a validator dependency.

const validateOpenApi31 = (document: Json): string[] => {
  const problems: string[] = [];
  const fail = (where: string, message: string) => problems.push(`${where}: ${message}`);
  const onlyKeys = (where: string, value: Json, allowed: readonly string[]) => {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key) && !key.startsWith('x-')) fail(where, `unknown field ${key}`);
    }
  };
  const isString = (value: unknown) => typeof value === 'string';
  const derefIn = (value: unknown): Json => {
    let node = isRecord(value) ? value : {};
    for (let hops = 0; hops < 10 && typeof node.$ref === 'string'; hops++) {
      const target = resolvePointer(document, node.$ref);
      if (!isRecord(target)) return {};
      node = target;
    }
    return node;
  };

  onlyKeys('#', document, ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs']);
  if (typeof document.openapi !== 'string' || !/^3\.1\.\d+$/.test(document.openapi)) fail('#/openapi', 'must be 3.1.x');
  const info = isRecord(document.info) ? document.info : {};
  if (!isString(info.title)) fail('#/info', 'title is required');
  if (!isString(info.version)) fail('#/info', 'version is required');
  onlyKeys('#/info', info, ['title', 'summary', 'description', 'termsOfService', 'contact', 'license', 'version']);
  if (!('paths' in document) && !('components' in document) && !('webhooks' in document)) fail('#', 'needs paths, components or webhooks');
  arr(document.servers).forEach((server, index) => {
    if (!isRecord(server) || !isString(server.url)) fail(`#/servers/${index}`, 'url is required');
  });
  const tagNames = arr(document.tags).map((tag) => (isRecord(tag) ? tag.name : undefined));
  if (new Set(tagNames).size !== tagNames.length) fail('#/tags', 'tag names must be unique');
  if (!tagNames.every(isString)) fail('#/tags', 'every tag needs a name');

  const components = isRecord(document.components) ? document.components : {};
  onlyKeys('#/components', components, [
    'schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems',
  ]);
  for (const [section, entries] of Object.entries(components)) {
    for (const key of Object.keys(isRecord(entries) ? entries : {})) {
      if (!/^[a-zA-Z0-9.\-_]+$/.test(key)) fail(`#/components/${section}`, `invalid key ${key}`);
    }
  }
  const schemes = isRecord(components.securitySchemes) ? components.securitySchemes : {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const s = isRecord(scheme) ? scheme : {};
    if (!['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'].includes(String(s.type))) fail(`#/components/securitySchemes/${name}`, 'bad type');
    if (s.type === 'http' && !isString(s.scheme)) fail(`#/components/securitySchemes/${name}`, 'http needs scheme');
  }
  const checkSecurity = (where: string, value: unknown) => {
    if (value === undefined) return;
    if (!Array.isArray(value)) return fail(where, 'security must be an array');
    value.forEach((requirement, index) => {
      for (const [name, scopes] of Object.entries(isRecord(requirement) ? requirement : {})) {
        if (!(name in schemes)) fail(`${where}/${index}`, `unknown security scheme ${name}`);
        if (!Array.isArray(scopes)) fail(`${where}/${index}`, 'scopes must be an array');
      }
    });
  };
  checkSecurity('#/security', document.security);

  const checkMedia = (where: string, content: unknown) => {
    if (!isRecord(content) || Object.keys(content).length === 0) return fail(where, 'content must be a non-empty map');
    for (const [type, media] of Object.entries(content)) {
      if (!/^[\w.+-]+\/[\w.+*-]+$/.test(type)) fail(where, `bad media type ${type}`);
      if (isRecord(media)) onlyKeys(`${where}/${type}`, media, ['schema', 'example', 'examples', 'encoding']);
    }
  };

  const operationIds = new Set<string>();
  const templates = new Map<string, string>();
  for (const [path, item] of Object.entries(isRecord(document.paths) ? document.paths : {})) {
    const where = `#/paths/${path}`;
    if (!path.startsWith('/')) fail(where, 'path must start with /');
    const template = path.replace(/\{[^}]+\}/g, '{}');
    if (templates.has(template)) fail(where, `same template as ${templates.get(template)}`);
    templates.set(template, path);
    const pathItem = isRecord(item) ? item : {};
    onlyKeys(where, pathItem, ['$ref', 'summary', 'description', 'servers', 'parameters', ...METHODS]);
    const placeholders = pathPlaceholders(path);
    for (const method of METHODS) {
      if (!(method in pathItem)) continue;
      const operation = isRecord(pathItem[method]) ? pathItem[method] : {};
      const at = `${where}/${method}`;
      onlyKeys(at, operation, [
        'tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'callbacks', 'deprecated', 'security', 'servers',
      ]);
      if (isString(operation.operationId)) {
        if (operationIds.has(operation.operationId as string)) fail(at, `duplicate operationId ${String(operation.operationId)}`);
        operationIds.add(operation.operationId as string);
      }
      const parameters = [...arr(pathItem.parameters), ...arr(operation.parameters)].map(derefIn);
      const seen = new Set<string>();
      for (const parameter of parameters) {
        const name = String(parameter.name);
        const key = `${String(parameter.in)}:${parameter.in === 'header' ? name.toLowerCase() : name}`;
        if (seen.has(key)) fail(at, `duplicate parameter ${key}`);
        seen.add(key);
        if (!['query', 'header', 'path', 'cookie'].includes(String(parameter.in))) fail(at, `parameter ${name}: bad in`);
        if (('schema' in parameter) === ('content' in parameter)) fail(at, `parameter ${name}: needs exactly one of schema and content`);
        if (parameter.in === 'path' && parameter.required !== true) fail(at, `path parameter ${name} must be required`);
        if (parameter.in === 'path' && !placeholders.includes(name)) fail(at, `path parameter ${name} is not in the template`);
        if (parameter.in === 'header' && ['accept', 'content-type', 'authorization'].includes(name.toLowerCase())) {
          fail(at, `header parameter ${name} is ignored by OpenAPI`);
        }
        onlyKeys(`${at}/parameters/${name}`, parameter, [
          'name', 'in', 'description', 'required', 'deprecated', 'allowEmptyValue', 'style', 'explode', 'allowReserved', 'schema', 'example', 'examples', 'content',
        ]);
      }
      for (const name of placeholders) if (!seen.has(`path:${name}`)) fail(at, `placeholder {${name}} has no path parameter`);
      if (operation.requestBody !== undefined) {
        const body = derefIn(operation.requestBody);
        onlyKeys(`${at}/requestBody`, body, ['description', 'content', 'required']);
        checkMedia(`${at}/requestBody/content`, body.content);
      }
      const responses = isRecord(operation.responses) ? operation.responses : {};
      if (Object.keys(responses).length === 0) fail(at, 'responses must not be empty');
      for (const [status, value] of Object.entries(responses)) {
        if (!/^(default|[1-5](\d\d|XX))$/.test(status)) fail(at, `bad response key ${status}`);
        const response = derefIn(value);
        onlyKeys(`${at}/responses/${status}`, response, ['description', 'headers', 'content', 'links']);
        if (!isString(response.description)) fail(`${at}/responses/${status}`, 'description is required');
        if (response.content !== undefined) checkMedia(`${at}/responses/${status}/content`, response.content);
        for (const [name, header] of Object.entries(isRecord(response.headers) ? response.headers : {})) {
          if (name.toLowerCase() === 'content-type') fail(`${at}/responses/${status}`, 'Content-Type header is ignored');
          const h = derefIn(header);
          if (('schema' in h) === ('content' in h)) fail(`${at}/responses/${status}/headers/${name}`, 'needs exactly one of schema and content');
          if ('name' in h || 'in' in h) fail(`${at}/responses/${status}/headers/${name}`, 'a header object has no name/in');
        }
      }
      checkSecurity(`${at}/security`, operation.security);
    }
  }

  // JSON Schema (2020-12) objects: no OpenAPI 3.0-isms, valid types, `required` names that exist.
  const types = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
  walk(document, (node, path) => {
    if (!isRecord(node) || !/\/schema(s\/[^/]+)?(\/|$)/.test(path)) return;
    if ('nullable' in node && typeof node.nullable === 'boolean') fail(path, '`nullable` is OpenAPI 3.0; use type: [..., "null"]');
    if (typeof node.exclusiveMinimum === 'boolean' || typeof node.exclusiveMaximum === 'boolean') fail(path, 'boolean exclusive bounds are draft-04');
    const type = node.type;
    if (type !== undefined && typeof type !== 'object') {
      if (!types.includes(String(type))) fail(path, `bad type ${String(type)}`);
    }
    if (Array.isArray(type) && !type.every((t) => types.includes(String(t)))) fail(path, `bad type ${JSON.stringify(type)}`);
    if (Array.isArray(node.required) && isRecord(node.properties) && node.additionalProperties === false) {
      for (const name of node.required) if (!(String(name) in node.properties)) fail(path, `required ${String(name)} is not a property`);
    }
  });
  return problems;
};

// ---------------------------------------------------------------------------------------------

describe('openApiDocument', () => {
  it('is a structurally valid OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Cronaca API');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(validateOpenApi31(raw)).toEqual([]);
  });

  it('the structural check catches broken documents', () => {
    const broken = structuredClone(raw);
    const paths = rec(broken.paths);
    const take = rec(rec(paths['/v1/tickets/{id}/take']).post);
    take.parameters = arr(take.parameters).filter((p) => !(isRecord(p) && p.in === 'path'));
    rec(rec(paths['/health']).get).responses = { 200: {} };
    rec(rec(paths['/v1/tickets']).get).security = [{ nope: [] }];
    const problems = validateOpenApi31(broken);
    expect(problems.some((p) => p.includes('placeholder {id}'))).toBe(true);
    expect(problems.some((p) => p.includes('description is required'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown security scheme nope'))).toBe(true);
  });

  it('describes the conventions in info.description', () => {
    for (const topic of ['cursor', 'nextCursor', 'problem+json', 'ETag', 'If-Match', 'Idempotency-Key', 'tenant', 'restricted', '412', '409']) {
      expect(doc.info.description).toContain(topic);
    }
  });

  it('has every route of contract/routes.ts, with its operationId, method, summary and tag', () => {
    const operations = Object.values(doc.paths).flatMap((item) => METHODS.filter((m) => m in item));
    expect(operations).toHaveLength(allRoutes.length);
    for (const route of allRoutes) {
      const operation = operationOf(route);
      expect(operation.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      expect(operation.summary).toBe(route.summary);
      expect(operation.tags).toEqual([route.tag]);
    }
    expect(doc.tags.map((tag) => tag.name)).toEqual([...new Set(allRoutes.map((route) => route.tag))]);
  });

  it('secures jwt routes with bearerAuth and answers 401/403; public routes have no security', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const route of allRoutes) {
      const operation = operationOf(route);
      const responses = rec(operation.responses);
      if (route.auth === 'jwt') {
        expect(operation.security, route.operationId).toEqual([{ bearerAuth: [] }]);
        expect(responses).toHaveProperty('401');
        expect(responses).toHaveProperty('403');
      } else {
        expect(operation.security, route.operationId).toEqual([]);
        expect(responses).not.toHaveProperty('401');
      }
    }
  });

  it('resolves every $ref to an existing component, and leaves no JSON Schema $defs behind', () => {
    const refs: string[] = [];
    walk(raw, (node, path) => {
      if (!isRecord(node)) return;
      expect(node, path).not.toHaveProperty('$defs');
      expect(node, path).not.toHaveProperty('$schema');
      if ('$ref' in node) {
        expect(typeof node.$ref, path).toBe('string');
        refs.push(node.$ref as string);
        expect(node.$ref as string, path).toMatch(/^#\/components\/(schemas|responses|parameters|headers)\/[A-Za-z0-9._-]+$/);
        expect(resolvePointer(raw, node.$ref as string), `${path} -> ${String(node.$ref)}`).toBeDefined();
      }
    });
    expect(refs.length).toBeGreaterThan(0);
  });

  it('puts the schemas with .meta({ id }) in components.schemas under that id', () => {
    const ids = new Set<string>(['Problem']);
    for (const route of allRoutes) {
      for (const schema of [route.body, route.response.schema]) {
        const id = schema ? z.globalRegistry.get(schema)?.id : undefined;
        if (typeof id === 'string') ids.add(id);
      }
    }
    for (const id of ['OpenTicket', 'CommentTicket', 'ChangeTicketStatus', 'Assignee', 'Ticket', 'TicketListItem', 'History', 'HistoryEntry', 'RebuildJob']) {
      ids.add(id);
    }
    for (const id of ids) expect(Object.keys(doc.components.schemas)).toContain(id);
    expect(operationOf(routeById('getTicket')).responses).toMatchObject({
      200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Ticket' } } } },
    });
    expect(deref(doc.components.schemas.History).properties).toMatchObject({
      items: { type: 'array', items: { $ref: '#/components/schemas/HistoryEntry' } },
    });
  });

  it('publishes the schemas of the files a route produces (the JSON report) as components of their own', () => {
    const published = allRoutes.flatMap((route) => route.publishes ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const schema of published) {
      const id = z.globalRegistry.get(schema)?.id;
      expect(typeof id, 'a published schema needs .meta({ id })').toBe('string');
      expect(Object.keys(doc.components.schemas)).toContain(id);
    }
    const report = deref(doc.components.schemas.CompanyHistoryReport);
    expect(report.required).toEqual(expect.arrayContaining(['schemaVersion', 'company', 'records', 'entries']));
  });

  it('declares exactly the path parameters of each template, required, in order', () => {
    for (const route of allRoutes) {
      const placeholders = pathPlaceholders(route.path);
      const path = parametersOf(operationOf(route)).filter((parameter) => parameter.in === 'path');
      expect(path.map((parameter) => parameter.name), route.operationId).toEqual(placeholders);
      for (const parameter of path) expect(parameter.required).toBe(true);
      // The contract itself: a `params` schema names exactly the placeholders.
      const declared = route.params ? Object.keys(rec(rec(z.toJSONSchema(route.params, { io: 'input' })).properties)) : [];
      expect(declared.sort(), `${route.operationId} params vs ${route.path}`).toEqual([...placeholders].sort());
    }
  });

  it('derives query parameters from the query schema (input side: defaults, coercion, optionality)', () => {
    const parameters = parametersOf(operationOf(routeById('listTickets')));
    const byName = new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    expect([...byName.keys()]).toEqual(['view', 'status', 'assignee', 'group', 'company', 'priority', 'type', 'limit', 'cursor']);
    expect(byName.get('limit')).toEqual({
      name: 'limit',
      in: 'query',
      required: false,
      schema: { default: 50, type: 'integer', minimum: 1, maximum: 200 },
    });
    expect(byName.get('view')).toMatchObject({
      required: false,
      description: 'open = every ticket not closed',
      schema: { type: 'string', enum: ['open', 'closed'], default: 'open' },
    });
    expect(rec(byName.get('view')?.schema)).not.toHaveProperty('description');
    const asOf = parametersOf(operationOf(routeById('getTicket'))).find((p) => p.name === 'asOf');
    expect(asOf).toMatchObject({ in: 'query', required: false, schema: { type: 'string', format: 'date-time' } });
  });

  it('documents the custom-field filters of the directory lists as one templated cf.<key> parameter', () => {
    for (const id of ['listCompanies', 'listContacts', 'listLeads']) {
      const cf = parametersOf(operationOf(routeById(id))).find((p) => p.name === 'cf.<key>');
      expect(cf, id).toMatchObject({ in: 'query', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 } });
    }
    expect(parametersOf(operationOf(routeById('listTickets'))).map((p) => p.name)).not.toContain('cf.<key>');
  });

  it('describes the openTicket body: required companyId and subject, no other properties', () => {
    const body = rec(operationOf(routeById('openTicket')).requestBody);
    expect(body.required).toBe(true);
    const schema = deref(rec(rec(rec(body.content)['application/json']).schema));
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['companyId', 'subject']));
    expect(schema.required).not.toContain('contactId');
    expect(schema.additionalProperties).toBe(false);
    expect(rec(schema.properties).companyId).toMatchObject({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$' });
    expect(rec(schema.properties).assignee).toEqual({ anyOf: [{ $ref: '#/components/schemas/Assignee' }, { type: 'null' }] });
  });

  it('uses the input side for request bodies (a defaulted field is optional) and marks optional bodies', () => {
    const comment = deref(rec(rec(rec(rec(operationOf(routeById('commentTicket')).requestBody).content)['application/json']).schema));
    expect(comment.required).toEqual(['body']);
    expect(rec(comment.properties).visibility).toMatchObject({ default: 'public' });
    for (const id of ['takeTicket', 'closeTicket', 'reopenTicket', 'rebuildProjections']) {
      expect(rec(operationOf(routeById(id)).requestBody).required, id).toBe(false);
    }
    for (const id of ['openTicket', 'commentTicket', 'assignTicket', 'changeTicketStatus']) {
      expect(rec(operationOf(routeById(id)).requestBody).required, id).toBe(true);
    }
  });

  it('uses the output side for responses (every field of the view is required)', () => {
    const ticket = deref(doc.components.schemas.Ticket);
    expect(ticket.required).toEqual(Object.keys(rec(ticket.properties)));
    // zod's safe-integer bounds for .int() are dropped
    expect(rec(ticket.properties).number).toEqual({ type: 'integer' });
  });

  it('adds Idempotency-Key to every POST, If-Match and 412 to concurrency commands (not creates), ETag/Location to success responses', () => {
    for (const route of allRoutes) {
      const operation = operationOf(route);
      const headers = parametersOf(operation).filter((p) => p.in === 'header').map((p) => p.name);
      const responses = rec(operation.responses);
      const success = deref(responses[String(route.response.status)]);
      expect(headers.includes('Idempotency-Key'), route.operationId).toBe(route.method === 'POST');
      // creates (201) have no version to match: If-Match applies to commands on an existing record
      const command = route.method !== 'GET' && route.concurrency === true && route.response.status !== 201;
      expect(headers.includes('If-Match'), route.operationId).toBe(command);
      expect('412' in responses, route.operationId).toBe(command);
      expect(Object.keys(rec(success.headers ?? {})).includes('ETag'), route.operationId).toBe(route.concurrency === true);
      expect(Object.keys(rec(success.headers ?? {})).includes('Location'), route.operationId).toBe(route.response.status === 201);
      expect(success.description).toBe(route.response.description);
    }
  });

  it('answers errors as application/problem+json with the Problem schema', () => {
    expect(doc.components.schemas.Problem).toMatchObject({ type: 'object', required: ['type', 'title', 'status'] });
    const statuses = new Set<string>();
    for (const route of allRoutes) {
      for (const [status, value] of Object.entries(rec(operationOf(route).responses))) {
        if (Number(status) < 400) continue;
        statuses.add(status);
        expect(deref(value).content, `${route.operationId} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
    }
    expect([...statuses].sort()).toEqual(['400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '503']);
    // Only the routes that call the identity provider before answering may answer 503.
    expect(allRoutes.filter((route) => '503' in rec(operationOf(route).responses)).map((route) => route.operationId).sort()).toEqual(['registerUser', 'updateUser']);
    const open = rec(operationOf(routeById('openTicket')).responses);
    expect(Object.keys(open).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429']);
    const take = rec(operationOf(routeById('takeTicket')).responses);
    expect(Object.keys(take).sort()).toEqual(['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '429']);
    const list = rec(operationOf(routeById('listTickets')).responses);
    expect(Object.keys(list).sort()).toEqual(['200', '400', '401', '403', '429']);
  });

  it('has the success response of each route, with its content type', () => {
    const docs = deref(rec(operationOf(routeById('docs')).responses)['200']);
    expect(docs.content).toEqual({ 'text/html': { schema: { type: 'string' } } });
    const health = deref(rec(operationOf(routeById('health')).responses)['200']);
    expect(health).toEqual({ description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } });
  });

  it('is JSON-serialisable and deterministic', () => {
    const json = JSON.stringify(doc);
    expect(JSON.parse(json)).toEqual(doc);
    walk(raw, (node, path) => {
      expect(node, path).not.toBeUndefined();
      if (typeof node === 'number') expect(Number.isFinite(node), path).toBe(true);
    });
    expect(JSON.stringify(openApiDocument())).toBe(json);
    expect(JSON.stringify(openApiDocument({ serverUrl: 'https://api.example.com' }))).toBe(
      JSON.stringify(openApiDocument({ serverUrl: 'https://api.example.com' })),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(Object.keys(doc.components.schemas).sort());
  });

  it('lists the server when given one, and none otherwise', () => {
    expect(doc.servers).toBeUndefined();
    const withServer: OpenApiDocument = openApiDocument({ serverUrl: 'https://api.example.com' });
    expect(withServer.servers).toEqual([{ url: 'https://api.example.com' }]);
  });
});

describe('createSchemaCollector', () => {
  it('names the input variant <id>Input when an id converts differently on each side', () => {
    const Settings = z.strictObject({ mode: z.enum(['a', 'b']).default('a') }).meta({ id: 'OpenApiTestSettings' });
    const Wrapper = z.object({ settings: Settings });
    const collector = createSchemaCollector();
    expect(collector.convert(Wrapper, 'output')).toMatchObject({ properties: { settings: { $ref: '#/components/schemas/OpenApiTestSettings' } } });
    expect(collector.convert(Settings, 'input')).toEqual({ $ref: '#/components/schemas/OpenApiTestSettingsInput' });
    expect(collector.convert(Settings, 'output')).toEqual({ $ref: '#/components/schemas/OpenApiTestSettings' });
    const schemas = collector.schemas();
    expect(Object.keys(schemas)).toEqual(['OpenApiTestSettings', 'OpenApiTestSettingsInput']);
    expect(schemas.OpenApiTestSettings?.required).toEqual(['mode']);
    expect(schemas.OpenApiTestSettingsInput?.required).toBeUndefined();
  });

  it('shares one component when both sides convert the same', () => {
    const Tag = z.strictObject({ name: z.string() }).meta({ id: 'OpenApiTestTag' });
    const collector = createSchemaCollector();
    collector.convert(z.strictObject({ tag: Tag }), 'input');
    collector.convert(z.object({ tags: z.array(Tag) }), 'output');
    expect(Object.keys(collector.schemas())).toEqual(['OpenApiTestTag']);
  });

  it('keeps zod semantics for plain z.object: open on the input side, closed on the output side', () => {
    // zod strips unknown keys of a plain object, so its input accepts them; a strictObject rejects them.
    const Loose = z.object({ name: z.string() }).meta({ id: 'OpenApiTestLoose' });
    const collector = createSchemaCollector();
    collector.convert(Loose, 'output');
    collector.convert(Loose, 'input');
    const schemas = collector.schemas();
    expect(schemas.OpenApiTestLoose?.additionalProperties).toBe(false);
    expect(schemas.OpenApiTestLooseInput).not.toHaveProperty('additionalProperties');
  });

  it('resolves references between extracted schemas inside the collected components', () => {
    const Leaf = z.strictObject({ v: z.number() }).meta({ id: 'OpenApiTestLeaf' });
    const Branch = z.strictObject({ leaf: Leaf, leaves: z.array(Leaf).optional() }).meta({ id: 'OpenApiTestBranch' });
    const collector = createSchemaCollector();
    expect(collector.convert(z.strictObject({ branch: Branch.nullable() }), 'input')).toEqual({
      type: 'object',
      properties: { branch: { anyOf: [{ $ref: '#/components/schemas/OpenApiTestBranch' }, { type: 'null' }] } },
      required: ['branch'],
      additionalProperties: false,
    });
    expect(collector.schemas().OpenApiTestBranch?.properties).toEqual({
      leaf: { $ref: '#/components/schemas/OpenApiTestLeaf' },
      leaves: { type: 'array', items: { $ref: '#/components/schemas/OpenApiTestLeaf' } },
    });
  });
});
