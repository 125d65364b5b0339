import { describe, expect, it } from 'vitest';
import { classifyAddress, deliverableAddress, isIpv4, isIpv6 } from '../../../domain/integrations/ip-address.ts';

describe('classifyAddress: where a webhook may go (SSRF)', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['203.0.113.7', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['[2606:4700::1]', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
  ])('%s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it('172.15 and 172.32 are public, as is 100.128', () => {
    expect(classifyAddress('172.15.0.1')).toBe('public');
    expect(classifyAddress('172.32.0.1')).toBe('public');
    expect(classifyAddress('100.128.0.1')).toBe('public');
  });

  it.each(['example.com', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1::2::3', '12345::', ':::', 'g::1', '1:2:3:4:5:6:7:8:9', '::ffff:1.2.3'])(
    '%s is no IP literal',
    (text) => {
      expect(classifyAddress(text)).toBeNull();
      expect(isIpv4(text) || isIpv6(text)).toBe(false);
    },
  );

  it('deliverable: public always, loopback only when allowed, the rest never', () => {
    expect(deliverableAddress('8.8.8.8', false)).toBe(true);
    expect(deliverableAddress('127.0.0.1', false)).toBe(false);
    expect(deliverableAddress('127.0.0.1', true)).toBe(true);
    expect(deliverableAddress('10.0.0.1', true)).toBe(false);
    expect(deliverableAddress('169.254.169.254', true)).toBe(false);
    expect(deliverableAddress('example.com', true)).toBe(false);
  });
});
