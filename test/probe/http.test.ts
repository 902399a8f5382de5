import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PluginEntry } from '../../src/config/types.js';
import { probePlugins, probeTarget } from '../../src/probe/probe.js';
import type { ProbeOptions } from '../../src/probe/types.js';
import { serve, startProxy, startServer, type Handler, type LoopbackServer } from '../support/hostile-http.js';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.js';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const PAYLOAD = Buffer.from('\x7fELF fake plugin payload '.repeat(2000));

let cacheDir: string;
let certs: TestCerts;
const servers: LoopbackServer[] = [];

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'probe-cache-'));
  certs = makeTestCerts();
});
afterAll(() => {
  rmSync(cacheDir, { recursive: true, force: true });
  certs.remove();
});
afterEach(async () => {
  // Nothing may stay open or half-written after a probe, whatever the server did.
  for (const server of servers.splice(0)) {
    await server.waitForNoSockets();
    await server.close();
  }
  expect(readdirSync(cacheDir).filter((f) => f.startsWith('.partial-'))).toEqual([]);
});

async function server(handler: Handler, tls?: keyof Pick<TestCerts, 'valid' | 'expired' | 'wrongHost' | 'selfSigned'>) {
  const s = await startServer(handler, tls ? certs[tls] : undefined);
  servers.push(s);
  return s;
}

const base: ProbeOptions = { proxyEnv: {} };
const opts = (extra: ProbeOptions = {}): ProbeOptions => ({ ...base, cacheDir, ...extra });

function entry(location: string, extra: Partial<PluginEntry> = {}): PluginEntry {
  return { type: 'trafficrouter', key: 'trafficRouterPlugins', index: 0, name: 'argoproj-labs/test', location, ...extra };
}

