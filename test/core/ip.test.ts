/** The one loopback rule (src/core/ip.ts): what the proxy choice and the handshake's dial both obey. */
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseIp } from '../../src/core/ip.js';

describe('isLoopbackHost: Go\'s "localhost" plus net.IP.IsLoopback', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    // IPv4-mapped: dotted as written, hex as a WHATWG URL serialises it
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:169.254.169.254', false],
    ['::ffff:a9fe:a9fe', false],
    // IPv4-compatible (::a.b.c.d) is not mapped: Go's To4 leaves it IPv6, and it is not ::1
    ['::127.0.0.1', false],
    ['128.0.0.1', false],
    ['169.254.169.254', false],
    ['::2', false],
    ['localhost.', false],
    ['127.example.com', false],
    ['', false],
  ])('%j: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('a mapped address is the IPv4 address, for NO_PROXY CIDRs too', () => {
    expect(parseIp('::ffff:10.1.2.3')).toEqual(parseIp('10.1.2.3'));
    expect(parseIp('::ffff:a01:203')).toEqual({ value: 0x0a010203n, bits: 32 });
  });
});
