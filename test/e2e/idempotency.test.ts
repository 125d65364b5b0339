import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, tableNamesFromEnv } from '../../adapters/dynamodb/client.ts';
import { idempotencyKey, singletonVersion } from '../../adapters/dynamodb/event-keys.ts';
import type { Commit } from '../../adapters/dynamodb/event-store.ts';
import { routes } from '../../contract/routes.ts';
import { createActivitiesHandler } from '../../functions/http/activities.ts';
import { createIntegrationsHandler } from '../../functions/http/integrations.ts';
import { dispatcherActor } from '../../application/integrations/webhook-dispatcher.ts';
import { systemSender } from '../../events/collaboration/message-events.ts';
import { defaultTenantSettings } from '../../functions/http/activities/lookups.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import { localApiClientIssuer } from '../../local/api-client-issuer.ts';
import { LocalApiClientRegistry, memoryApiClientStore } from '../../local/api-client-registry.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { peopleOfTenants } from '../support/memory-people.ts';
import { registerUser } from '../support/people.ts';
import { recordAttempt, recordingQueue } from '../support/webhook-fixtures.ts';

/**
 * API.md: `Idempotency-Key` works on EVERY POST — the same key and body replay the first answer
 * (`Idempotent-Replayed: true`) without writing anything; the same key with another request is a 422
 * `idempotency-key-reused`. One example request per POST operation of the route table, and a
 * completeness check: a new POST route without an example here fails the suite.
 *
 * What is written is observed at the event store of the handlers (a pass-through wrapper of
 * `commit` on the real DynamoDB Local): every commit of the request's tenant, with its events.
 * No import or rebuild worker runs here; test/e2e/import-idempotency.test.ts and projection-rebuild.test.ts run the jobs.
 */

type PostOperation = Extract<(typeof routes)[number], { method: 'POST' }>['operationId'];

interface Context {
  readonly tenant: string;
  /** An admin: may do everything the examples do. */
  readonly token: string;
  readonly post: (path: string, body?: unknown) => Promise<any>;
}

interface Example {
  readonly path: string;
  readonly body?: unknown;
  /** Another request (other body or other path) sent with the same key. */
  readonly other: { readonly path: string; readonly body?: unknown };
}

type Entry = ((context: Context) => Promise<Example>) | { readonly pending: string };

const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const csv = (name: string) => `Ragione sociale;Città\n${name};Torino\n`;

const idOf = async (context: Context, path: string, body?: unknown): Promise<string> => (await context.post(path, body)).id as string;
const company = (context: Context) => idOf(context, '/v1/companies', { legalName: 'Rossi S.r.l.' });
const contact = (context: Context) => idOf(context, '/v1/contacts', { firstName: 'Anna' });
const lead = (context: Context) => idOf(context, '/v1/leads', { companyName: 'Bianchi', firstName: 'Bruno' });
const ticket = async (context: Context) => idOf(context, '/v1/tickets', { companyId: await company(context), subject: 'Broken' });
const opportunity = async (context: Context) => idOf(context, '/v1/opportunities', { title: 'Fleet', parties: [{ kind: 'company', id: await company(context) }] });
const wonOpportunity = async (context: Context) => {
  const id = await opportunity(context);
  await context.post(`/v1/opportunities/${id}/won`);
  return id;
};
const activity = (context: Context) => idOf(context, '/v1/activities', { type: 'call', subject: 'Call', dueOn: '2027-11-02' });
const pasted = (context: Context) => idOf(context, '/v1/imports/paste', { kind: 'companies', text: csv('Alfa') });
const cancelled = async (context: Context) => {
  const id = await pasted(context);
  await context.post(`/v1/imports/${id}/cancel`);
  return id;
};
const quoteBody = (companyId: string, description = 'Offer') => ({
  party: { kind: 'company', id: companyId },
  operatorId: 'ada',
  validFrom: '2027-01-10',
  // Far into the future: sending, rejecting or revising it never meets its expiry, whatever the date of the run.
  validUntil: '2999-12-31',
  lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
  description,
});
const quote = async (context: Context) => idOf(context, '/v1/quotes', quoteBody(await company(context)));
const uploadedAvatar = async (context: Context, id: string) => {
  const slot = await context.post(`/v1/contacts/${id}/avatar`, { contentType: 'image/png', size: png.length });
  const put = await fetch(slot.uploadUrl, { method: 'PUT', body: png, headers: { 'content-type': 'image/png', 'content-length': String(png.length) } });
  expect(put.status, await put.text()).toBe(200);
  return slot.key as string;
};