describe('download like Go', () => {
  it('downloads, hashes and caches the body, sending what Go sends', async () => {
    const s = await server(serve(PAYLOAD, { 'content-type': 'application/octet-stream' }));
    const [facts] = await probePlugins([entry(`${s.origin}/plugin`, { sha256: sha(PAYLOAD) })], opts());
    expect(facts!.download).toMatchObject({ outcome: 'ok', status: 200, bytes: PAYLOAD.length, contentType: 'application/octet-stream', decompressed: false });
    expect(facts!.download!.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(facts!.download!.throughput).toBeGreaterThan(0);
    expect(facts!.sha256).toEqual({ state: 'ok', expected: sha(PAYLOAD), actual: sha(PAYLOAD) });
    const cachePath = facts!.content!.cachePath!;
    expect(cachePath).toBe(join(cacheDir, sha(PAYLOAD)));
    expect(readFileSync(cachePath)).toEqual(PAYLOAD);
    expect(statSync(cachePath).mode & 0o777).toBe(0o700);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(s.requests[0]).toMatchObject({ method: 'GET', headers: { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' } });
    expect(facts!.download!.hops).toEqual([{ url: `${s.origin}/plugin`, host: `127.0.0.1:${s.port}`, status: 200, headersSent: [], headersDropped: [], proxyReason: 'direct: no proxy configured' }]);
  });

  it('reports the whole redirect chain, keeping headers to the same host name on another port', async () => {
    const target = await server(serve(PAYLOAD));
    const s = await server((_req, res) => res.writeHead(302, { location: `${target.origin}/asset` }).end());
    const [facts] = await probePlugins([entry(`${s.origin}/download`, { headersFrom: ['token'] })], opts({ headersFor: () => ({ Authorization: 'Bearer s3cr3t' }) }));
    expect(facts!.download!.outcome).toBe('ok');
    expect(facts!.download!.hops.map((h) => [h.host, h.status, h.headersSent, h.headersDropped])).toEqual([
      [`127.0.0.1:${s.port}`, 302, ['Authorization'], []],
      [`127.0.0.1:${target.port}`, 200, ['Authorization'], []],
    ]);
    expect(target.requests[0]!.headers.authorization).toBe('Bearer s3cr3t');
    expect(JSON.stringify(facts)).not.toContain('s3cr3t');
  });

  it('drops Authorization but not other headers on a redirect to another host, like Go', async () => {
    const target = await server(serve(PAYLOAD));
    const s = await server((_req, res) => res.writeHead(302, { location: `http://localhost:${target.port}/asset` }).end());
    const [facts] = await probePlugins(
      [entry(`${s.origin}/download`, { headersFrom: ['token'] })],
      opts({ headersFor: () => ({ Authorization: 'Bearer s3cr3t', 'X-Api-Key': 'k3y' }) }),
    );
    const hop = facts!.download!.hops[1]!;
    expect(hop).toMatchObject({ host: `localhost:${target.port}`, headersSent: ['X-Api-Key'], headersDropped: ['Authorization'] });
    expect(target.requests[0]!.headers.authorization).toBeUndefined();
    expect(target.requests[0]!.headers['x-api-key']).toBe('k3y');
  });

  it('masks the credentials of a pre-signed redirect URL in facts, but follows the real one', async () => {
    const target = await server(serve(PAYLOAD));
    const signed = `${target.origin}/asset?X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=deadbeef&response-content-type=application%2Foctet-stream`;
    const s = await server((_req, res) => res.writeHead(302, { location: signed }).end());
    const [facts] = await probePlugins([entry(`${s.origin}/download`)], opts());
    expect(facts!.download!.outcome).toBe('ok');
    expect(target.requests[0]!.url).toBe('/asset?X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=deadbeef&response-content-type=application%2Foctet-stream');
    const masked = `${target.origin}/asset?X-Amz-Credential=***&X-Amz-Signature=***&response-content-type=application%2Foctet-stream`;
    expect(facts!.download!.finalUrl).toBe(masked);
    expect(facts!.download!.hops.map((h) => [h.url, h.location])).toEqual([
      [`${s.origin}/download`, masked],
      [masked, undefined],
    ]);
    expect(JSON.stringify(facts)).not.toContain('deadbeef');
  });

  it('stops a redirect loop', async () => {
    const s = await server((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const [facts] = await probePlugins([entry(`${s.origin}/a`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'redirect-loop', finalUrl: `${s.origin}/a` });
    expect(facts!.download!.hops.map((h) => new URL(h.url).pathname)).toEqual(['/a', '/b']);
    expect(facts!.content).toBeUndefined();
  });

  it('stops at the 10th redirect as Go does', async () => {
    const s = await server((req, res) => res.writeHead(301, { location: `/r${Number(req.url!.slice(2)) + 1}` }).end());
    const [facts] = await probePlugins([entry(`${s.origin}/r0`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'too-many-redirects', error: { goError: 'stopped after 10 redirects' } });
    expect(facts!.download!.hops).toHaveLength(10);
  });

  it('refuses a redirect to file:// like Go (unsupported protocol scheme)', async () => {
    const s = await server((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'redirect-bad-scheme', finalUrl: 'file:///etc/passwd', error: { goError: 'unsupported protocol scheme "file"' } });
  });

  it('saves the body of a 3xx without Location, as Go returns it', async () => {
    const s = await server((_req, res) => res.writeHead(302, { 'content-type': 'text/html' }).end('<html><body>moved</body></html>'));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download!.outcome).toBe('redirect-without-location');
    expect(facts!.binary!.format).toBe('html');
  });

  it.each([
    [404, {}, 'Not Found'],
    [429, { 'retry-after': '120' }, 'slow down'],
    [500, {}, 'internal error'],
  ])('reports HTTP %i with a body excerpt', async (status, headers, text) => {
    const s = await server((_req, res) => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`${text}\n${'x'.repeat(10_000)}`));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'http-status', status, contentType: 'text/plain' });
    expect(facts!.download!.bodyExcerpt!.startsWith(text)).toBe(true);
    expect(facts!.download!.bodyExcerpt!.length).toBeLessThan(400);
    if (status === 429) expect(facts!.download!.retryAfter).toBe('120');
    expect(facts!.content).toBeUndefined();
  });

  it('gives up on headers that never finish within the headers deadline', async () => {
    const s = await server((req) => req.socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n'));
    const started = Date.now();
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts({ deadlines: { headersMs: 300 } }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(facts!.download).toMatchObject({ outcome: 'timeout', bytes: 0, error: { phase: 'headers', deadlineMs: 300 } });
  });

  it('gives up on a body that stalls, with the bytes received so far', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write(Buffer.alloc(1000, 1));
    });
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts({ deadlines: { bodyIdleMs: 300 } }));
    expect(facts!.download).toMatchObject({ outcome: 'timeout', bytes: 1000, error: { phase: 'body-idle', deadlineMs: 300 } });
    expect(facts!.content).toBeUndefined();
  });

  it('gives up on an endless body at the overall deadline', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write(Buffer.alloc(4096)), 20);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts({ deadlines: { totalMs: 600 } }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(facts!.download).toMatchObject({ outcome: 'timeout', error: { phase: 'total', deadlineMs: 600 } });
    expect(facts!.download!.bytes).toBeGreaterThan(0);
  });

  it('reports a body shorter than its Content-Length as truncated', async () => {
    const s = await server((req) => {
      req.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n' + 'a'.repeat(1200));
      setTimeout(() => req.socket.end(), 100);
    });
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'truncated', contentLength: 5000, bytes: 1200, error: { goError: 'unexpected EOF' } });
    expect(facts!.content).toBeUndefined();
  });

  it('keeps exactly Content-Length bytes when the server sends more, as Go does', async () => {
    const s = await server((req) => {
      req.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789EXTRA-BYTES');
    });
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'ok', bytes: 10 });
    expect(facts!.content!.sha256).toBe(sha('0123456789'));
  });

  it('decodes gzip Content-Encoding when it asked for gzip, hashing the decoded bytes', async () => {
    const s = await server(serve(gzipSync(PAYLOAD), { 'content-encoding': 'gzip' }));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'ok', decompressed: true, bytes: PAYLOAD.length, contentEncoding: 'gzip' });
    expect(facts!.content!.sha256).toBe(sha(PAYLOAD));
  });

  it('keeps gzip bytes as they are when the request set its own Accept-Encoding', async () => {
    const zipped = gzipSync(PAYLOAD);
    const s = await server(serve(zipped, { 'content-encoding': 'gzip' }));
    const [facts] = await probePlugins([entry(`${s.origin}/x`, { headersFrom: ['h'] })], opts({ headersFor: () => ({ 'Accept-Encoding': 'gzip' }) }));
    expect(facts!.download).toMatchObject({ outcome: 'ok', decompressed: false });
    expect(facts!.content!.sha256).toBe(sha(zipped));
    expect(facts!.binary!.format).toBe('gzip');
  });

  it('stops a body larger than maxSize and keeps no file', async () => {
    const s = await server(serve(Buffer.alloc(300_000)));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts({ maxSize: 100_000 }));
    expect(facts!.download!.outcome).toBe('too-large');
    expect(facts!.download!.bytes).toBeGreaterThan(100_000);
    expect(facts!.content).toBeUndefined();
    expect(readdirSync(cacheDir)).not.toContain(sha(Buffer.alloc(300_000)));
  });

  it('reports a refused connection and a DNS failure', async () => {
    const s = await server(serve('x'));
    const port = s.port;
    await s.close();
    servers.pop();
    const [refused, dns] = await probePlugins([entry(`http://127.0.0.1:${port}/x`), entry('http://plugins.invalid/x')], opts());
    expect(refused!.download).toMatchObject({ outcome: 'connection-refused', error: { code: 'ECONNREFUSED', goError: `dial tcp 127.0.0.1:${port}: connect: connection refused` } });
    expect(dns!.download).toMatchObject({ outcome: 'dns-failure', error: { goError: 'dial tcp: lookup plugins.invalid: no such host' } });
  });

  it('stops at once and removes the partial file when the caller aborts', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': '10000000' });
      res.write(Buffer.alloc(5000));
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts({ signal: controller.signal }));
    expect(facts!.download!.outcome).toBe('aborted');
  });

  it('probes plugins concurrently', async () => {
    const s = await server((_req, res) => setTimeout(() => serve(PAYLOAD)(_req, res), 300));
    const entries = Array.from({ length: 8 }, (_, i) => entry(`${s.origin}/p${i}`, { index: i, name: `ns/p${i}` }));
    const started = Date.now();
    const results = await probePlugins(entries, opts({ concurrency: 8 }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(results.map((r) => r.entry.name)).toEqual(entries.map((e) => e.name));
    expect(results.every((r) => r.download!.outcome === 'ok')).toBe(true);
  });
});

