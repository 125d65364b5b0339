/**
 * What an IP address is, for deciding whether Cronaca may send to it on a tenant's behalf (SSRF) —
 * the ONE classifier: the webhook URL's literal host when an endpoint is saved (webhook-url.ts), and
 * the outbound HTTP adapter on a URL's literal host and on every address a name resolves to, at every
 * attempt (adapters/http/target-policy.ts, safe-http-client.ts: DNS rebinding). Pure: the text of one
 * address in, its class out. Only `public` may be called; everything else is inside some network
 * (ours, the VPC's, the cloud's metadata service) or not a unicast destination. Loopback is allowed
 * by the callers alone, and only in the local cloud.
 *
 * Ranges: the IANA special-purpose registries (RFC 6890 and successors). IPv6 is judged by an allow
 * rule — global unicast 2000::/3 only — so a range nobody listed here stays refused; IPv6 forms that
 * carry an IPv4 address (mapped, compatible, SIIT, NAT64 64:ff9b::/96, 6to4) are judged by that
 * IPv4 address, since connecting to them reaches it.
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'shared'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'documentation'
  | 'metadata'
  | 'reserved'
  | 'invalid';

interface Range4 {
  readonly base: number;
  readonly bits: number;
  readonly class: AddressClass;
}

const dotted = (text: string): number => text.split('.').reduce((value, part) => value * 256 + Number(part), 0);
const value4 = (parts: readonly number[]): number => parts.reduce((value, part) => value * 256 + part, 0);
const range4 = (cidr: string, kind: AddressClass): Range4 => {
  const [base, bits] = cidr.split('/');
  return { base: dotted(base!), bits: Number(bits), class: kind };
};

/** Most specific first: the first range that holds the address names its class. */
const ipv4Ranges: readonly Range4[] = [
  // Instance metadata (AWS, GCP, Azure, OpenStack): the classic SSRF prize, named so a refusal says so.
  range4('169.254.169.254/32', 'metadata'),
  range4('0.0.0.0/32', 'unspecified'),
  // "This network": 0.x.x.x reaches the local host on Linux.
  range4('0.0.0.0/8', 'reserved'),
  range4('10.0.0.0/8', 'private'),
  // Carrier-grade NAT (RFC 6598); Alibaba's metadata 100.100.100.200 is in it.
  range4('100.64.0.0/10', 'shared'),
  range4('127.0.0.0/8', 'loopback'),
  // Link-local, ECS task metadata 169.254.170.2 included.
  range4('169.254.0.0/16', 'link-local'),
  range4('172.16.0.0/12', 'private'),
  // IETF protocol assignments (Oracle Cloud's metadata 192.0.0.192 is in it).
  range4('192.0.0.0/24', 'reserved'),
  range4('192.0.2.0/24', 'documentation'),
  // The deprecated 6to4 relay anycast.
  range4('192.88.99.0/24', 'reserved'),
  range4('192.168.0.0/16', 'private'),
  // Benchmarking (RFC 2544).
  range4('198.18.0.0/15', 'reserved'),
  range4('198.51.100.0/24', 'documentation'),
  range4('203.0.113.0/24', 'documentation'),
  range4('224.0.0.0/4', 'multicast'),
  range4('255.255.255.255/32', 'broadcast'),
  range4('240.0.0.0/4', 'reserved'),
];

const classify4 = (value: number): AddressClass => {
  for (const range of ipv4Ranges) {
    const size = 2 ** (32 - range.bits);
    if (value >= range.base && value < range.base + size) return range.class;
  }
  return 'public';
};

const ipv4Parts = (text: string): number[] | null => {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const numbers = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : NaN));
  return numbers.every((n) => n >= 0 && n <= 255) ? numbers : null;
};

/** The 8 groups of an IPv6 address (brackets removed), or null; an embedded IPv4 tail is accepted. */
const ipv6Groups = (text: string): number[] | null => {
  let body = text.toLowerCase();
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const maybeV4 = body.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = ipv4Parts(maybeV4);
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  const numbers = all.map((group) => parseInt(group, 16));
  if (tail.length) numbers.splice(6, 2, ...tail);
  return numbers;
};

const embedded4 = (groups: readonly number[], at: number): number => groups[at]! * 65536 + groups[at + 1]!;

const classify6 = (groups: readonly number[]): AddressClass => {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroUpTo = (n: number): boolean => groups.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g7 === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d — the socket reaches a.b.c.d.
  if (zeroUpTo(5) && g5 === 0xffff) return classify4(embedded4(groups, 6));
  // SIIT ::ffff:0:a.b.c.d (RFC 6052's predecessor, still translated by some stacks).
  if (zeroUpTo(4) && g4 === 0xffff && g5 === 0) return classify4(embedded4(groups, 6));
  // IPv4-compatible ::a.b.c.d (deprecated): never a destination, and refused as its IPv4 when that is worse.
  if (zeroUpTo(6)) {
    const inner = classify4(embedded4(groups, 6));
    return inner === 'public' ? 'reserved' : inner;
  }
  // NAT64 well-known prefix 64:ff9b::/96: a NAT64 gateway forwards to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classify4(embedded4(groups, 6));
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): translates into private space.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private';
  // AWS's IPv6 instance metadata endpoint (Nitro), inside fd00::/8.
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) return 'metadata';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  // Site-local (deprecated, RFC 3879): private in practice.
  if ((g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation';
  // Documentation 3fff::/20 (RFC 9637).
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return 'documentation';
  // IETF protocol assignments 2001::/23: Teredo (2001::/32, an IPv4 tunnel), benchmarking, ORCHID.
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved';
  // 6to4 2002:a.b.c.d::/48: the relay reaches a.b.c.d.
  if (g0 === 0x2002) return classify4(embedded4(groups, 1));
  // Global unicast is 2000::/3; the rest (discard 100::/64, unassigned space) is no destination.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
};

/**
 * The class of one IP address, written as dns.lookup returns it or as a URL host (`[::1]` accepted);
 * `invalid` when the text is no IP address in its canonical dotted or colon form (a name, `127.1`, a zone).
 */
export const classifyAddress = (text: string): AddressClass => {
  const address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = ipv4Parts(address);
  if (v4) return classify4(value4(v4));
  // A zone (fe80::1%eth0) only qualifies a link-local address: never a destination for us (and no group parses).
  const v6 = ipv6Groups(address);
  return v6 ? classify6(v6) : 'invalid';
};

export const isPublicAddress = (text: string): boolean => classifyAddress(text) === 'public';
