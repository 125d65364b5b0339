import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalServer, type LocalServer } from '../../../local/http-server.ts';
import { createTargetMasker } from '../../../local/api-gateway/route-matcher.ts';
import { routes } from '../../../contract/routes.ts';
import { createIdentity, memoryKeyStore } from '../../../local/identity.ts';

const secret = 'dGVuYW50.b3duZXI.AAAAsecretAAAAbitsAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const lines: string[] = [];
let server: LocalServer;

beforeAll(async () => {
  server = await createLocalServer({
    identity: await createIdentity({ keyStore: memoryKeyStore() }),
    handlers: { collaborationApi: async () => ({ statusCode: 200, headers: { 'content-type': 'text/calendar' }, body: 'BEGIN:VCALENDAR' }) },
    log: (line) => lines.push(line),
  });
});
afterAll(async () => server?.close());

describe('the local server’s request log', () => {
  it('never writes a calendar feed’s secret (the URL is a credential)', async () => {
    const response = await fetch(`${server.url}/v1/calendar/feeds/f1/${secret}?x=1`);
    expect(response.status).toBe(200);
    await fetch(`${server.url}/v1/calendar/feeds/f1/${secret}/more`);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[api\] GET \/v1\/calendar\/feeds\/f1\/\*\*\* -> 200 /);
    expect(lines[1]).toMatch(/^\[api\] GET \/v1\/calendar\/feeds\/f1\/\*\*\* -> 404 /);
    for (const line of lines) expect(line).not.toContain('secretAAAA');
  });

  it('writes other paths as they came', () => {
    const mask = createTargetMasker(routes);
    expect(mask('/v1/calendar/feeds/f1')).toBe('/v1/calendar/feeds/f1');
    expect(mask('/v1/calendar/feeds')).toBe('/v1/calendar/feeds');
    expect(mask('/v1/tickets/t1/take?x=1')).toBe('/v1/tickets/t1/take?x=1');
  });
});