/** A customer request with a responsible (ada, the admin of every example), so that it can be moved, generate and close. */
const customerRequest = async (context: Context) =>
  idOf(context, '/v1/requests', { companyId: await company(context), description: 'Please call back', responsibleId: 'ada' });
const closedRequest = async (context: Context) => {
  const id = await customerRequest(context);
  await context.post(`/v1/requests/${id}/close`);
  return id;
};

/** A sent quote (valid far into the future, like every quote here). */
const sentQuote = async (context: Context) => {
  const id = await quote(context);
  await context.post(`/v1/quotes/${id}/send`);
  return id;
};

/** Each on its own ticket, contact, activity…: "another request" is the same one on another record, or another body. */
const onTwo = async (make: (context: Context) => Promise<string>, context: Context, path: (id: string) => string, body?: unknown): Promise<Example> => {
  const [one, two] = [await make(context), await make(context)];
  return { path: path(one), body, other: { path: path(two), body } };
};

/** Two messages tom sent to ada (ada registered on the log: a recipient must be an active user). */
const messagesToAda = async (context: Context): Promise<[string, string]> => {
  await registerUser(context.tenant, 'ada', { role: 'admin' });
  const tom = await stack.token('tom', { tenant: context.tenant, role: 'standard', groups: [] });
  const send = async () => (await api.post('/v1/messages', tom, { userId: 'ada', body: 'Hi' })).body.id as string;
  return [await send(), await send()];
};

