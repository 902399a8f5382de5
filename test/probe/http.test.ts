import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createSecureServer } from 'node:http2';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PluginEntry } from '../../src/config/types.js';
import { invalidHeader } from '../../src/probe/http.js';
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

  it('keeps dropping credentials after the chain comes back to the first host, like current Go', async () => {
    const first = await server((req, res) => {
      if (req.url === '/start') return res.writeHead(302, { location: `http://localhost:${first.port}/away` }).end();
      if (req.url === '/away') return res.writeHead(307, { location: `http://127.0.0.1:${first.port}/back` }).end();
      serve(PAYLOAD)(req, res);
    });
    const [facts] = await probePlugins(
      [entry(`${first.origin}/start`, { headersFrom: ['h'] })],
      opts({ headersFor: () => ({ Authorization: 'Bearer s3cr3t', 'Content-Type': 'application/json', Accept: 'application/octet-stream' }) }),
    );
    expect(facts!.download!.hops.map((h) => [new URL(h.url).pathname, h.headersSent, h.headersDropped])).toEqual([
      ['/start', ['Authorization', 'Content-Type', 'Accept'], []],
      // after a 302 Go also drops the body headers; leaving 127.0.0.1 drops Authorization
      ['/away', ['Accept'], ['Authorization', 'Content-Type']],
      // a 307 keeps body headers; Authorization stays dropped although the host is the first one again
      ['/back', ['Content-Type', 'Accept'], ['Authorization']],
    ]);
    expect(first.requests.map((r) => r.headers.authorization)).toEqual(['Bearer s3cr3t', undefined, undefined]);
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

  it.each([2040, 2046, 2060])('masks a header value the excerpt cut would split (it starts at byte %i of the error body)', async (at) => {
    const s = await server((req, res) => res.writeHead(401, { 'content-type': 'text/plain' }).end(`x${' '.repeat(at - 1)}${req.headers.authorization}${' tail'.repeat(2000)}`));
    const [facts] = await probePlugins([entry(`${s.origin}/x`, { headersFrom: ['token'] })], opts({ headersFor: () => ({ Authorization: 'Bearer s3cr3t-t0ken-value' }) }));
    expect(facts!.download).toMatchObject({ outcome: 'http-status', status: 401 });
    expect(facts!.download!.bodyExcerpt).toMatch(/^x/);
    for (const prefix of ['s3c', 'Bearer s', 'Bea']) expect(facts!.download!.bodyExcerpt).not.toContain(prefix);
  });

  it('saves and inspects an error page for a controller before v1.8', async () => {
    const page = '<!DOCTYPE html><html><head><title>Not Found</title></head><body>404</body></html>';
    const s = await server((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end(page));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts({ saveErrorPages: true }));
    expect(facts!.download).toMatchObject({ outcome: 'http-status', status: 404, bytes: page.length, bodyExcerpt: page });
    expect(facts!.content!.sha256).toBe(sha(page));
    expect(facts!.binary).toMatchObject({ format: 'html', summary: 'HTML document ("Not Found")' });
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

  it('reports a chunked body cut in the middle of a chunk as truncated', async () => {
    const s = await server((req) => {
      req.socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n' + 'b'.repeat(100));
      setTimeout(() => req.socket.end(), 100);
    });
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'truncated', bytes: 100, error: { goError: 'unexpected EOF' } });
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

  it('fails like Go on a body labelled gzip that is not', async () => {
    const s = await server(serve(PAYLOAD, { 'content-encoding': 'gzip' }));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'network-error', error: { code: 'Z_DATA_ERROR', goError: 'gzip: invalid header' } });
    expect(facts!.content).toBeUndefined();
  });

  it('fails like Go on a gzip body that stops decoding part way, keeping nothing', async () => {
    const zipped = gzipSync(randomBytes(4 * 1024 * 1024), { level: 1 });
    // A byte flipped in the middle: the decoder fails after decoding the first megabytes.
    zipped[zipped.length >> 1]! ^= 0xff;
    const s = await server(serve(zipped, { 'content-encoding': 'gzip' }));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'network-error', decompressed: true, error: { code: 'Z_DATA_ERROR', goError: 'gzip: invalid header' } });
    expect(facts!.content).toBeUndefined();
  });

  it('decodes a gzip error page for its excerpt', async () => {
    const s = await server((_req, res) => res.writeHead(403, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(gzipSync('Forbidden: token expired')));
    const [facts] = await probePlugins([entry(`${s.origin}/x`)], opts());
    expect(facts!.download).toMatchObject({ outcome: 'http-status', status: 403, decompressed: true, bodyExcerpt: 'Forbidden: token expired' });
  });

  it('sends the User-Agent of headersFrom instead of Go\'s, once', async () => {
    const s = await server(serve(PAYLOAD));
    await probePlugins([entry(`${s.origin}/x`, { headersFrom: ['h'] })], opts({ headersFor: () => ({ 'User-Agent': 'my-agent' }) }));
    expect(s.requests[0]!.headers['user-agent']).toBe('my-agent');
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

  it('never has more than `concurrency` downloads in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const s = await server((req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        serve(PAYLOAD)(req, res);
      }, 100);
    });
    const entries = Array.from({ length: 7 }, (_, i) => entry(`${s.origin}/p${i}`, { index: i, name: `ns/p${i}` }));
    const results = await probePlugins(entries, opts({ concurrency: 3 }));
    expect(most).toBe(3);
    expect(results.every((r) => r.download!.outcome === 'ok')).toBe(true);
  });
});