describe('TLS', () => {
  it('trusts an extra CA file', async () => {
    const s = await server(serve(PAYLOAD), 'valid');
    const facts = await probeTarget(`${s.origin}/x`, opts({ extraCaFile: certs.caFile }));
    expect(facts.download!.outcome).toBe('ok');
  });

  it.each([
    ['expired', 'expired', true, 'x509: certificate has expired or is not yet valid'],
    ['selfSigned', 'self-signed', false, 'x509: certificate signed by unknown authority'],
    ['valid', 'unknown-authority', false, 'x509: certificate signed by unknown authority'],
    ['wrongHost', 'host-mismatch', true, 'x509: certificate is valid for plugins.example.com, not 127.0.0.1'],
  ] as const)('names the failure of a %s certificate', async (cert, kind, trustCa, goError) => {
    const s = await server(serve(PAYLOAD), cert);
    const facts = await probeTarget(`${s.origin}/x`, opts(trustCa ? { extraCaFile: certs.caFile } : {}));
    expect(facts.download).toMatchObject({ outcome: 'tls-error', error: { tls: kind } });
    expect(facts.download!.error!.goError).toContain(goError);
  });
});

describe('proxy', () => {
  it('uses HTTP_PROXY for http and HTTPS_PROXY (CONNECT) for https, and says so', async () => {
    const plain = await server(serve(PAYLOAD));
    const secure = await server(serve(PAYLOAD), 'wrongHost');
    const proxy = await startProxy();
    servers.push(proxy);
    const proxyEnv = { HTTP_PROXY: `127.0.0.1:${proxy.port}`, https_proxy: `http://user:pw@127.0.0.1:${proxy.port}` };
    const [viaHttp, viaHttps] = await probePlugins(
      [entry(`http://plugins.example.com:${plain.port}/p`), entry(`https://plugins.example.com:${secure.port}/p`)],
      opts({ proxyEnv, extraCaFile: certs.caFile }),
    );
    expect(viaHttp!.download).toMatchObject({ outcome: 'ok', hops: [{ proxy: `http://127.0.0.1:${proxy.port}/`, proxyReason: 'HTTP_PROXY' }] });
    expect(proxy.requests[0]!.target).toBe(`http://plugins.example.com:${plain.port}/p`);
    expect(viaHttps!.download).toMatchObject({ outcome: 'ok', hops: [{ proxy: `http://user:***@127.0.0.1:${proxy.port}/`, proxyReason: 'https_proxy' }] });
    expect(proxy.connects).toEqual([`plugins.example.com:${secure.port}`]);
  });

  it('goes direct for NO_PROXY hosts', async () => {
    const proxy = await startProxy();
    servers.push(proxy);
    const facts = await probeTarget('http://plugins.invalid/p', opts({ proxyEnv: { HTTP_PROXY: `127.0.0.1:${proxy.port}`, NO_PROXY: '.invalid' } }));
    expect(facts.download).toMatchObject({ outcome: 'dns-failure', hops: [{ proxyReason: 'direct: plugins.invalid matches NO_PROXY' }] });
    expect(proxy.requests).toEqual([]);
  });
});
