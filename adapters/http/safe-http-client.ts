import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutboundFailed, OutboundHttp, OutboundRefused, OutboundRequest, OutboundResult } from '../../application/ports/outbound-http.ts';
import { monotonicClock, type MonotonicClock } from '../clock.ts';
import { classifyAddress } from '../../domain/integrations/ip-address.ts';
import { checkTarget, type TargetPolicy } from './target-policy.ts';

/**
 * The SSRF-safe client behind `OutboundHttp`, on node:http/node:https (no dependency: undici's Agent
 * with a `connect.lookup` would do the same, but Node does not export it, and node:http gives the
 * byte-level control the caps need).
 *
 * 1. The URL: https only (http to loopback on the local stack), no credentials, no private literal.
 * 2. The name is resolved once (all addresses); if ANY is not public the call is refused — a name
 *    with one public and one private address is a trap, not a choice.
 * 3. The socket connects to the first checked address: the request's `lookup` returns it whatever it
 *    is asked, so no second resolution (DNS rebinding between check and connect) can move it. TLS SNI
 *    and the Host header still carry the name, so certificates are verified against it.
 * 4. `agent: false`: a fresh connection per call, never a pooled socket opened for another address.
 * 5. No redirect is followed (node:http never does): a 3xx comes back as a response.
 * 6. One AbortSignal bounds everything (resolve, connect, TLS, headers, body); the body is read up to
 *    a cap, of which the first 1 KiB is kept; then the socket is destroyed.
 */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface SafeHttpClientOptions extends TargetPolicy {
  /** How names become addresses; dns.lookup (all addresses, the system's order) by default. Tests inject one. */
  readonly resolve?: Resolver;
  /** Default total timeout when a request names none (10 000 ms). */
  readonly timeoutMs?: number;
  /** Largest request body sent (256 KiB, as an EventBridge entry). */
  readonly maxRequestBodyBytes?: number;
  /** Bytes of response body read before the socket is destroyed (64 KiB); only the first 1 KiB is kept. */
  readonly maxResponseReadBytes?: number;
  /** Extra trusted CA certificates (PEM): a local receiver's self-signed certificate. The system's stay trusted. */
  readonly ca?: string | readonly string[];
  readonly clock?: MonotonicClock;
}

export const bodyPrefixBytes = 1024;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** Headers the client sets itself: the name it connects to, the body it sends, one request per connection. */
const ownHeaders = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that answers the checked address and nothing else. Node calls it with
 * `all: true` when it may try several addresses (autoSelectFamily): it gets a list of one.
 */
export const pinnedLookup =
  (pinned: LookupAddress) =>
  (_hostname: string, options: LookupOptions | LookupCallback, callback?: LookupCallback): void => {
    const done = (typeof options === 'function' ? options : callback)!;
    const all = typeof options === 'object' && options.all === true;
    process.nextTick(() => (all ? done(null, [pinned]) : done(null, pinned.address, pinned.family)));
  };

const tlsCodes = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH|ALTNAME/;

const failureOf = (error: unknown, signal: AbortSignal): Pick<OutboundFailed, 'reason' | 'message'> => {
  const err = error as NodeJS.ErrnoException;
  const message = err?.message ?? String(error);
  if (signal.aborted) return { reason: 'timeout', message: 'no response within the time allowed' };
  const code = err?.code ?? '';
  if (tlsCodes.test(code)) return { reason: 'tls', message };
  if (code.startsWith('HPE_')) return { reason: 'protocol', message };
  return { reason: 'network', message: code ? `${code}: ${message}` : message };
};

const headersOf = (response: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
};

/** Rejects when `signal` aborts; the resolver itself may not be abortable (dns.lookup is not). */
const withinSignal = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });

const refused = (reason: OutboundRefused['reason'], message: string): OutboundRefused => ({ kind: 'refused', reason, message });

