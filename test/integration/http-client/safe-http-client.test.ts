import type { LookupAddress } from 'node:dns';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundRequest } from '../../../application/ports/outbound-http.ts';
import { safeHttpClient, type Resolver } from '../../../adapters/http/safe-http-client.ts';
import { httpServer, httpsServer, tcpListener, type LocalServer } from './local-servers.ts';

/**
 * The client against real servers on this machine's loopback: allowed only with allowLoopbackHttp
 * (the local stack), refused otherwise. Names are resolved by an injected resolver so a test can make
 * `evil.test` point anywhere — including somewhere else on the second ask (DNS rebinding).
 */

/**
 * A self-signed certificate for `localhost` (SANs localhost, 127.0.0.1, ::1), made for this run: no key
 * is kept in the repository. The client trusts it only where a test passes it as `ca`.
 */
const selfSignedLocalhost = async (): Promise<{ key: string; cert: string }> => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
};

const bigBody = 'é'.repeat(600) + 'x'.repeat(1024 * 1024);

let main: LocalServer;
let elsewhere: LocalServer;

beforeAll(async () => {
  elsewhere = await httpServer((_request, response) => response.end('you followed a redirect'));
  main = await httpServer((request, response, body) => {
    switch (request.url) {
      case '/ok':
        return response.end(`got ${body}`);
      case '/big':
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return response.end(bigBody);
      case '/500':
        response.writeHead(500, { 'content-type': 'text/plain' });
        return response.end('boom');
      case '/429':
        response.writeHead(429, { 'retry-after': '120' });
        return response.end('slow down');
      case '/302':
        response.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/landing` });
        return response.end();
      case '/stall':
        response.writeHead(200, { 'content-type': 'text/plain' });
        return response.write('partial'); // and never ends
      case '/never':
        return; // no answer at all
      default:
        response.writeHead(404);
        return response.end();
    }
  });
});

afterAll(async () => {
  await main.close();
  await elsewhere.close();
});

const post = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{"type":"ping"}',
  ...extra,
});

const local = safeHttpClient({ allowLoopbackHttp: true });
const aws = safeHttpClient();

/** A resolver that answers from a table and counts what it was asked. */
const resolverOf = (answers: Record<string, ReadonlyArray<readonly LookupAddress[]>>): Resolver & { asked: string[] } => {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<readonly LookupAddress[]> => {
    asked.push(hostname);
    const series = answers[hostname];
    if (!series) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return series[Math.min(asked.filter((name) => name === hostname).length - 1, series.length - 1)]!;
  };
  return Object.assign(resolve, { asked });
};
const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

describe('a loopback receiver on the local stack (allowLoopbackHttp)', () => {
  it('sends the body and headers, and reads a 200', async () => {
    const before = main.hits.length;
    const result = await local.send(post(`http://127.0.0.1:${main.port}/ok`, { headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', Host: 'evil.example' } }));
    expect(result).toMatchObject({ kind: 'response', status: 200, bodyPrefix: 'got {"type":"ping"}', bodyTruncated: false });
    const hit = main.hits[before]!;
    expect(hit).toMatchObject({ method: 'POST', url: '/ok', body: '{"type":"ping"}' });
    expect(hit.headers).toMatchObject({ 'webhook-id': 'msg_1', 'content-type': 'application/json', host: `127.0.0.1:${main.port}`, 'content-length': '15' });
    if (result.kind === 'response') expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the first 1 KiB of a big body (whole characters) and stops reading', async () => {
    const result = await local.send(post(`http://127.0.0.1:${main.port}/big`));
    expect(result).toMatchObject({ kind: 'response', status: 200, bodyTruncated: true });
    if (result.kind !== 'response') return;
    // 600 two-byte characters: 512 fit in 1024 bytes.
    expect(result.bodyPrefix).toBe('é'.repeat(512));
    expect(result.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('reads the cap and no more: a tiny read cap still returns the status and the prefix', async () => {
    const capped = safeHttpClient({ allowLoopbackHttp: true, maxResponseReadBytes: 2048 });
    const result = await capped.send(post(`http://127.0.0.1:${main.port}/big`));
    expect(result).toMatchObject({ kind: 'response', status: 200, bodyTruncated: true, bodyPrefix: 'é'.repeat(512) });
  });

  it('returns a 500 as a response', async () => {
    expect(await local.send(post(`http://127.0.0.1:${main.port}/500`))).toMatchObject({ kind: 'response', status: 500, bodyPrefix: 'boom' });
  });

  it('returns a 429 with its Retry-After', async () => {
    const result = await local.send(post(`http://127.0.0.1:${main.port}/429`));
    expect(result).toMatchObject({ kind: 'response', status: 429, bodyPrefix: 'slow down' });
    if (result.kind === 'response') expect(result.headers['retry-after']).toBe('120');
  });

  it('does not follow a 302: the status comes back and the Location target sees nothing', async () => {
    const result = await local.send(post(`http://127.0.0.1:${main.port}/302`));
    expect(result).toMatchObject({ kind: 'response', status: 302 });
    if (result.kind === 'response') expect(result.headers['location']).toBe(`http://127.0.0.1:${elsewhere.port}/landing`);
    expect(elsewhere.hits).toEqual([]);
  });

  it('gives up on a server that never answers: failed, timeout', async () => {
    const result = await local.send(post(`http://127.0.0.1:${main.port}/never`, { timeoutMs: 300 }));
    expect(result).toMatchObject({ kind: 'failed', reason: 'timeout' });
  });

  it('a body that stalls after the status: the response as far as it came, marked truncated', async () => {
    const result = await local.send(post(`http://127.0.0.1:${main.port}/stall`, { timeoutMs: 300 }));
    expect(result).toMatchObject({ kind: 'response', status: 200, bodyPrefix: 'partial', bodyTruncated: true });
  });

  it('reports a refused connection as failed, network', async () => {
    const gone = await httpServer(() => {});
    await gone.close();
    const result = await local.send(post(`http://127.0.0.1:${gone.port}/`));
    expect(result).toMatchObject({ kind: 'failed', reason: 'network' });
    if (result.kind === 'failed') expect(result.message).toContain('ECONNREFUSED');
  });

  it('refuses a body over the cap before connecting', async () => {
    const before = main.hits.length;
    const small = safeHttpClient({ allowLoopbackHttp: true, maxRequestBodyBytes: 10 });
    expect(await small.send(post(`http://127.0.0.1:${main.port}/ok`))).toMatchObject({ kind: 'refused', reason: 'body-too-large' });
    expect(main.hits.length).toBe(before);
  });

  it('sends a Uint8Array body as is', async () => {
    const bytes = new TextEncoder().encode('xx{"bytes":true}yy').subarray(2, 16);
    expect(await local.send(post(`http://127.0.0.1:${main.port}/ok`, { body: bytes }))).toMatchObject({ kind: 'response', bodyPrefix: 'got {"bytes":true}' });
  });
});

describe('the same receiver in AWS (no allowLoopbackHttp)', () => {
  it.each(['http://127.0.0.1:PORT/ok', 'https://127.0.0.1:PORT/ok', 'http://localhost:PORT/ok', 'https://localhost:PORT/ok', 'https://[::ffff:7f00:1]:PORT/ok', 'https://0x7f.1:PORT/ok', 'https://2130706433:PORT/ok'])(
    '%s is refused and nothing reaches the server',
    async (template) => {
      const before = main.hits.length;
      const result = await aws.send(post(template.replace('PORT', String(main.port))));
      expect(result.kind).toBe('refused');
      expect(main.hits.length).toBe(before);
    },
  );
});

describe('names resolving to private addresses', () => {
  it.each([
    ['10.0.0.1', [v4('10.0.0.1')]],
    ['169.254.169.254', [v4('169.254.169.254')]],
    ['127.0.0.1', [v4('127.0.0.1')]],
    ['fd00:ec2::254', [v6('fd00:ec2::254')]],
    ['::ffff:169.254.169.254', [v6('::ffff:169.254.169.254')]],
    ['64:ff9b::a9fe:a9fe', [v6('64:ff9b::a9fe:a9fe')]],
    ['one public, one private', [v4('93.184.216.34'), v4('10.0.0.1')]],
    ['a private address after a public one in IPv6', [v6('2606:4700:4700::1111'), v6('::1')]],
  ] as const)('evil.test → %s is refused', async (_label, addresses) => {
    const resolve = resolverOf({ 'evil.test': [addresses] });
    const result = await safeHttpClient({ resolve }).send(post('https://evil.test/hook'));
    expect(result).toMatchObject({ kind: 'refused', reason: 'private-address' });
  });

  it('even on the local stack, only localhost itself may be loopback', async () => {
    const resolve = resolverOf({ 'evil.test': [[v4('127.0.0.1')]] });
    const result = await safeHttpClient({ resolve, allowLoopbackHttp: true }).send(post(`https://evil.test:${main.port}/ok`));
    expect(result).toMatchObject({ kind: 'refused', reason: 'private-address' });
  });

  it('a name with no address is unresolvable', async () => {
    const resolve = resolverOf({ 'empty.test': [[]] });
    expect(await safeHttpClient({ resolve }).send(post('https://nowhere.test/'))).toMatchObject({ kind: 'refused', reason: 'unresolvable' });
    expect(await safeHttpClient({ resolve }).send(post('https://empty.test/'))).toMatchObject({ kind: 'refused', reason: 'unresolvable' });
  });

  it('a resolver slower than the timeout is a timeout', async () => {
    const resolve: Resolver = () => new Promise(() => {});
    expect(await safeHttpClient({ resolve }).send(post('https://slow.test/', { timeoutMs: 200 }))).toMatchObject({ kind: 'failed', reason: 'timeout' });
  });
});

describe('DNS rebinding: the connection goes to the address that was checked', () => {
  it('public first, 127.0.0.1 afterwards: resolved once, and nothing connects to 127.0.0.1', async () => {
    const listener = await tcpListener();
    try {
      const resolve = resolverOf({ 'evil.test': [[v4('93.184.216.34')], [v4('127.0.0.1')]] });
      const result = await safeHttpClient({ resolve }).send(post(`https://evil.test:${listener.port}/hook`, { timeoutMs: 1500 }));
      // The public address is not reachable from here: whatever happened there, it failed.
      expect(result.kind).toBe('failed');
      expect(resolve.asked).toEqual(['evil.test']);
      expect(listener.hits).toEqual([]);
    } finally {
      await listener.close();
    }
  });

  it('localhost checked as ::1, rebound to 127.0.0.1: the request arrives on ::1', async () => {
    const onV4 = await httpServer((_request, response) => response.end('v4'));
    const onV6 = await httpServer((_request, response) => response.end('v6'), '::1', onV4.port);
    try {
      // The system says localhost is 127.0.0.1; only the pinned connection can reach ::1.
      const resolve = resolverOf({ localhost: [[v6('::1')], [v4('127.0.0.1')]] });
      const result = await safeHttpClient({ resolve, allowLoopbackHttp: true }).send(post(`http://localhost:${onV4.port}/hook`));
      expect(result).toMatchObject({ kind: 'response', status: 200, bodyPrefix: 'v6' });
      expect(resolve.asked).toEqual(['localhost']);
      expect(onV4.hits).toEqual([]);
      expect(onV6.hits).toHaveLength(1);
      expect(onV6.hits[0]!.localAddress).toBe('::1');
      expect(onV6.hits[0]!.headers.host).toBe(`localhost:${onV4.port}`);
    } finally {
      await onV4.close();
      await onV6.close();
    }
  });
});

describe('TLS: connected to the pinned address, verified against the name', () => {
  let secure: LocalServer;
  let tls: { key: string; cert: string };
  beforeAll(async () => {
    tls = await selfSignedLocalhost();
    secure = await httpsServer((_request, response) => response.end('secure'), tls);
  });
  afterAll(async () => {
    await secure.close();
  });

  it('sends SNI and Host for the name, and verifies the certificate with the given CA', async () => {
    const resolve = resolverOf({ localhost: [[v4('127.0.0.1')]] });
    const result = await safeHttpClient({ resolve, allowLoopbackHttp: true, ca: tls.cert }).send(post(`https://localhost:${secure.port}/hook`));
    expect(result).toMatchObject({ kind: 'response', status: 200, bodyPrefix: 'secure' });
    expect(secure.hits.at(-1)).toMatchObject({ servername: 'localhost', localAddress: '127.0.0.1' });
    expect(secure.hits.at(-1)!.headers.host).toBe(`localhost:${secure.port}`);
  });

  it('an untrusted certificate is failed, tls', async () => {
    const before = secure.hits.length;
    const result = await safeHttpClient({ allowLoopbackHttp: true }).send(post(`https://127.0.0.1:${secure.port}/hook`));
    expect(result).toMatchObject({ kind: 'failed', reason: 'tls' });
    expect(secure.hits.length).toBe(before);
  });

  it('plain HTTP spoken to a TLS server is not a response', async () => {
    const result = await local.send(post(`http://127.0.0.1:${secure.port}/hook`));
    expect(result.kind).toBe('failed');
  });
});
