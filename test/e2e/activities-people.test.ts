import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionGroup, provisionUser } from '../../application/administration/provision-people.ts';
import { testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

describe('activities with administration’s people directory (the deployed wiring)', () => {
  it('checks assignees against registered users and groups, and reads the calendar in the user’s timezone', async () => {
    const tenant = uniqueTenant('actp');
    const deps = testDependencies();
    const person = (userId: string, timezone: string) => ({ userId, name: userId, email: `${userId}@example.test`, timezone, locale: 'en' as const, role: 'standard' as const });
    await provisionUser(deps, tenant, person('tom', 'America/New_York'));
    await provisionUser(deps, tenant, person('olga', 'Europe/Rome'));
    await provisionGroup(deps, tenant, { groupId: 'sales', name: 'Sales', members: ['olga'] });
    const tom = await stack.token('tom', { tenant, role: 'standard', groups: [] });
    await eventually(async () => expect(await deps.people.group(tenant, 'sales')).toBeDefined());

    expectProblem(await api.post('/v1/activities', tom, { type: 'call', subject: 'x', dueOn: '2026-12-01', assignee: { userId: 'ghost' } }), 422, 'body.assignee');
    const toGroup = await api.post('/v1/activities', tom, { type: 'call', subject: 'Team call', start: '2026-12-01T15:00:00Z', end: '2026-12-01T15:30:00Z', assignee: { groupId: 'sales' } });
    expect(toGroup.status, toGroup.text).toBe(201);

    const calendar = await eventually(async () => {
      const response = await api.get('/v1/calendar?view=day&date=2026-12-01&groups=sales', tom);
      expect(response.status, response.text).toBe(200);
      expect(response.body.groups[0].items).toHaveLength(1);
      return response.body;
    });
    // Tom's day 1 December in New York: 05:00Z to 05:00Z the next day.
    expect(calendar).toMatchObject({ timezone: 'America/New_York', from: '2026-12-01T05:00:00.000Z', to: '2026-12-02T05:00:00.000Z' });
    expectProblem(await api.get('/v1/calendar?groups=nobody', tom), 422, 'query.groups');
  });

  it("takes activity types from the tenant's catalogue", async () => {
    const tenant = uniqueTenant('actc');
    const deps = testDependencies();
    await provisionUser(deps, tenant, { userId: 'ada', name: 'Ada', email: 'ada@example.test', timezone: 'Europe/Warsaw', locale: 'pl', role: 'admin' });
    const ada = await stack.token('ada', { tenant, role: 'admin', groups: [] });
    const set = await api.call('PUT', '/v1/settings/catalogs/activity-types', {
      token: ada,
      // The defaults stay (values are only ever deactivated); the tenant adds one and retires 'call'.
      body: {
        entries: [
          ...['appointment', 'meeting', 'visit', 'intervention', 'email', 'letter', 'task'].map((value) => ({ value })),
          { value: 'call', active: false },
          { value: 'wizyta' },
        ],
      },
    });
    expect(set.status, set.text).toBe(200);
    const visit = await api.post('/v1/activities', ada, { type: 'wizyta', subject: 'Wizyta', dueOn: '2026-12-01' });
    expect(visit.status, visit.text).toBe(201);
    expectProblem(await api.post('/v1/activities', ada, { type: 'call', subject: 'Telefon', dueOn: '2026-12-01' }), 422, 'body.type');
    expectProblem(await api.post('/v1/activities', ada, { type: 'party', subject: 'Impreza', dueOn: '2026-12-01' }), 422, 'body.type');
  });
});
