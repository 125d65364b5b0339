import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

/**
 * Secret calendar feeds over HTTP (API.md "Activities" `/v1/calendar/feeds`): create (the URL shown
 * once), list without secrets, fetch the .ics WITHOUT a bearer token and parse it with an independent
 * reader (node-ical), revoke (then 404), and every wrong URL 404 alike. The feed's window is relative
 * to the server's day, so the activities are placed a week after the test's own clock (no assertion
 * depends on which day that is).
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const DAY = 24 * 60 * 60_000;
/** A whole hour a week from now (UTC), and the hour after it. */
const slot = (days: number) => {
  const start = Math.floor((Date.now() + days * DAY) / 3_600_000) * 3_600_000;
  return { start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() };
};

const fetchIcs = (path: string) => fetch(`${stack.url}${path}`);
/** The path of an absolute feed URL. */
const pathOf = (url: string) => new URL(url).pathname;

describe('calendar feeds over HTTP', () => {
  it('creates a feed, serves the owner’s activities as iCalendar without a token, lists it without its secret, and 404s once revoked', async () => {
    const users = await tenantWith(stack, 'feed');
    await registerUser(users.tenant, 'olga', { timezone: 'Europe/Warsaw' });
    const meeting = slot(7);
    const call = slot(8);
    const own = await api.post('/v1/activities', users.olga, { type: 'meeting', subject: 'Visita Łódź', ...meeting, reminderOffsets: [15] });
    expect(own.status, own.text).toBe(201);
    const missed = await api.post('/v1/activities', users.olga, { type: 'call', subject: 'Missed call', ...call, status: 'not_done' });
    expect(missed.status, missed.text).toBe(201);
    const others = await api.post('/v1/activities', users.admin, { type: 'meeting', subject: 'Ada’s own', ...meeting });
    expect(others.status, others.text).toBe(201);

    const created = await api.post('/v1/calendar/feeds', users.olga, { name: 'Phone' });
    expect(created.status, created.text).toBe(201);
    // No Location: the feed has no URL of its own but the secret one.
    expect(created.headers.get('location')).toBeNull();
    const { id, url, webcalUrl } = created.body as { id: string; url: string; webcalUrl: string };
    // Absolute on the host the request reached (the local stack: loopback, so http).
    const host = new URL(stack.url).host;
    expect(url).toMatch(new RegExp(`^http://${host.replace(/\./g, '\\.')}/v1/calendar/feeds/${id}/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$`));
    expect(webcalUrl).toBe(url.replace(/^http:/, 'webcal:'));

    const list = await api.get('/v1/calendar/feeds', users.olga);
    expect(list.body.items).toEqual([{ id, name: 'Phone', includeGroups: false, createdAt: expect.any(String) }]);
    expect(list.text).not.toContain(url.split('/').at(-1)!);
    expect((await api.get('/v1/calendar/feeds', users.admin)).body.items).toEqual([]);

    const text = await eventually(async () => {
      // Through the URL as given, as a calendar app would.
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const body = await response.text();
      expect(body).toContain('Missed call');
      return body;
    });
    expect(text).toContain('TZID:Europe/Warsaw');
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    const bySubject = new Map(events.map((e) => [String(e.summary), e]));
    expect([...bySubject.keys()].sort()).toEqual(['Missed call', 'Visita Łódź']);
    expect(bySubject.get('Visita Łódź')!.start.toISOString()).toBe(meeting.start);
    expect(bySubject.get('Visita Łódź')!.status).toBe('CONFIRMED');
    expect(bySubject.get('Missed call')!.status).toBe('CANCELLED');
    expect(text).toContain('TRIGGER:-PT15M');

    const again = await fetch(url);
    const etag = again.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // Another user's feed id with a wrong secret, a garbage secret, the id under someone else's secret: all 404.
    const adaFeed = await api.post('/v1/calendar/feeds', users.admin, { includeGroups: true });
    const adaUrl = pathOf(adaFeed.body.url as string);
    const secret = url.split('/').at(-1)!;
    expect((await fetchIcs(`/v1/calendar/feeds/${adaFeed.body.id}/${secret}`)).status).toBe(404);
    expect((await fetchIcs(`/v1/calendar/feeds/${id}/${adaUrl.split('/').at(-1)}`)).status).toBe(404);
    expect((await fetchIcs(`/v1/calendar/feeds/${id}/not-a-secret`)).status).toBe(404);
    const flipped = pathOf(url).slice(0, -1) + (url.endsWith('A') ? 'B' : 'A');
    expect((await fetchIcs(flipped)).status).toBe(404);
    // Malformed ones too, the same 404 problem (the edge's schema lets any string through).
    const samePage = async (path: string) => {
      const response = await fetchIcs(path);
      expect(response.status, path.slice(0, 60)).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { detail: string }).detail).toBe('no such calendar feed');
    };
    await samePage(`/v1/calendar/feeds/not%20an%20id%23/${secret}`);
    await samePage(`/v1/calendar/feeds/${id}/${secret}${'A'.repeat(700)}`);
    await samePage(`/v1/calendar/feeds/${id}/${'x'.repeat(1200)}`);

    const revoked = await api.call('DELETE', `/v1/calendar/feeds/${id}`, { token: users.olga });
    expect(revoked.status, revoked.text).toBe(204);
    expect((await fetch(url)).status).toBe(404);
    expect((await api.call('DELETE', `/v1/calendar/feeds/${id}`, { token: users.olga })).status).toBe(204);
    expect((await api.get('/v1/calendar/feeds', users.olga)).body.items).toEqual([]);
    // Someone else's feed id is not found on the caller's stream.
    expectProblem(await api.call('DELETE', `/v1/calendar/feeds/${adaFeed.body.id}`, { token: users.olga }), 404);
    expect((await fetchIcs(adaUrl)).status).toBe(200);
  });

  it('refuses a bad body naming the field', async () => {
    const users = await tenantWith(stack, 'feedbad');
    expectProblem(await api.post('/v1/calendar/feeds', users.olga, { includeGroups: 'yes' }), 400, 'body.includeGroups');
    expectProblem(await api.post('/v1/calendar/feeds', users.olga, { name: '   ' }), 400, 'body.name');
  });
});
