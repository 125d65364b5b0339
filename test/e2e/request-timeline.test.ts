import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * Customer requests on `GET /v1/companies/{id}/timeline`, written through the request routes and
 * carried by the stream and the projector (projections/requests/request-timeline.ts); a type the
 * tenant added to `request-types` is taken by a request and a deactivated one refused.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

interface Entry {
  kind: string;
  event: string;
  source: { type: string; id: string };
  summary: Record<string, unknown>;
}

const timeline = async (token: string, companyId: string): Promise<Entry[]> => {
  const response = await api.get(`/v1/companies/${companyId}/timeline`, token);
  expect(response.status, response.text).toBe(200);
  return response.body.items;
};

/** Request entries only, as `<number>:<action>`, newest first. */
const requests = (entries: Entry[]) => entries.filter((e) => e.kind === 'request').map((e) => `${String(e.summary.number)}:${String(e.summary.action)}`);

describe('customer requests on the company timeline', () => {
  it("shows a request's life on its company, a restricted user only the requests they could see, a tenant's own request type", async () => {
    const users = await tenantWith(stack, 'rtl');
    const manager = await stack.token('mara', { tenant: users.tenant, role: 'manager', groups: [] });
    const acme = (await created(api, '/v1/companies', users.admin, { legalName: 'Acme Srl' })).id as string;

    // The tenant adds "warranty" and stops taking meeting requests.
    const types = ['commercial', 'support', 'reminder', 'meeting_request', 'other'].map((value) => (value === 'meeting_request' ? { value, active: false } : { value }));
    const catalogue = await api.call('PUT', '/v1/settings/catalogs/request-types', { token: users.admin, body: { entries: [...types, { value: 'warranty' }] } });
    expect(catalogue.status, catalogue.text).toBe(200);
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme, description: 'Meet us', requestType: 'meeting_request' }), 422, 'body.requestType');

    const first = await created(api, '/v1/requests', users.olga, { companyId: acme, description: 'The printer jams', requestType: 'support', channel: 'phone' });
    const id = first.id as string;
    const step = async (method: 'POST' | 'PATCH', path: string, token: string, body: Record<string, unknown>) => {
      const response = await api.call(method, path, { token, body });
      expect(response.status, response.text).toBe(200);
    };
    await step('POST', `/v1/requests/${id}/responsible`, users.olga, { userId: 'tom' });
    await step('PATCH', `/v1/requests/${id}`, users.olga, { requestType: 'warranty' });
    await step('POST', `/v1/requests/${id}/close`, users.olga, { outcome: 'replaced under warranty' });
    await step('POST', `/v1/requests/${id}/reopen`, manager, { reason: 'jams again' });
    // rita (restricted) registers one for tom: hers to see, as the request is.
    await created(api, '/v1/requests', users.rita, { companyId: acme, description: 'Toner order', requestType: 'commercial', responsibleId: 'tom' });

    await eventually(async () =>
      expect(requests(await timeline(users.olga, acme))).toEqual(['2:registered', '1:reopened', '1:closed', '1:edited', '1:responsible', '1:registered']),
    );
    const entries = (await timeline(users.olga, acme)).filter((e) => e.kind === 'request');
    expect(entries[0]).toMatchObject({ event: 'RequestRegistered', source: { type: 'request' }, summary: { number: 2, responsibleId: 'tom', requestType: 'commercial' } });
    expect(entries[2]).toMatchObject({ event: 'RequestClosed', source: { type: 'request', id }, summary: { requestId: id, outcome: 'replaced under warranty', closed: true } });
    expect(entries[3]).toMatchObject({ summary: { action: 'edited', requestType: 'warranty' } });
    expect(entries[4]).toMatchObject({ summary: { action: 'responsible', from: null, to: 'tom' } });
    // What the timeline shows is not the reader's access data.
    expect(JSON.stringify(entries)).not.toContain('requestAccess');

    // rita saw request 1 while nobody was responsible for it, and request 2 is one she registered.
    expect(requests(await timeline(users.rita, acme))).toEqual(['2:registered', '1:registered']);
  });

  it('shows a generated meeting on the company twice — the request\'s document entry and the activity it is — and the close of the same commit', async () => {
    const users = await tenantWith(stack, 'rtg');
    const acme = (await created(api, '/v1/companies', users.admin, { legalName: 'Acme Srl' })).id as string;
    const request = await created(api, '/v1/requests', users.olga, {
      companyId: acme,
      description: 'Wants a demo of the new line\nat their plant',
      requestType: 'meeting_request',
      responsibleId: 'tom',
    });
    const generated = await api.post(`/v1/requests/${String(request.id)}/generate`, users.olga, {
      document: 'meeting',
      start: '2031-05-06T09:00:00+02:00',
      end: '2031-05-06T10:00:00+02:00',
      close: true,
      outcome: 'demo booked',
    });
    expect(generated.status, generated.text).toBe(201);
    const meeting = generated.body.document as { id: string; reference: string };

    await eventually(async () => {
      const entries = await timeline(users.olga, acme);
      expect(requests(entries)).toEqual(['1:closed', '1:document', '1:registered']);
      expect(entries.filter((e) => e.kind === 'activity').map((e) => e.source.id)).toEqual([meeting.id]);
    });
    const entries = await timeline(users.olga, acme);
    expect(entries.find((e) => e.summary.action === 'document')).toMatchObject({
      event: 'RequestDocumentGenerated',
      summary: { requestId: request.id, document: { kind: 'meeting', id: meeting.id, reference: meeting.reference }, closed: false },
    });
    expect(entries.find((e) => e.kind === 'activity')).toMatchObject({ summary: { type: 'meeting', subject: 'Wants a demo of the new line' } });
    expect(entries.find((e) => e.summary.action === 'closed')).toMatchObject({ summary: { outcome: 'demo booked', closed: true } });
  });
});
