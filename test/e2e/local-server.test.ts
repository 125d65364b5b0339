import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalServer, maxRequestBodyBytes } from '../../local/http-server.ts';
import type { HttpHandler, LocalServer } from '../../local/http-server.ts';
import { projectRoot } from '../../local/functions.ts';
import { createIdentity, memoryKeyStore } from '../../local/identity.ts';
import { seedUsers } from '../../local/seed.ts';

const identity = await createIdentity({ keyStore: memoryKeyStore() });
const tenant = `t-${randomUUID().slice(0, 8)}`;

interface Invocation {
  readonly event: APIGatewayProxyEventV2WithJWTAuthorizer;
  readonly context: Context;
  readonly remaining: number;
}
const invocations: Invocation[] = [];
let respond: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyResultV2> = async () => ({ statusCode: 204 });
const recording: HttpHandler = async (event, context) => {
  invocations.push({ event, context, remaining: context.getRemainingTimeInMillis() });
  return respond(event);
};

let server: LocalServer;
const logLines: string[] = [];

beforeAll(async () => {
  server = await createLocalServer({
    port: 0,
    identity,
    handlers: { supportApi: recording, adminApi: recording, metaApi: recording },
    log: (line) => logLines.push(line),
  });
});
afterAll(async () => server?.close());

const last = (): Invocation => invocations.at(-1)!;
const bearer = async (overrides: Partial<Parameters<typeof identity.issueToken>[0]> = {}) =>
  `Bearer ${await identity.issueToken({ tenant, userId: 'olga', role: 'standard', groups: ['sales', 'support'], email: 'olga@example.com', ...overrides })}`;

const expectProblem = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as { detail: string };
  expect(body).toMatchObject({ type: 'about:blank', title: expect.any(String), status, detail: expect.any(String) });
  return body;
};

