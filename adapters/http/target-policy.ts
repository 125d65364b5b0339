import { isIP } from 'node:net';
import type { OutboundRefused } from '../../application/ports/outbound-http.ts';
import { classifyAddress, isPublicAddress } from '../../domain/integrations/ip-address.ts';

/**
 * Whether a URL may be called at all, before any DNS: the scheme, credentials, and a host that is
 * an IP literal or a name that is always local. The WHATWG URL parser reads the host first, so every
 * spelling of an IPv4 address (`0x7f.1`, `017700000001`, `2130706433`, `127.1`) and every IPv6 form
 * (`[::ffff:127.0.0.1]` → `[::ffff:7f00:1]`) reaches the classifier as the address it means, and names
 * are lower-cased and IDNA-mapped (`ⓛocalhost` is `localhost`).
 */
export interface TargetPolicy {
  /**
   * The local stack only: http (or https) to 127.0.0.1, [::1] and localhost is allowed — a receiver
   * running on the developer's machine. Nothing else is relaxed. Never set in AWS.
   */
  readonly allowLoopbackHttp?: boolean;
}

export interface Target {
  readonly kind: 'target';
  readonly url: URL;
  /** The host to connect to and to name in SNI and Host: no brackets around IPv6, as the URL spells it otherwise. */
  readonly hostname: string;
  readonly port: number;
  /** The host is an IP address: nothing to resolve, it has been checked. */
  readonly literal: string | null;
  /** Whether an address the name resolves to may be connected to. */
  readonly allowsAddress: (address: string) => boolean;
}

const refused = (reason: OutboundRefused['reason'], message: string): OutboundRefused => ({ kind: 'refused', reason, message });

/** RFC 6761: localhost and its subdomains are loopback whatever DNS says; `localhost.` is the same name. */
const isLocalhostName = (host: string): boolean => {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name === 'localhost' || name.endsWith('.localhost');
};

/** The loopback destinations `allowLoopbackHttp` opens, and what `localhost` may resolve to. */
const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost', 'localhost.']);
const loopbackAddresses = new Set(['127.0.0.1', '::1']);

export const checkTarget = (text: string, policy: TargetPolicy = {}): Target | OutboundRefused => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refused('invalid-url', 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refused('scheme', `${url.protocol} is not https`);
  if (url.username !== '' || url.password !== '') return refused('credentials', 'a URL with user:password@ is not accepted');
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (hostname === '') return refused('invalid-url', 'the URL has no host');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const literal = isIP(hostname) === 0 ? null : hostname;

  if (policy.allowLoopbackHttp && loopbackHosts.has(hostname)) {
    return { kind: 'target', url, hostname, port, literal, allowsAddress: (address) => loopbackAddresses.has(address) };
  }
  if (url.protocol !== 'https:') return refused('scheme', 'only https URLs are called');
  if (literal !== null && !isPublicAddress(literal)) return refused('private-address', `${literal} is a ${classifyAddress(literal)} address`);
  if (isLocalhostName(hostname)) return refused('private-address', `${hostname} is a loopback name`);
  return { kind: 'target', url, hostname, port, literal, allowsAddress: isPublicAddress };
};
