import { describe, expect, it } from 'vitest';
import { checkTarget } from '../../../adapters/http/target-policy.ts';

const outcome = (url: string, allowLoopbackHttp = false): string => {
  const result = checkTarget(url, { allowLoopbackHttp });
  return result.kind === 'refused' ? result.reason : 'allowed';
};

describe('which URLs may be called (in AWS)', () => {
  it.each([
    ['https://hooks.example.com/cronaca', 'allowed'],
    ['https://HOOKS.EXAMPLE.COM:8443/x?y=1', 'allowed'],
    ['https://8.8.8.8/', 'allowed'],
    ['https://[2606:4700:4700::1111]/', 'allowed'],
    ['http://hooks.example.com/', 'scheme'],
    ['ftp://hooks.example.com/', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['gopher://127.0.0.1:6379/_INFO', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['data:text/plain,hi', 'scheme'],
    ['hooks.example.com/x', 'invalid-url'],
    ['', 'invalid-url'],
    ['https://', 'invalid-url'],
    ['https://user:secret@hooks.example.com/', 'credentials'],
    ['https://user@hooks.example.com/', 'credentials'],
    // every spelling of 127.0.0.1: the URL parser normalises the host before the classifier sees it
    ['https://127.0.0.1/', 'private-address'],
    ['https://0x7f.1/', 'private-address'],
    ['https://0x7f000001/', 'private-address'],
    ['https://017700000001/', 'private-address'],
    ['https://0177.0.0.1/', 'private-address'],
    ['https://2130706433/', 'private-address'],
    ['https://127.1/', 'private-address'],
    ['https://127.0.0.1./', 'private-address'],
    ['https://[::1]/', 'private-address'],
    ['https://[0:0:0:0:0:0:0:1]/', 'private-address'],
    ['https://[::ffff:127.0.0.1]/', 'private-address'],
    ['https://[::ffff:7f00:1]/', 'private-address'],
    ['https://[::127.0.0.1]/', 'private-address'],
    ['https://[64:ff9b::7f00:1]/', 'private-address'],
    ['https://[64:ff9b::169.254.169.254]/', 'private-address'],
    ['https://0/', 'private-address'],
    ['https://0.0.0.0/', 'private-address'],
    ['https://[::]/', 'private-address'],
    ['https://10.0.0.1/', 'private-address'],
    ['https://012.0.0.1/', 'private-address'],
    ['https://172.16.0.1/', 'private-address'],
    ['https://192.168.1.1/', 'private-address'],
    ['https://100.64.0.1/', 'private-address'],
    ['https://169.254.169.254/latest/meta-data/', 'private-address'],
    ['https://0xa9fea9fe/', 'private-address'],
    ['https://2852039166/', 'private-address'],
    ['https://[fd00:ec2::254]/', 'private-address'],
    ['https://[::ffff:169.254.169.254]/', 'private-address'],
    ['https://[fe80::1]/', 'private-address'],
    ['https://[fc00::1]/', 'private-address'],
    ['https://[ff02::1]/', 'private-address'],
    ['https://224.0.0.1/', 'private-address'],
    ['https://255.255.255.255/', 'private-address'],
    ['https://192.0.2.1/', 'private-address'],
    ['https://[2001:db8::1]/', 'private-address'],
    // names that are always loopback, in any case, with the root dot, IDNA-mapped
    ['https://localhost/', 'private-address'],
    ['https://LOCALHOST/', 'private-address'],
    ['https://localhost./', 'private-address'],
    ['https://LocalHost.:8443/', 'private-address'],
    ['https://api.localhost/', 'private-address'],
    ['https://ⓛocalhost/', 'private-address'],
    ['https://１２７.０.０.１/', 'private-address'],
  ])('%s → %s', (url, expected) => {
    expect(outcome(url)).toBe(expected);
  });

  it('keeps the name (SNI, Host) and the port, and strips the IPv6 brackets', () => {
    const named = checkTarget('https://Hooks.Example.com:8443/a?b=c');
    expect(named).toMatchObject({ kind: 'target', hostname: 'hooks.example.com', port: 8443, literal: null });
    expect(checkTarget('https://[2606:4700:4700::1111]/')).toMatchObject({ hostname: '2606:4700:4700::1111', port: 443, literal: '2606:4700:4700::1111' });
  });

  it('a name may resolve to public addresses only', () => {
    const target = checkTarget('https://hooks.example.com/');
    if (target.kind !== 'target') throw new Error('expected a target');
    expect(target.allowsAddress('93.184.216.34')).toBe(true);
    expect(target.allowsAddress('127.0.0.1')).toBe(false);
    expect(target.allowsAddress('10.0.0.1')).toBe(false);
    expect(target.allowsAddress('::ffff:169.254.169.254')).toBe(false);
  });
});

describe('which URLs may be called on the local stack (allowLoopbackHttp)', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'allowed'],
    ['http://[::1]:8080/hook', 'allowed'],
    ['http://localhost:8080/hook', 'allowed'],
    ['http://LOCALHOST.:8080/hook', 'allowed'],
    ['https://localhost:8443/hook', 'allowed'],
    // the same address however it is spelt
    ['http://0x7f.1:8080/', 'allowed'],
    ['http://2130706433:8080/', 'allowed'],
    // nothing else is relaxed
    ['http://127.0.0.2/', 'scheme'],
    ['https://127.0.0.2/', 'private-address'],
    ['http://[::ffff:7f00:1]/', 'scheme'],
    ['http://0.0.0.0:8080/', 'scheme'],
    ['http://api.localhost/', 'scheme'],
    ['http://10.0.0.1/', 'scheme'],
    ['https://10.0.0.1/', 'private-address'],
    ['http://hooks.example.com/', 'scheme'],
    ['https://hooks.example.com/', 'allowed'],
    ['https://169.254.169.254/', 'private-address'],
    ['http://user:pw@127.0.0.1/', 'credentials'],
  ])('%s → %s', (url, expected) => {
    expect(outcome(url, true)).toBe(expected);
  });

  it('localhost may resolve to 127.0.0.1 and ::1 only', () => {
    const target = checkTarget('http://localhost:8080/', { allowLoopbackHttp: true });
    if (target.kind !== 'target') throw new Error('expected a target');
    expect(target.allowsAddress('127.0.0.1')).toBe(true);
    expect(target.allowsAddress('::1')).toBe(true);
    expect(target.allowsAddress('127.0.0.2')).toBe(false);
    expect(target.allowsAddress('10.0.0.1')).toBe(false);
    expect(target.allowsAddress('93.184.216.34')).toBe(false);
  });
});