describe('TLS', () => {
  it('trusts an extra CA file', async () => {
    const s = await server(serve(PAYLOAD), 'valid');
    const facts = await probeTarget(`${s.origin}/x`, opts({ extraCaFile: certs.caFile }));
    expect(facts.download!.outcome).toBe('ok');
  });

  it('speaks HTTP/2 when the server offers it, as Go does (GitHub does)', async () => {
    const h2 = createSecureServer({ ...certs.valid, allowHTTP1: false }, (req, res) => {
      if (req.url === '/r') return res.writeHead(302, { location: '/asset' }).end();
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(PAYLOAD));
    });
    const sockets = new Set<Socket>();
    h2.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    const { port } = h2.address() as AddressInfo;
    const facts = await probeTarget(`https://127.0.0.1:${port}/r`, opts({ extraCaFile: certs.caFile }));
    expect(facts.download).toMatchObject({ outcome: 'ok', status: 200, decompressed: true, bytes: PAYLOAD.length });
    expect(facts.download!.hops.map((h) => h.status)).toEqual([302, 200]);
    expect(facts.content!.sha256).toBe(sha(PAYLOAD));
    for (let i = 0; i < 100 && sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sockets.size).toBe(0);
    await new Promise((resolve) => h2.close(resolve));
  });

  it('gives up on a TLS handshake that never completes within the connect deadline', async () => {
    const silent = createServer(() => undefined);
    const sockets = new Set<Socket>();
    silent.on('connection', (socket) => {
      socket.resume(); // read, so the close of the client is seen
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const facts = await probeTarget(`https://127.0.0.1:${port}/x`, opts({ deadlines: { connectMs: 300 } }));
    expect(facts.download).toMatchObject({ outcome: 'timeout', error: { phase: 'connect', deadlineMs: 300 } });
    for (let i = 0; i < 100 && sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sockets.size).toBe(0);
    await new Promise((resolve) => silent.close(resolve));
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

describe('NODE_TLS_REJECT_UNAUTHORIZED', () => {
  // Go's client (the controller) does not read it: a certificate it rejects must be rejected here too.
  it('=0 in the environment does not make an untrusted certificate pass', async () => {
    const s = await server(serve(PAYLOAD), 'selfSigned');
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const facts = await probeTarget(`${s.origin}/x`, opts());
      expect(facts.download).toMatchObject({ outcome: 'tls-error', error: { tls: 'self-signed' } });
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
    }
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
    expect(viaHttps!.download).toMatchObject({ outcome: 'ok', hops: [{ proxy: `http://user:xxxxx@127.0.0.1:${proxy.port}/`, proxyReason: 'https_proxy' }] });
    expect(proxy.connects).toEqual([`plugins.example.com:${secure.port}`]);
  });

  it('says when the proxy refuses the tunnel or cannot be reached, as Go would', async () => {
    const blocking = await startServer(serve('blocked'), undefined, (srv) =>
      srv.on('connect', (_req, socket: Socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')),
    );
    servers.push(blocking);
    const [refusedTunnel] = await probePlugins([entry('https://github.com/o/r/releases/download/v1/p')], opts({ proxyEnv: { HTTPS_PROXY: blocking.origin } }));
    expect(refusedTunnel!.download).toMatchObject({ outcome: 'proxy-error', error: { proxyStatus: 403, goError: 'Forbidden' } });
    const [unreachable] = await probePlugins([entry('https://github.com/o/r/releases/download/v1/p')], opts({ proxyEnv: { HTTPS_PROXY: 'http://127.0.0.1:1' } }));
    expect(unreachable!.download).toMatchObject({
      outcome: 'proxy-error',
      error: { code: 'ECONNREFUSED', goError: 'proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused' },
    });
  });

  it('goes direct for NO_PROXY hosts', async () => {
    const proxy = await startProxy();
    servers.push(proxy);
    const facts = await probeTarget('http://plugins.invalid/p', opts({ proxyEnv: { HTTP_PROXY: `127.0.0.1:${proxy.port}`, NO_PROXY: '.invalid' } }));
    expect(facts.download).toMatchObject({ outcome: 'dns-failure', hops: [{ proxyReason: 'direct: plugins.invalid matches NO_PROXY' }] });
    expect(proxy.requests).toEqual([]);
  });
});

describe('headers Go refuses to send', () => {
  it.each([
    ['a token', { Authorization: 'Bearer abc' }],
    ['a tab, spaces and bytes above 0x7f', { 'X-Token': ' a\tb é ' }],
    ['an empty value', { 'X-Empty': '' }],
  ])('accepts %s', (_what, headers) => {
    expect(invalidHeader(headers)).toBeUndefined();
  });

  it.each([
    ['a trailing newline', { Authorization: 'Bearer abc\n' }, 'the value of header "Authorization" ends with a newline', 'net/http: invalid header field value for "Authorization"'],
    ['a trailing CRLF', { Authorization: 'Bearer abc\r\n' }, 'the value of header "Authorization" ends with a newline', 'net/http: invalid header field value for "Authorization"'],
    ['a NUL inside', { 'X-Key': 'a\u0000b' }, 'the value of header "X-Key" contains the control character U+0000', 'net/http: invalid header field value for "X-Key"'],
    ['a DEL', { 'X-Key': 'a\u007f' }, 'the value of header "X-Key" contains the control character U+007F', 'net/http: invalid header field value for "X-Key"'],
    ['a name with a space', { 'X Key': 'v' }, 'the header name "X Key" is not an HTTP token', 'net/http: invalid header field name "X Key"'],
  ])('rejects %s, naming the header but never the value', (_what, headers, message, goError) => {
    expect(invalidHeader(headers)).toEqual({ message, header: Object.keys(headers)[0], goError });
  });

  it('sends nothing when a headersFrom value ends with a newline, and records invalid-header', async () => {
    const s = await server(serve(PAYLOAD));
    const [facts] = await probePlugins([entry(`${s.origin}/x`, { headersFrom: ['h'] })], opts({ headersFor: () => ({ Authorization: 'Bearer s3cr3t\n' }) }));
    expect(s.requests).toEqual([]);
    expect(facts!.download).toMatchObject({ outcome: 'invalid-header', hops: [], error: { header: 'Authorization' } });
    expect(facts!.content).toBeUndefined();
    expect(JSON.stringify(facts)).not.toContain('s3cr3t');
  });

  it('records the headersFrom Secrets whose headers were not sent', async () => {
    const s = await server(serve(PAYLOAD));
    const [without] = await probePlugins([entry(`${s.origin}/x`, { headersFrom: ['a', 'b'] })], opts());
    expect(without!.headersNotSent).toEqual(['a', 'b']);
    const [sent] = await probePlugins([entry(`${s.origin}/x`, { headersFrom: ['a'] })], opts({ headersFor: () => ({ 'X-Key': 'k' }) }));
    expect(sent!.headersNotSent).toBeUndefined();
  });
});
