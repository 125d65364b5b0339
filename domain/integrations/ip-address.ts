/**
 * Which IP addresses a webhook may never be sent to (SSRF): the pure classification, used on a URL's
 * literal host when the endpoint is saved, and by the sender's adapter on every address a name
 * resolves to, at every attempt (DNS rebinding). Anything not public is refused; loopback alone is
 * allowed when the deployment says so (the local cloud).
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link_local' | 'unspecified' | 'reserved';

const ipv4Parts = (text: string): number[] | null => {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const numbers = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : NaN));
  return numbers.every((n) => n >= 0 && n <= 255) ? numbers : null;
};

export const isIpv4 = (text: string): boolean => ipv4Parts(text) !== null;

const classifyIpv4 = ([a, b]: number[]): AddressClass => {
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private';
  // 100.64/10: carrier-grade NAT, inside a provider's network.
  if (a === 100 && b! >= 64 && b! <= 127) return 'private';
  // 169.254/16 holds the cloud metadata service (169.254.169.254).
  if (a === 169 && b === 254) return 'link_local';
  // 192.0.0/24, 198.18/15 (benchmarking), multicast and everything from 240 on.
  if ((a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a! >= 224) return 'reserved';
  return 'public';
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

export const isIpv6 = (text: string): boolean => ipv6Groups(text.replace(/^\[|\]$/g, '')) !== null;

const classifyIpv6 = (g: number[]): AddressClass => {
  if (g.every((n) => n === 0)) return 'unspecified';
  if (g.slice(0, 7).every((n) => n === 0) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) reach an IPv4 address: judge that one.
  const v4 = [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255];
  if (g.slice(0, 5).every((n) => n === 0) && g[5] === 0xffff) return classifyIpv4(v4);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((n) => n === 0)) return classifyIpv4(v4);
  if ((g[0]! & 0xfe00) === 0xfc00) return 'private'; // fc00::/7, unique local (AWS's metadata fd00:ec2::254 too)
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link_local';
  if ((g[0]! & 0xff00) === 0xff00) return 'reserved'; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  return 'public';
};

/** The class of an IP literal (IPv6 with or without brackets), or null when it is not one. */
export const classifyAddress = (text: string): AddressClass | null => {
  const v4 = ipv4Parts(text);
  if (v4) return classifyIpv4(v4);
  const v6 = ipv6Groups(text.replace(/^\[|\]$/g, ''));
  return v6 ? classifyIpv6(v6) : null;
};

/** Whether a webhook may be sent to this address: public ones, and loopback when allowed (locally). */
export const deliverableAddress = (text: string, allowLoopback: boolean): boolean => {
  const kind = classifyAddress(text);
  return kind === 'public' || (kind === 'loopback' && allowLoopback);
};
