/**
 * One HTTP call out of Cronaca to an address a tenant chose (a webhook endpoint): the only way
 * deployed code reaches a URL it does not own. The adapter (`adapters/http/safe-http-client.ts`)
 * refuses destinations inside our network (SSRF), pins the connection to the address it checked,
 * follows no redirect, caps what it reads and gives up after a timeout. Every outcome the remote
 * can cause is a typed result: `send` never rejects because of the remote's behaviour.
 */
export interface OutboundRequest {
  readonly url: string;
  readonly method: 'POST';
  /**
   * Extra request headers (names case-insensitive). `host`, `content-length`, `transfer-encoding` and
   * `connection` are the client's own: a caller's values for them are ignored.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as is; larger than the client's cap (256 KiB by default) is refused before any connection. */
  readonly body: string | Uint8Array;
  /** Total budget for resolving, connecting, sending and reading the response (default 10 000 ms). */
  readonly timeoutMs?: number;
}

/** The remote answered. A 3xx is an answer like any other (its `location` is in `headers`); it is never followed. */
export interface OutboundResponse {
  readonly kind: 'response';
  readonly status: number;
  /** Lower-case names; repeated headers joined by ", ". `retry-after` is here when the remote sent one. */
  readonly headers: Readonly<Record<string, string>>;
  /** The first 1 KiB of the body, decoded as UTF-8 (a character cut at the limit is dropped). */
  readonly bodyPrefix: string;
  /** True when the body was longer than the prefix, or was cut by the read cap or the timeout. */
  readonly bodyTruncated: boolean;
  readonly durationMs: number;
}

export type RefusalReason =
  /** Not an absolute URL. */
  | 'invalid-url'
  /** Not https (or http to loopback, where the client allows it). */
  | 'scheme'
  /** user:password@ in the URL: secrets belong in headers, and they would end up in delivery logs. */
  | 'credentials'
  /** The host is, or resolves to, an address inside a network (private, loopback, link-local, metadata…). */
  | 'private-address'
  /** The host name has no address. */
  | 'unresolvable'
  /** The request body is over the client's cap. */
  | 'body-too-large';

/** Nothing was sent: the destination or the request is not acceptable. Retrying the same request cannot help. */
export interface OutboundRefused {
  readonly kind: 'refused';
  readonly reason: RefusalReason;
  readonly message: string;
}

export type FailureReason =
  /** The total budget ran out before a response (status line and headers) arrived. */
  | 'timeout'
  /** Connection refused, reset, unreachable, closed before a response. */
  | 'network'
  /** The TLS handshake failed (certificate invalid, expired, for another name…). */
  | 'tls'
  /** The remote answered something that is not HTTP. */
  | 'protocol';

/** The call was attempted and no response came back: a retry later may succeed. */
export interface OutboundFailed {
  readonly kind: 'failed';
  readonly reason: FailureReason;
  readonly message: string;
  readonly durationMs: number;
}

export type OutboundResult = OutboundResponse | OutboundRefused | OutboundFailed;

export interface OutboundHttp {
  send(request: OutboundRequest): Promise<OutboundResult>;
}