describe('local API Gateway', () => {
  it('answers unknown routes (and known paths with another method) with 404 problem+json', async () => {
    const before = invocations.length;
    await expectProblem(await fetch(`${server.url}/v1/nothing-here`), 404);
    await expectProblem(await fetch(`${server.url}/v1/tickets`, { method: 'DELETE' }), 404);
    await expectProblem(await fetch(`${server.url}/v1/tickets/abc/take/more`, { method: 'POST' }), 404);
    expect(invocations.length).toBe(before);
  });

  it('refuses a jwt route without a token (401, WWW-Authenticate: Bearer) or with a bad one', async () => {
    const before = invocations.length;
    const missing = await fetch(`${server.url}/v1/tickets`);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    await expectProblem(missing, 401);

    const garbage = await fetch(`${server.url}/v1/tickets`, { headers: { authorization: 'Bearer nope' } });
    expect(garbage.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    await expectProblem(garbage, 401);

    const expired = await fetch(`${server.url}/v1/tickets`, {
      headers: { authorization: await bearer({ ttl: 60, issuedAt: new Date(Date.now() - 3_600_000) }) },
    });
    expect((await expectProblem(expired, 401)).detail).toMatch(/expired/);

    const stranger = await createIdentity({ keyStore: memoryKeyStore() });
    const foreign = await fetch(`${server.url}/v1/tickets`, {
      headers: { authorization: `Bearer ${await stranger.issueToken({ tenant, userId: 'x', role: 'admin' })}` },
    });
    await expectProblem(foreign, 401);
    expect(invocations.length).toBe(before);
  });

  it('hands the handler the API Gateway v2 event, with the claims as the JWT authorizer delivers them', async () => {
    respond = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    const authorization = await bearer();
    const response = await fetch(`${server.url}/v1/tickets/t%201/take?a=1&b=x%20y&a=2&flag`, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        'X-Custom': 'one',
        cookie: 'session=abc; theme=dark',
        'user-agent': 'cronaca-test',
      },
      body: JSON.stringify({ note: 'è' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const { event, context, remaining } = last();

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/tickets/{id}/take',
      rawPath: '/v1/tickets/t%201/take',
      rawQueryString: 'a=1&b=x%20y&a=2&flag',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { a: '1,2', b: 'x y', flag: '' },
      pathParameters: { id: 't 1' },
      body: '{"note":"è"}',
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({
      authorization,
      'content-type': 'application/json',
      'x-custom': 'one',
      'user-agent': 'cronaca-test',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(event.headers['cookie']).toBeUndefined();
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);

    const requestContext = event.requestContext;
    expect(requestContext).toMatchObject({
      accountId: expect.any(String),
      apiId: expect.any(String),
      domainName: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      http: { method: 'POST', path: '/v1/tickets/t%201/take', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cronaca-test' },
      requestId: expect.any(String),
      routeKey: 'POST /v1/tickets/{id}/take',
      stage: '$default',
      time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      timeEpoch: expect.any(Number),
    });
    const claims = requestContext.authorizer.jwt.claims;
    // Every claim a string; arrays in API Gateway's "[a b]" form.
    expect(claims).toMatchObject({
      sub: 'olga',
      'custom:tenant': tenant,
      'custom:role': 'standard',
      'cognito:groups': '[sales support]',
      email: 'olga@example.com',
      email_verified: 'true',
      token_use: 'id',
      iss: identity.issuer,
      aud: identity.audience,
      exp: expect.stringMatching(/^\d+$/),
      iat: expect.stringMatching(/^\d+$/),
    });
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
    expect(requestContext.authorizer.jwt.scopes).toBeNull();

    expect(context.functionName).toBe('cronaca-supportApi');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.invokedFunctionArn).toMatch(/^arn:aws:lambda:[^:]+:\d{12}:function:cronaca-supportApi$/);
    expect(context.memoryLimitInMB).toBe('1024');
    expect(remaining).toBeGreaterThan(9_000);
    expect(remaining).toBeLessThanOrEqual(10_000);
    expect(response.headers.get('apigw-requestid')).toBe(requestContext.requestId);
    expect(logLines.some((line) => line.includes(`POST /v1/tickets/t%201/take?a=1&b=x%20y&a=2&flag -> 200`) && line.includes('supportApi'))).toBe(true);
  });

  it('passes binary bodies base64-encoded and public routes without an authorizer', async () => {
    respond = async () => ({ statusCode: 204 });
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    await fetch(`${server.url}/v1/tickets`, {
      method: 'POST',
      headers: { authorization: await bearer(), 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(last().event).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });

    await fetch(`${server.url}/health`, { headers: { 'x-dup': 'a' } });
    const { event } = last();
    expect(event.routeKey).toBe('GET /health');
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('cookies');
  });

  it('writes the structured result back: status, headers, cookies, base64 bodies; infers bare results', async () => {
    respond = async () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', ETag: '"3"', 'X-Count': 5 },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
      isBase64Encoded: true,
    });
    const structured = await fetch(`${server.url}/health`);
    expect(structured.status).toBe(201);
    expect(structured.headers.get('content-type')).toBe('image/png');
    expect(structured.headers.get('etag')).toBe('"3"');
    expect(structured.headers.get('x-count')).toBe('5');
    expect(structured.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect([...new Uint8Array(await structured.arrayBuffer())]).toEqual([137, 80, 78, 71]);

    respond = async () => ({ hello: 'world' }) as unknown as APIGatewayProxyResultV2;
    const bare = await fetch(`${server.url}/health`);
    expect(bare.status).toBe(200);
    expect(bare.headers.get('content-type')).toBe('application/json');
    expect(await bare.json()).toEqual({ hello: 'world' });
  });

  it('turns a failing handler into API Gateway\'s 500', async () => {
    respond = async () => {
      throw new Error('kaboom (expected by the test)');
    };
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('refuses bodies over 10 MB with 413, with or without a content-length', async () => {
    const before = invocations.length;
    const tooBig = Buffer.alloc(maxRequestBodyBytes + 1, 97);
    const declared = await fetch(`${server.url}/v1/tickets`, { method: 'POST', headers: { authorization: await bearer(), 'content-type': 'text/plain' }, body: tooBig });
    await expectProblem(declared, 413);

    const chunks = [tooBig.subarray(0, 5_000_000), tooBig.subarray(5_000_000)];
    const streamed = await fetch(`${server.url}/v1/tickets`, {
      method: 'POST',
      headers: { authorization: await bearer(), 'content-type': 'text/plain' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    await expectProblem(streamed, 413);
    expect(invocations.length).toBe(before);

    respond = async () => ({ statusCode: 204 });
    const atLimit = await fetch(`${server.url}/v1/tickets`, {
      method: 'POST',
      headers: { authorization: await bearer(), 'content-type': 'text/plain' },
      body: tooBig.subarray(0, maxRequestBodyBytes),
    });
    expect(atLimit.status).toBe(204);
    expect(last().event.body).toHaveLength(maxRequestBodyBytes);
  });

  it('answers CORS preflights', async () => {
    const response = await fetch(`${server.url}/v1/tickets`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });
});

// ---------------------------------------------------------------------------------------------------

/** Live (non-zombie) descendants of a process, from /proc. */
const descendants = (root: number): number[] => {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parents.set(Number(entry), Number(fields[1]));
    } catch {
      // gone
    }
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parents) if (parent === pid) (found.push(child), walk(child));
  };
  walk(root);
  return found;
};

const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('npm start (local/start.ts)', () => {
  let child: ChildProcess | undefined;
  let dataDir: string;
  let pids: number[] = [];

  afterAll(() => {
    // Safety net only: the test itself checks everything is gone.
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (child?.exitCode === null) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the URLs and the seeded users (tokens from npm run token), refuses a second start on the same data, and leaves nothing running after Ctrl-C', { timeout: 60_000 }, async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cronaca-start-'));
    const env = { ...process.env, PORT: '0', CRONACA_DATA_DIR: dataDir };
    child = spawn(process.execPath, [join(projectRoot, 'local/start.ts')], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 40_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start.ts did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toContain(`${url}/docs`);
    expect(output).toContain(`${url}/openapi.json`);
    expect(output).toMatch(/curl .*Authorization: Bearer/);
    // Quiet: no tokens (1 KB each) in the banner; the command that prints one instead.
    expect(output).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(output).toContain('npm run --silent token -- <user>');
    for (const user of seedUsers) expect(output).toContain(`${user.tenant}/${user.userId}`);
    for (const dir of ['dynamodb', 'keys', 'outbox', 'checkpoints', 's3']) expect(existsSync(join(dataDir, dir))).toBe(true);
    const token = execFileSync(process.execPath, [join(projectRoot, 'local/token.ts'), 'admin'], { cwd: projectRoot, env, encoding: 'utf8' }).trim();
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);

    // A second `npm start` on the same data says so, instead of a second JVM failing on the database files.
    const second = spawnSync(process.execPath, [join(projectRoot, 'local/start.ts')], { cwd: projectRoot, env, encoding: 'utf8', timeout: 20_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('already running');
    expect(second.stderr).toContain(url);

    // The real handlers answer behind it.
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const list = await fetch(`${url}/v1/tickets`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);

    pids = descendants(child.pid!);
    expect(pids.length).toBeGreaterThan(0); // the DynamoDB Local JVM (and its watchdog shell)
    expect(pids.some((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar'))).toBe(true);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
    // A slow stop says what it is waiting for.
    expect(output).toContain('stopping DynamoDB Local…');
    const deadlineGone = Date.now() + 5_000;
    while (pids.some(alive) && Date.now() < deadlineGone) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pids.filter(alive)).toEqual([]);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