/** A webhook endpoint (http to loopback: the local cloud allows it) and a finished test delivery to it. */
const webhook = (context: Context) => idOf(context, '/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
const finishedDelivery = async (context: Context) => {
  const endpointId = await webhook(context);
  const deliveryId = (await context.post(`/v1/webhooks/${endpointId}/test`)).id as string;
  await recordAttempt(dependenciesFromEnv().eventStore, context.tenant, deliveryId, 1, { attempt: 1, attemptedAt: '2027-11-02T10:00:00.000Z', outcome: 'delivered', status: 200 });
  return `/v1/webhooks/${endpointId}/deliveries/${deliveryId}/redeliver`;
};

const examples = {
  openTicket: async (c) => {
    const companyId = await company(c);
    return { path: '/v1/tickets', body: { companyId, subject: 'Broken' }, other: { path: '/v1/tickets', body: { companyId, subject: 'Still broken' } } };
  },
  takeTicket: (c) => onTwo(ticket, c, (id) => `/v1/tickets/${id}/take`),
  closeTicket: (c) => onTwo(ticket, c, (id) => `/v1/tickets/${id}/close`),
  commentTicket: async (c) => {
    const path = `/v1/tickets/${await ticket(c)}/comments`;
    return { path, body: { body: 'On it' }, other: { path, body: { body: 'Done' } } };
  },
  assignTicket: async (c) => {
    const path = `/v1/tickets/${await ticket(c)}/assign`;
    return { path, body: { userId: 'tom' }, other: { path, body: { userId: 'sam' } } };
  },
  changeTicketStatus: async (c) => {
    const id = await ticket(c);
    await c.post(`/v1/tickets/${id}/take`);
    const path = `/v1/tickets/${id}/status`;
    return { path, body: { status: 'waiting_reply' }, other: { path, body: { status: 'in_progress' } } };
  },
  reopenTicket: async (c) => {
    const id = await ticket(c);
    await c.post(`/v1/tickets/${id}/close`);
    const path = `/v1/tickets/${id}/reopen`;
    return { path, body: { reason: 'again' }, other: { path, body: { reason: 'once more' } } };
  },
  registerCompany: async () => ({ path: '/v1/companies', body: { legalName: 'Verdi S.p.A.' }, other: { path: '/v1/companies', body: { legalName: 'Neri S.p.A.' } } }),
  addCompanyNote: async (c) => {
    const path = `/v1/companies/${await company(c)}/notes`;
    return { path, body: { body: 'Called' }, other: { path, body: { body: 'Called again' } } };
  },
  bulkUpdateCompanies: async (c) => {
    const ids = [await company(c), await company(c)];
    return { path: '/v1/companies/bulk', body: { ids, action: { type: 'addTag', tag: 'vip' } }, other: { path: '/v1/companies/bulk', body: { ids, action: { type: 'addTag', tag: 'x' } } } };
  },
  createContact: async () => ({ path: '/v1/contacts', body: { firstName: 'Carla' }, other: { path: '/v1/contacts', body: { firstName: 'Dora' } } }),
  logContactInteraction: async (c) => {
    const path = `/v1/contacts/${await contact(c)}/interactions`;
    return { path, body: { channel: 'call', direction: 'inbound' }, other: { path, body: { channel: 'call', direction: 'outbound' } } };
  },
  addContactNote: async (c) => {
    const path = `/v1/contacts/${await contact(c)}/notes`;
    return { path, body: { body: 'Likes espresso' }, other: { path, body: { body: 'Likes tea' } } };
  },
  bulkUpdateContacts: async (c) => {
    const ids = [await contact(c), await contact(c)];
    return { path: '/v1/contacts/bulk', body: { ids, action: { type: 'addTag', tag: 'vip' } }, other: { path: '/v1/contacts/bulk', body: { ids, action: { type: 'addTag', tag: 'x' } } } };
  },
  requestContactAvatarUpload: async (c) => {
    const path = `/v1/contacts/${await contact(c)}/avatar`;
    return { path, body: { contentType: 'image/png', size: png.length }, other: { path, body: { contentType: 'image/png', size: png.length + 1 } } };
  },
  confirmContactAvatar: async (c) => {
    const id = await contact(c);
    const [key, otherKey] = [await uploadedAvatar(c, id), await uploadedAvatar(c, id)];
    const path = `/v1/contacts/${id}/avatar/confirm`;
    return { path, body: { key }, other: { path, body: { key: otherKey } } };
  },
  createLead: async () => ({ path: '/v1/leads', body: { companyName: 'Gialli', firstName: 'Gino' }, other: { path: '/v1/leads', body: { companyName: 'Blu', firstName: 'Bea' } } }),
  convertLead: async (c) => {
    const path = `/v1/leads/${await lead(c)}/convert`;
    return { path, body: { skipDuplicateCheck: true }, other: { path, body: { skipDuplicateCheck: true, createOpportunity: true } } };
  },
  addLeadNote: async (c) => {
    const path = `/v1/leads/${await lead(c)}/notes`;
    return { path, body: { body: 'Hot' }, other: { path, body: { body: 'Cold' } } };
  },
  bulkUpdateLeads: async (c) => {
    const ids = [await lead(c), await lead(c)];
    return { path: '/v1/leads/bulk', body: { ids, action: { type: 'addTag', tag: 'vip' } }, other: { path: '/v1/leads/bulk', body: { ids, action: { type: 'addTag', tag: 'x' } } } };
  },
  registerUser: async () => {
    const user = { name: 'Bea', email: 'bea@example.test', timezone: 'Europe/Rome', locale: 'it', role: 'standard' };
    return { path: '/v1/users', body: user, other: { path: '/v1/users', body: { ...user, email: 'bice@example.test' } } };
  },
  createGroup: async () => ({ path: '/v1/groups', body: { name: 'Sales' }, other: { path: '/v1/groups', body: { name: 'Field' } } }),
  scheduleActivity: async () => {
    const body = { type: 'call', subject: 'Call back', dueOn: '2027-11-02' };
    return { path: '/v1/activities', body, other: { path: '/v1/activities', body: { ...body, dueOn: '2027-11-03' } } };
  },
  rescheduleActivity: async (c) => {
    const path = `/v1/activities/${await activity(c)}/reschedule`;
    return { path, body: { dueOn: '2027-11-04' }, other: { path, body: { dueOn: '2027-11-05' } } };
  },
  changeActivityStatus: async (c) => {
    const path = `/v1/activities/${await activity(c)}/status`;
    return { path, body: { status: 'in_progress' }, other: { path, body: { status: 'not_done' } } };
  },
  assignActivity: async (c) => {
    const path = `/v1/activities/${await activity(c)}/assign`;
    return { path, body: { userId: 'tom' }, other: { path, body: { userId: 'sam' } } };
  },
  copyActivity: async (c) => {
    const path = `/v1/activities/${await activity(c)}/copy`;
    return { path, body: { dueOn: '2027-11-09' }, other: { path, body: { dueOn: '2027-11-10' } } };
  },
  completeActivity: async (c) => {
    const path = `/v1/activities/${await activity(c)}/complete`;
    return { path, body: { outcome: 'ordered' }, other: { path, body: { outcome: 'no order' } } };
  },
  acceptQuote: (c) => onTwo(sentQuote, c, (id) => `/v1/quotes/${id}/accept`, { note: 'signed' }),
  startImport: async () => ({ path: '/v1/imports', body: { kind: 'companies' }, other: { path: '/v1/imports', body: { kind: 'contacts' } } }),
  pasteImport: async () => ({
    path: '/v1/imports/paste',
    body: { kind: 'companies', text: csv('Alfa') },
    other: { path: '/v1/imports/paste', body: { kind: 'companies', text: csv('Beta') } },
  }),
  cancelImport: (c) => onTwo(pasted, c, (id) => `/v1/imports/${id}/cancel`),
  revertImport: (c) => onTwo(cancelled, c, (id) => `/v1/imports/${id}/revert`),
  draftQuote: async (c) => {
    const companyId = await company(c);
    return { path: '/v1/quotes', body: quoteBody(companyId), other: { path: '/v1/quotes', body: quoteBody(companyId, 'Another offer') } };
  },
  sendQuote: (c) => onTwo(quote, c, (id) => `/v1/quotes/${id}/send`),
  rejectQuote: async (c) => {
    const path = `/v1/quotes/${await sentQuote(c)}/reject`;
    return { path, body: { reason: 'price' }, other: { path, body: { reason: 'timing' } } };
  },
  reviseQuote: (c) => onTwo(sentQuote, c, (id) => `/v1/quotes/${id}/revise`),
  startExport: async () => ({ path: '/v1/exports', body: { kind: 'companies' }, other: { path: '/v1/exports', body: { kind: 'contacts' } } }),
  // Pending: issue 11 item 7 makes the rebuild a job (202 + status) and gives it its idempotency on
  // that branch; until it is merged the route is the synchronous one. Listed here so that the
  // completeness check keeps naming it.
  // No body: the other request is the same route with an (empty) body.
  openOpportunity: async (c) => {
    const parties = [{ kind: 'company', id: await company(c) }];
    return { path: '/v1/opportunities', body: { title: 'Fleet', parties }, other: { path: '/v1/opportunities', body: { title: 'Vans', parties } } };
  },
  winOpportunity: (c) => onTwo(opportunity, c, (id) => `/v1/opportunities/${id}/won`, { note: 'signed' }),
  loseOpportunity: async (c) => {
    const path = `/v1/opportunities/${await opportunity(c)}/lost`;
    return { path, body: { reason: 'price' }, other: { path, body: { reason: 'timing' } } };
  },
  reopenOpportunity: (c) => onTwo(wonOpportunity, c, (id) => `/v1/opportunities/${id}/reopen`),
  registerRequest: async (c) => {
    const companyId = await company(c);
    return { path: '/v1/requests', body: { companyId, description: 'Call back' }, other: { path: '/v1/requests', body: { companyId, description: 'Send a price list' } } };
  },
  assignRequestResponsible: async (c) => {
    const path = `/v1/requests/${await customerRequest(c)}/responsible`;
    return { path, body: { userId: 'tom' }, other: { path, body: { userId: 'sam' } } };
  },
  moveRequest: async (c) => {
    const path = `/v1/requests/${await customerRequest(c)}/status`;
    return { path, body: { status: 'in_progress' }, other: { path, body: { status: 'completed' } } };
  },
  generateFromRequest: async (c) => {
    const path = `/v1/requests/${await customerRequest(c)}/generate`;
    return { path, body: { document: 'ticket' }, other: { path, body: { document: 'ticket', subject: 'Another' } } };
  },
  closeRequest: (c) => onTwo(customerRequest, c, (id) => `/v1/requests/${id}/close`, { outcome: 'answered' }),
  reopenRequest: (c) => onTwo(closedRequest, c, (id) => `/v1/requests/${id}/reopen`),
  requestCompanyReport: async (c) => {
    const path = `/v1/companies/${await company(c)}/reports`;
    return { path, body: { format: 'json', locale: 'it' }, other: { path, body: { format: 'csv', locale: 'it' } } };
  },
  requestQuotePdf: async (c) => {
    const path = `/v1/quotes/${await quote(c)}/pdf`;
    return { path, body: { locale: 'it' }, other: { path, body: { locale: 'pl' } } };
  },
  postBoardMessage: async () => ({ path: '/v1/board/messages', body: { body: 'Riunione alle 10' }, other: { path: '/v1/board/messages', body: { body: 'Riunione alle 11' } } }),
  pinBoardMessage: async (c) => {
    const [first, second] = await Promise.all([idOf(c, '/v1/board/messages', { body: 'Prima' }), idOf(c, '/v1/board/messages', { body: 'Seconda' })]);
    return { path: `/v1/board/messages/${first}/pin`, other: { path: `/v1/board/messages/${second}/pin` } };
  },
  unpinBoardMessage: async (c) => {
    const id = await idOf(c, '/v1/board/messages', { body: 'In evidenza' });
    await c.post(`/v1/board/messages/${id}/pin`);
    return { path: `/v1/board/messages/${id}/unpin`, other: { path: `/v1/board/messages/${id}/unpin`, body: {} } };
  },
  writeNote: async () => ({ path: '/v1/notes', body: { body: 'Chiamare Rossi' }, other: { path: '/v1/notes', body: { body: 'Chiamare Bianchi' } } }),
  // The replay answers the same client and secret (kept with the key for its day); the provider is not asked again.
  createApiClient: async () => ({ path: '/v1/api-clients', body: { name: 'ERP sync', role: 'standard' }, other: { path: '/v1/api-clients', body: { name: 'ERP sync', role: 'manager' } } }),
  createCalendarFeed: async () => ({ path: '/v1/calendar/feeds', body: { name: 'Phone' }, other: { path: '/v1/calendar/feeds', body: { name: 'Laptop', includeGroups: true } } }),
  rebuildProjections: async () => ({ path: '/v1/admin/projections/rebuild', other: { path: '/v1/admin/projections/rebuild', body: {} } }),
  sendMessage: async () => ({ path: '/v1/messages', body: { userId: 'tom', body: 'Hi' }, other: { path: '/v1/messages', body: { userId: 'sam', body: 'Hi' } } }),
  markMessageRead: async (c) => {
    const [one, two] = await messagesToAda(c);
    return { path: `/v1/messages/${one}/read`, other: { path: `/v1/messages/${two}/read` } };
  },
  createWebhook: async () => ({ path: '/v1/webhooks', body: { url: 'http://127.0.0.1:9/a' }, other: { path: '/v1/webhooks', body: { url: 'http://127.0.0.1:9/b' } } }),
  rotateWebhookSecret: (c) => onTwo(webhook, c, (id) => `/v1/webhooks/${id}/rotate-secret`),
  sendWebhookTestEvent: (c) => onTwo(webhook, c, (id) => `/v1/webhooks/${id}/test`),
  redeliverWebhook: async (c) => {
    const [one, two] = [await finishedDelivery(c), await finishedDelivery(c)];
    return { path: one, other: { path: two } };
  },
} satisfies Record<PostOperation, Entry>;

const people = peopleOfTenants();
/** Commits that reached DynamoDB, in order. */
const commits: Commit[] = [];
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  const store = dependenciesFromEnv().eventStore;
  const commit = store.commit.bind(store);
  store.commit = async (c) => {
    await commit(c);
    commits.push(c);
  };
  // Activities check assignees against the people directory: the tenants' users are given here.
  const activities = createActivitiesHandler(dependenciesFromEnv, () => ({ people: people.directory, settings: defaultTenantSettings }));
  // The integrations API with a recording webhook queue AND the local API-client issuer (the stack's own
  // registry): POST /v1/api-clients needs an identity provider, test events a queue.
  const apiClients = new LocalApiClientRegistry(memoryApiClientStore());
  const queue = recordingQueue();
  const integrations = createIntegrationsHandler(() => ({ ...dependenciesFromEnv(), webhookQueue: queue, apiClientIssuer: localApiClientIssuer(apiClients, () => stack.url) }));
  // No rebuild worker nor report renderer: a queued rebuild or report job stays queued, so what the examples write is all there is.
  stack = await startLocalStack({
    apiClients,
    handlers: { activitiesApi: activities as unknown as HttpHandler, integrationsApi: integrations as unknown as HttpHandler },
    rebuilds: false,
    reports: false,
  });
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const contextFor = async (operationId: string): Promise<Context> => {
  const tenant = uniqueTenant(`idem-${operationId.slice(0, 12).toLowerCase()}`);
  people.add(tenant, { ada: { role: 'admin' }, tom: {}, sam: {} });
  // Commands check the users they name on the users' own streams: tom and sam are registered users.
  await Promise.all([registerUser(tenant, 'tom'), registerUser(tenant, 'sam')]);
  const token = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  return {
    tenant,
    token,
    post: async (path, body) => {
      const response = await api.post(path, token, body);
      expect(response.status, `${path}: ${response.text}`).toBeLessThan(300);
      return response.body;
    },
  };
};

/**
 * The request's commits: the webhook dispatcher (in the stack, behind the stream poller) also commits in a
 * tenant with endpoints — its cursor over the tenant's earlier events (the users registered above), at
 * whatever moment the poller hands them over — and those are never the request's writes.
 */
/**
 * The writes of the requests: not those of the bus consumers reacting to the first one (the webhook
 * dispatcher, the notifier's system messages), which may land at any time after it.
 */
const writesOf = (tenant: string, from: number) => commits.slice(from).filter((c) => c.tenant === tenant && c.meta.actor !== dispatcherActor && c.meta.actor !== systemSender);
const eventsOf = (written: readonly Commit[]) => written.flatMap((c) => c.streams.flatMap((s) => s.events.map((e) => `${s.aggregateType}/${s.aggregateId}: ${e.type}`)));

describe('Idempotency-Key on every POST', () => {
  it('has an example for every POST operation of the route table', () => {
    const posts = routes.filter((route) => route.method === 'POST').map((route) => route.operationId);
    expect(Object.keys(examples).sort()).toEqual([...posts].sort());
  });

  for (const [operationId, entry] of Object.entries(examples) as [PostOperation, Entry][]) {
    if (!(typeof entry === 'function')) continue;
    const route = routes.find((r) => r.operationId === operationId)!;
    it(`${operationId}: the same key replays the first answer and writes nothing; another request with it is 422`, async () => {
      const context = await contextFor(operationId);
      const example = await entry(context);
      const key = { 'idempotency-key': `key-${operationId}` };

      const before = commits.length;
      const first = await api.post(example.path, context.token, example.body, key);
      expect(first.status, first.text).toBe(route.response.status);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // The answer is kept with the key: the first request commits (at least) that.
      expect(writesOf(context.tenant, before).length).toBeGreaterThan(0);

      const afterFirst = commits.length;
      const again = await api.post(example.path, context.token, example.body, key);
      expect(again.status, again.text).toBe(first.status);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      for (const header of ['etag', 'location', 'content-type']) expect(again.headers.get(header)).toBe(first.headers.get(header));

      const other = await api.post(example.other.path, context.token, example.other.body, key);
      expectProblem(other, 422);
      expect(other.body.type).toMatch(/idempotency-key-reused$/);

      expect(eventsOf(writesOf(context.tenant, afterFirst))).toEqual([]);
      expect(writesOf(context.tenant, afterFirst)).toHaveLength(0);
    });
  }
});

/**
 * Secrets shown once (docs/webhooks.md "Secrets", docs/api-clients.md): the idempotency item is
 * readable by every function with access to the events table, so it keeps a reference to the private
 * item holding the secret, never the secret itself; a replay reads the secret back and answers the
 * first response byte for byte all the same. The stored item is read raw from DynamoDB Local.
 */
describe('secrets shown once are not in the stored idempotency item', () => {
  const db = createDocumentClient();
  const secretField = { createWebhook: 'secret', rotateWebhookSecret: 'secret', createApiClient: 'clientSecret' } as const;
  for (const [operationId, field] of Object.entries(secretField) as [keyof typeof secretField, string][]) {
    it(`${operationId}: the item names the secret's item, and the replay still answers the secret`, async () => {
      const context = await contextFor(operationId);
      const example = await (examples[operationId] as (context: Context) => Promise<Example>)(context);
      const key = { 'idempotency-key': `secret-${operationId}` };
      const first = await api.post(example.path, context.token, example.body, key);
      expect(first.status, first.text).toBeLessThan(300);
      const secret = first.body[field] as string;
      expect(secret.length).toBeGreaterThanOrEqual(16);

      const { Item } = await db.send(
        new GetCommand({ TableName: tableNamesFromEnv().events, Key: { pk: idempotencyKey(context.tenant, `ada:${key['idempotency-key']}`), version: singletonVersion }, ConsistentRead: true }),
      );
      expect(Item?.kind).toBe('idempotency');
      const stored = JSON.stringify(Item);
      expect(stored).not.toContain(secret);
      // Not even a fragment of it (a prefix shown in a log would be a leak too).
      expect(stored).not.toContain(secret.slice(-12));

      const again = await api.post(example.path, context.token, example.body, key);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.text).toBe(first.text);
    });
  }
});
