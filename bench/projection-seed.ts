import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import { provisionGroup, provisionUser } from '../application/administration/provision-people.ts';
import { dependenciesFromEnv } from '../functions/shared/dependencies.ts';
import { runConcurrently } from './stats.ts';

/**
 * Histories for the projection benches, written through the real HTTP API of a local stack whose
 * poller feeds no consumer (nothing is projected while seeding), then read back from the events
 * table's stream exactly as the projector receives them.
 */
export interface SeedApi {
  readonly url: string;
  token(userId: string, options: { tenant: string; role: 'admin' | 'standard' | 'restricted'; groups: string[] }): Promise<string>;
}

const post = async (api: SeedApi, token: string, path: string, body: unknown): Promise<{ id: string }> => {
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as { id: string };
};

/**
 * `n` records of every kind in one tenant, each with a follow-up command (so projections see updates,
 * timelines get entries and search satellites change): users and groups, companies (with e-mails,
 * phones, an address and tags: many search satellites), contacts, leads, tickets, activities.
 */
export const seedHistories = async (api: SeedApi, tenant: string, n: number, concurrency: number): Promise<void> => {
  const admin = await api.token('ada', { tenant, role: 'admin', groups: [] });
  const deps = dependenciesFromEnv();
  const people = { timezone: 'Europe/Rome', locale: 'it' as const, role: 'standard' as const };
  await provisionUser(deps, tenant, { userId: 'ada', name: 'Ada', email: `ada@${tenant}.example.com`, ...people, role: 'admin' });
  const indexes = Array.from({ length: n }, (_, i) => i);
  await runConcurrently(indexes.length, concurrency, async (i) => {
    await provisionUser(deps, tenant, { userId: `u${i}`, name: `User ${i}`, email: `u${i}@${tenant}.example.com`, ...people });
  });
  await runConcurrently(Math.max(1, Math.round(n / 10)), concurrency, async (i) => {
    await provisionGroup(deps, tenant, { groupId: `g${i}`, name: `Group ${i}`, members: [`u${i}`, `u${i + 1}`] });
  });
  await runConcurrently(indexes.length, concurrency, async (i) => {
    const company = await post(api, admin, '/v1/companies', {
      legalName: `Società Ferrè ${i} S.r.l.`,
      vatNumber: `IT${String(10_000_000_000 + i * 37).slice(-11)}`,
      emails: [{ type: 'work', address: `info${i}@ferre${i}.example` }],
      phones: [{ type: 'main', number: `+39 02 ${String(1_000_000 + i)}` }],
      addresses: [{ type: 'registered', street: `Via Garibaldi ${i}`, postcode: '20121', city: 'Milano', country: 'IT' }],
      tags: ['vip', `zone${i % 7}`],
    });
    await post(api, admin, `/v1/companies/${company.id}/notes`, { body: 'Wants a quote' });
    const contact = await post(api, admin, '/v1/contacts', {
      firstName: `Anna${i}`,
      lastName: `Kovács${i}`,
      emails: [{ type: 'work', address: `anna${i}@ferre${i}.example` }],
      phones: [{ type: 'mobile', number: `+36 30 ${String(1_000_000 + i)}` }],
    });
    await post(api, admin, `/v1/contacts/${contact.id}/notes`, { body: 'Called back' });
    const lead = await post(api, admin, '/v1/leads', { companyName: `Alfa ${i} Kft.`, firstName: 'Béla', lastName: `Nagy${i}` });
    await post(api, admin, `/v1/leads/${lead.id}/notes`, { body: 'Met at the fair' });
    const ticket = await post(api, admin, '/v1/tickets', { companyId: company.id, subject: `Problema PC ${i}` });
    await post(api, admin, `/v1/tickets/${ticket.id}/comments`, { body: 'Looking into it' });
    const day = `2027-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const activity = await post(api, admin, '/v1/activities', {
      type: 'meeting',
      subject: `Riunione ${i}`,
      start: `${day}T09:00:00Z`,
      end: `${day}T09:30:00Z`,
      reminderOffsets: [15],
    });
    await post(api, admin, `/v1/activities/${activity.id}/complete`, {});
  });
};

/** The aggregate type of a stream record (its partition key is `<tenant>#<type>#<id>`). */
export const aggregateTypeOf = (record: DynamoDBRecord): string => {
  const pk = record.dynamodb?.Keys?.['pk']?.S ?? '';
  return pk.split('#')[1] ?? '';
};
