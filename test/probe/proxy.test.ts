import { describe, expect, it } from 'vitest';
import { matchesNoProxy, proxyFor } from '../../src/probe/proxy.js';

describe('proxyFor follows golang.org/x/net/http/httpproxy', () => {
  it.each([
    ['https://github.com/a', { HTTPS_PROXY: 'http://p:3128' }, undefined, 'http://p:3128/', 'HTTPS_PROXY'],
    ['https://github.com/a', { https_proxy: 'p:3128' }, undefined, 'http://p:3128/', 'https_proxy'],
    // Upper case wins when both are set; an empty upper-case value falls back to lower case.
    ['https://github.com/a', { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' }, undefined, 'http://upper:1/', 'HTTPS_PROXY'],
    ['https://github.com/a', { HTTPS_PROXY: '', https_proxy: 'http://lower:2' }, undefined, 'http://lower:2/', 'https_proxy'],
    // HTTPS_PROXY is for https URLs only, HTTP_PROXY for http only.
    ['http://github.com/a', { HTTPS_PROXY: 'http://p:3128' }, undefined, undefined, 'direct: no proxy configured'],
    ['https://github.com/a', { HTTP_PROXY: 'http://p:3128' }, undefined, undefined, 'direct: no proxy configured'],
    ['http://github.com/a', { HTTP_PROXY: 'socks5://p:1080' }, undefined, 'socks5://p:1080', 'HTTP_PROXY'],
    ['http://github.com/a', { HTTP_PROXY: 'proxy.corp:8080' }, undefined, 'http://proxy.corp:8080/', 'HTTP_PROXY'],
    ['https://github.com/a', { HTTPS_PROXY: 'http://user:secret@p:3128' }, undefined, 'http://user:xxxxx@p:3128/', 'HTTPS_PROXY'],
    // Loopback and localhost are never proxied, whatever NO_PROXY says.
    ['http://localhost:8080/a', { HTTP_PROXY: 'http://p:3128' }, undefined, undefined, 'direct: Go never proxies localhost'],
    ['http://127.0.0.2/a', { HTTP_PROXY: 'http://p:3128' }, undefined, undefined, 'direct: Go never proxies 127.0.0.2'],
    ['http://[::1]:80/a', { HTTP_PROXY: 'http://p:3128' }, undefined, undefined, 'direct: Go never proxies ::1'],
    // IPv4-mapped loopback, which the URL spells in hex: Go's To4 makes it 127.0.0.1
    ['http://[::ffff:127.0.0.1]:80/a', { HTTP_PROXY: 'http://p:3128' }, undefined, undefined, 'direct: Go never proxies ::ffff:7f00:1'],
    ['https://github.com/a', { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'github.com' }, undefined, undefined, 'direct: github.com matches NO_PROXY'],
    ['http://[::ffff:10.1.2.3]/a', { HTTP_PROXY: 'http://p:3128', NO_PROXY: '10.0.0.0/8' }, undefined, undefined, 'direct: ::ffff:a01:203 matches NO_PROXY'],
    ['https://github.com/a', { HTTPS_PROXY: 'http://p:3128', no_proxy: '*' }, undefined, undefined, 'direct: github.com matches no_proxy'],
    // --proxy replaces the variables but keeps NO_PROXY.
    ['https://github.com/a', { HTTPS_PROXY: 'http://env:1' }, 'http://flag:2', 'http://flag:2/', '--proxy'],
    ['http://github.com/a', {}, 'flag:2', 'http://flag:2/', '--proxy'],
    ['https://github.com/a', { NO_PROXY: '.com' }, 'http://flag:2', undefined, 'direct: github.com matches NO_PROXY'],
  ])('%s with %j and --proxy %j', (url, env, override, proxy, reason) => {
    const choice = proxyFor(new URL(url), env, override);
    expect(choice.url).toBe(proxy);
    expect(choice.reason).toBe(reason);
  });

  it('keeps the credentials for the connection but not for display', () => {
    const choice = proxyFor(new URL('https://x.example/'), { HTTPS_PROXY: 'http://user:secret@p:3128' });
    expect(choice.rawUrl).toBe('http://user:secret@p:3128/');
    expect(choice.url).not.toContain('secret');
  });
});

describe('matchesNoProxy', () => {
  it.each([
    ['github.com', 'github.com', '443', true],
    ['github.com', 'api.github.com', '443', true],
    ['github.com', 'notgithub.com', '443', false],
    ['.github.com', 'github.com', '443', false],
    ['.github.com', 'api.github.com', '443', true],
    ['*.github.com', 'github.com', '443', false],
    ['*.github.com', 'objects.github.com', '443', true],
    ['GitHub.COM', 'github.com', '443', true],
    ['github.com:443', 'github.com', '443', true],
    ['github.com:8443', 'github.com', '443', false],
    [' foo.com , github.com ', 'github.com', '443', true],
    ['10.0.0.0/8', '10.1.2.3', '80', true],
    ['10.0.0.0/8', '11.1.2.3', '80', false],
    ['10.0.0.0/8', 'ten.example', '80', false],
    ['fd00::/8', 'fd12::1', '80', true],
    ['192.168.1.10', '192.168.1.10', '80', true],
    ['192.168.1.10:8080', '192.168.1.10', '80', false],
    ['[::1]:80', '::1', '80', true],
    ['', 'github.com', '443', false],
    [',,', 'github.com', '443', false],
  ])('NO_PROXY=%j host %s port %s -> %s', (noProxy, host, port, expected) => {
    expect(matchesNoProxy(noProxy, host, port)).toBe(expected);
  });
});
