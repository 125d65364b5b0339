import { describe, expect, it } from 'vitest';
import { classifyAddress, isPublicAddress, type AddressClass } from '../../../domain/integrations/ip-address.ts';

/** Every special-purpose range, at its edges, and the public addresses just outside them. */
const table: ReadonlyArray<readonly [string, AddressClass]> = [
  // IPv4 public
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['93.184.216.34', 'public'],
  ['9.255.255.255', 'public'],
  ['11.0.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'],
  ['126.255.255.255', 'public'],
  ['128.0.0.0', 'public'],
  ['169.253.255.255', 'public'],
  ['169.255.0.0', 'public'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['192.0.1.1', 'public'],
  ['192.167.255.255', 'public'],
  ['192.169.0.0', 'public'],
  ['198.17.255.255', 'public'],
  ['198.20.0.0', 'public'],
  ['223.255.255.255', 'public'],
  // IPv4 refused
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'reserved'],
  ['10.0.0.0', 'private'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['100.64.0.0', 'shared'],
  ['100.100.100.200', 'shared'],
  ['100.127.255.255', 'shared'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.0.1', 'link-local'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'link-local'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['192.0.0.192', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['192.88.99.1', 'reserved'],
  ['192.168.0.1', 'private'],
  ['192.168.255.255', 'private'],
  ['198.18.0.1', 'reserved'],
  ['198.19.255.255', 'reserved'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.254', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // IPv6 public
  ['2606:4700:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['2a00:1450:4001:82b::200e', 'public'],
  ['2001:200::1', 'public'],
  ['3ffe::1', 'public'],
  ['::ffff:8.8.8.8', 'public'],
  ['64:ff9b::808:808', 'public'],
  ['2002:808:808::1', 'public'],
  // IPv6 refused
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['[::1]', 'loopback'],
  ['fe80::1', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fec0::1', 'private'],
  ['fc00::1', 'unique-local'],
  ['fdff:ffff::1', 'unique-local'],
  ['fd00:ec2::254', 'metadata'],
  ['FD00:EC2:0:0:0:0:0:254', 'metadata'],
  ['fd00:ec2::253', 'unique-local'],
  ['ff02::1', 'multicast'],
  ['ff05::2', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff:0fff::1', 'documentation'],
  ['2001::1', 'reserved'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'],
  ['::2', 'reserved'],
  ['::8.8.8.8', 'reserved'],
  // IPv4 inside IPv6: judged by the IPv4 address it reaches
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['[::ffff:7f00:1]', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
  ['::FFFF:A9FE:A9FE', 'metadata'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:0:10.0.0.1', 'private'],
  ['::ffff:0:a00:1', 'private'],
  ['::127.0.0.1', 'loopback'],
  ['::7f00:1', 'loopback'],
  ['::169.254.169.254', 'metadata'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::ffff:255.255.255.255', 'broadcast'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b::192.168.1.1', 'private'],
  ['64:ff9b:1::808:808', 'private'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:a9fe:a9fe::1', 'metadata'],
  ['2002:a00:1::1', 'private'],
  // not an address
  ['', 'invalid'],
  ['localhost', 'invalid'],
  ['0x7f.1', 'invalid'],
  ['2130706433', 'invalid'],
  ['017700000001', 'invalid'],
  ['127.1', 'invalid'],
  ['127.0.0.1.', 'invalid'],
  ['fe80::1%eth0', 'invalid'],
  ['::ffff:127.0.0.1%lo', 'invalid'],
  ['[::1', 'invalid'],
  ['1.2.3.4.5', 'invalid'],
  ['::1::', 'invalid'],
  ['example.com', 'invalid'],
  ['1.2.3', 'invalid'],
  ['256.1.1.1', 'invalid'],
  ['01.2.3.4', 'invalid'],
  ['1::2::3', 'invalid'],
  ['12345::', 'invalid'],
  [':::', 'invalid'],
  ['g::1', 'invalid'],
  ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ['1:2:3:4:5:6:7', 'invalid'],
  ['::ffff:1.2.3', 'invalid'],
  ['[2606:4700::1', 'invalid'],
  ['2606:4700::1]', 'invalid'],
  // every spelling of a group
  ['1:2:3:4:5:6:7::', 'reserved'],
  ['::ffff:7F00:0001', 'loopback'],
  ['[2606:4700::1]', 'public'],
];

describe('the address classifier (domain/integrations/ip-address.ts: save-time URL check and the outbound HTTP adapter)', () => {
  it.each(table)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('only a public address may be called', () => {
    for (const [address, expected] of table) expect(isPublicAddress(address), address).toBe(expected === 'public');
  });

  it('every IPv4 address written as mapped IPv6 has the class of the IPv4 address', () => {
    for (const [address] of table.filter(([a, c]) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && c !== 'invalid')) {
      const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
      const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
      expect(classifyAddress(`::ffff:${address}`), address).toBe(classifyAddress(address));
      expect(classifyAddress(`::ffff:${hex}`), address).toBe(classifyAddress(address));
      expect(classifyAddress(`64:ff9b::${hex}`), address).toBe(classifyAddress(address));
    }
  });

  it('reads a literal exactly as the platform does: what node:net calls an address, and no other text', async () => {
    const { isIP } = await import('node:net');
    for (const [address] of table) {
      const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
      expect(classifyAddress(address) !== 'invalid', address).toBe(isIP(bare) !== 0 && !bare.includes('%'));
    }
  });
});