export const safeHttpClient = (options: SafeHttpClientOptions = {}): OutboundHttp => {
  const resolve = options.resolve ?? systemResolver;
  const clock = options.clock ?? monotonicClock;
  const maxRequestBodyBytes = options.maxRequestBodyBytes ?? 256 * 1024;
  const maxResponseReadBytes = Math.max(options.maxResponseReadBytes ?? 64 * 1024, bodyPrefixBytes);
  const ca = options.ca === undefined ? undefined : [...(typeof options.ca === 'string' ? [options.ca] : options.ca)];

  const send = async (request: OutboundRequest): Promise<OutboundResult> => {
    const started = clock();
    const elapsed = (): number => Math.max(0, Math.round(clock() - started));
    const target = checkTarget(request.url, options);
    if (target.kind === 'refused') return target;
    const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    if (body.byteLength > maxRequestBodyBytes) return refused('body-too-large', `the body is ${body.byteLength} bytes, over ${maxRequestBodyBytes}`);
    const signal = AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? 10_000);

    let pinned: LookupAddress;
    if (target.literal !== null) pinned = { address: target.literal, family: target.literal.includes(':') ? 6 : 4 };
    else {
      let addresses: readonly LookupAddress[];
      try {
        addresses = await withinSignal(resolve(target.hostname), signal);
      } catch (error) {
        if (signal.aborted) return { kind: 'failed', reason: 'timeout', message: `${target.hostname} did not resolve in time`, durationMs: elapsed() };
        return refused('unresolvable', `${target.hostname} does not resolve (${(error as NodeJS.ErrnoException)?.code ?? 'no address'})`);
      }
      if (addresses.length === 0) return refused('unresolvable', `${target.hostname} has no address`);
      const forbidden = addresses.find((entry) => !target.allowsAddress(entry.address));
      if (forbidden) return refused('private-address', `${target.hostname} resolves to ${forbidden.address}, a ${classifyAddress(forbidden.address)} address`);
      pinned = addresses[0]!;
    }
    return exchange(target.url, target.hostname, target.port, pinned, body, request.headers, signal, elapsed);
  };

  const exchange = (
    url: URL,
    hostname: string,
    port: number,
    pinned: LookupAddress,
    body: Buffer,
    callerHeaders: Readonly<Record<string, string>>,
    signal: AbortSignal,
    elapsed: () => number,
  ): Promise<OutboundResult> =>
    new Promise<OutboundResult>((settle) => {
      const headers: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(callerHeaders)) if (!ownHeaders.has(name.toLowerCase())) headers[name] = value;
      headers['host'] = url.host;
      headers['content-length'] = body.byteLength;
      headers['connection'] = 'close';

      let settled = false;
      /** Set once the status line is in: an error after it still returns the response. */
      let responseDone: ((complete: boolean) => void) | null = null;
      const finish = (result: OutboundResult): void => {
        if (settled) return;
        settled = true;
        // Nothing more is read from this connection: drop it (agent: false, it serves no other call).
        req.destroy();
        settle(result);
      };

      const secure = url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)({
        hostname,
        port,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        agent: false,
        lookup: pinnedLookup(pinned) as never,
        signal,
        ...(secure && ca ? { ca } : {}),
      });

      req.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const responseHeaders = headersOf(response);
        const kept: Buffer[] = [];
        let keptBytes = 0;
        let readBytes = 0;
        const done = (complete: boolean): void => {
          const prefix = Buffer.concat(kept);
          // stream: true holds back a character cut at the 1 KiB boundary instead of writing U+FFFD.
          const bodyPrefix = new TextDecoder('utf-8').decode(prefix, { stream: true });
          finish({ kind: 'response', status, headers: responseHeaders, bodyPrefix, bodyTruncated: !complete || readBytes > bodyPrefixBytes, durationMs: elapsed() });
        };
        responseDone = done;
        response.on('data', (chunk: Buffer) => {
          readBytes += chunk.byteLength;
          if (keptBytes < bodyPrefixBytes) {
            const part = chunk.subarray(0, bodyPrefixBytes - keptBytes);
            kept.push(part);
            keptBytes += part.byteLength;
          }
          if (readBytes >= maxResponseReadBytes) done(false);
        });
        response.on('end', () => done(true));
        // Aborted (timeout) or reset while the body streams: the status is known, the body is what came.
        response.on('error', () => done(false));
        response.on('close', () => done(response.complete));
      });
      req.on('error', (error) => (responseDone ? responseDone(false) : finish({ kind: 'failed', ...failureOf(error, signal), durationMs: elapsed() })));
      req.end(body);
    });

  return { send };
};
