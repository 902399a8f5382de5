/**
 * The probe checks over facts from real downloads: each hostile or broken server ends in the
 * finding a user would see, with its evidence and fix; a good download gives none.
 */
import { expectFindings } from '../../support/check-tester.js';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../../src/checks/probe/index.js';
import { runChecks } from '../../../src/core/check.js';
import { scopedSignal } from '../../../src/core/deadline.js';
import type { Finding } from '../../../src/core/finding.js';
import type { PluginEntry } from '../../../src/config/types.js';
import { kubectlConnection } from '../../../src/cluster/kubectl-command.js';
import { probePlugins } from '../../../src/probe/probe.js';
import type { ProbeOptions } from '../../../src/probe/types.js';
import { serve, startServer, type LoopbackServer } from '../../support/hostile-http.js';
import { makeTestCerts, type TestCerts } from '../../support/tls-certs.js';

// Long enough (20 bytes and more) to be read as an ELF header: a shorter one is text, which is never offered as a pin.
const PAYLOAD = Buffer.from('\x7fELF pretend plugin binary');
const SHA = createHash('sha256').update(PAYLOAD).digest('hex');

let s: LoopbackServer;
let tlsServer: LoopbackServer;
let certs: TestCerts;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'probe-checks-'));
  mkdirSync(join(dir, 'pod/plugins/dir'), { recursive: true });
  certs = makeTestCerts();
  s = await startServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/ok') return serve(PAYLOAD)(req, res);
    if (path === '/private') return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    if (path === '/too-large') return res.writeHead(413, 'Payload Too Large').end();
    if (path === '/busy') return res.writeHead(429, { 'retry-after': '60' }).end('rate limited');
    if (path === '/proxy-auth') return res.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end();
    if (path === '/hang') return req.socket.write('HTTP/1.1 200 OK\r\n');
    if (path === '/short') {
      req.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n' + 'x'.repeat(300));
      return setTimeout(() => req.socket.end(), 50);
    }
    if (path === '/big') return serve(Buffer.alloc(5000))(req, res);
    if (path === '/loop') return res.writeHead(302, { location: '/loop2' }).end();
    if (path === '/loop2') return res.writeHead(302, { location: '/loop' }).end();
    if (path.startsWith('/hop')) return res.writeHead(302, { location: `/hop${Number(path.slice(4)) + 1}` }).end();
    if (path === '/to-file') return res.writeHead(301, { location: 'file:///plugin' }).end();
    if (path === '/no-location') return res.writeHead(302).end('moved');
    if (path === '/to-other-host') return res.writeHead(302, { location: `http://localhost:${s.port}/private` }).end();
    if (path === '/reset') return req.socket.destroy();
    if (path === '/slow') return res.writeHead(200, { 'content-length': '100' }).write('x');
    res.writeHead(500).end();
  });
  tlsServer = await startServer(serve(PAYLOAD), certs.expired);
});
afterAll(async () => {
  await s.close();
  await tlsServer.close();
  certs.remove();
  rmSync(dir, { recursive: true, force: true });
});

function entry(location: string, extra: Partial<PluginEntry> = {}): PluginEntry {
  return { type: 'metricprovider', key: 'metricProviderPlugins', index: 0, name: 'argoproj-labs/metric', location, ...extra };
}

async function findingsFor(e: PluginEntry, options: ProbeOptions = {}): Promise<Finding[]> {
  const [facts] = await probePlugins([e], { proxyEnv: {}, cacheDir: join(dir, 'cache'), deadlines: { headersMs: 300, bodyIdleMs: 300 }, ...options });
  return runChecks(checks, facts!);
}

describe('probe checks: valid', () => {
  it('a pinned, matching download gives no finding', async () => {
    expect(await findingsFor(entry(`${s.origin}/ok`, { sha256: SHA }))).toEqual([]);
  });

  it('a redirect on the same host gives no finding', async () => {
    expect((await findingsFor(entry(`${s.origin}/hop8`, { sha256: SHA }))).map((f) => f.id)).not.toContain('download-redirect-hosts');
  });
});

describe('probe checks: invalid', () => {
  const cases: { name: string; location: () => string; extra?: Partial<PluginEntry>; options?: () => ProbeOptions; ids: string[]; check?: (f: Finding[]) => void }[] = [
    {
      name: 'unpinned',
      location: () => `${s.origin}/ok`,
      ids: ['sha256-unpinned'],
      check: ([f]) => {
        expect(f!.severity).toBe('warning');
        expect(f!.fix).toContain(`metricProviderPlugins: |-\n  - name: argoproj-labs/metric\n    location: ${s.origin}/ok\n    sha256: ${SHA}`);
      },
    },
    {
      name: 'sha256 mismatch',
      location: () => `${s.origin}/ok`,
      extra: { sha256: 'a'.repeat(64) },
      ids: ['sha256-mismatch'],
      check: ([f]) => {
        expect(f!.severity).toBe('error');
        expect(f!.evidence.join('\n')).toContain(`configured sha256: ${'a'.repeat(64)}`);
        expect(f!.evidence.join('\n')).toContain(`actual sha256:     ${SHA}`);
        expect(f!.evidence.join('\n')).toContain(`sha256 hash of downloaded plugin (${s.origin}/ok) does not match expected hash`);
        expect(f!.fix).toContain(`sha256: ${SHA}`);
      },
    },
    {
      name: 'upper-case sha256',
      location: () => `${s.origin}/ok`,
      extra: { sha256: SHA.toUpperCase() },
      ids: ['sha256-mismatch'],
      check: ([f]) => expect(f!.title).toContain('upper case'),
    },
    {
      name: '404 without credentials',
      location: () => `${s.origin}/private`,
      ids: ['download-http-status'],
      check: ([f]) => {
        expect(f!.title).toBe(`${s.origin}/private answers 404 Not Found`);
        expect(f!.evidence).toContain('body: Not Found');
        expect(f!.evidence.at(-1)).toContain(`failed to download file from ${s.origin}/private: response code Not Found"`);
        expect(f!.fix).toContain('headersFrom');
      },
    },
    {
      name: "413: the controller's words are Go's StatusText, not the server's reason phrase nor Node's",
      location: () => `${s.origin}/too-large`,
      ids: ['download-http-status'],
      check: ([f]) => {
        expect(f!.title).toBe(`${s.origin}/too-large answers 413 Request Entity Too Large`);
        expect(f!.evidence.at(-1)).toContain(`failed to download file from ${s.origin}/too-large: response code Request Entity Too Large"`);
      },
    },
    {
      name: '404 with headersFrom whose Secret was not read (lint --probe, probe -f)',
      location: () => `${s.origin}/private`,
      extra: { headersFrom: ['plugin-token'] },
      ids: ['download-http-status/without-headers'],
      check: ([f]) => {
        expect(f!.severity).toBe('warning');
        expect(f!.evidence).toContain('sent without headers: headersFrom Secret plugin-token was not read');
        expect(f!.evidence.join('\n')).not.toContain('the controller logs');
        expect(f!.fix).toMatch(/^No headers were sent: the headersFrom Secret plugin-token was not read here/);
      },
    },
    {
      name: '404 with headersFrom whose Secret gave no header',
      location: () => `${s.origin}/private`,
      extra: { headersFrom: ['plugin-token'] },
      options: () => ({ headersFor: () => ({}) }),
      ids: ['download-http-status/without-headers'],
      check: ([f]) => expect(f!.fix).toContain('No headers were sent'),
    },
    {
      name: '404 although the headersFrom headers were sent',
      location: () => `${s.origin}/private`,
      extra: { headersFrom: ['plugin-token'] },
      options: () => ({ headersFor: () => ({ Authorization: 'Bearer s3cr3t' }) }),
      ids: ['download-http-status'],
      check: ([f]) => {
        expect(f!.severity).toBe('error');
        expect(f!.fix).toContain('that the token in the headersFrom Secret may read this asset');
        expect(f!.evidence.at(-1)).toContain('response code Not Found');
      },
    },
    {
      name: 'a headersFrom value ending with a newline (echo | base64)',
      location: () => `${s.origin}/ok`,
      extra: { headersFrom: ['plugin-token'] },
      options: () => ({ headersFor: () => ({ Authorization: 'Bearer s3cr3t\n' }) }),
      ids: ['download-invalid-header'],
      check: ([f]) => {
        expect(f!.severity).toBe('error');
        expect(f!.title).toBe('the value of header "Authorization" ends with a newline; Go refuses to send it');
        expect(f!.evidence).toContain('header "Authorization" is a key of headersFrom Secret plugin-token; its value is never shown');
        expect(f!.evidence.at(-1)).toContain(`failed to download file from ${s.origin}/ok: Get \\"${s.origin}/ok\\": net/http: invalid header field value for \\"Authorization\\""`);
        // No cluster read (lint --probe, probe -f): the namespace is a placeholder the fix says to replace.
        expect(f!.fix).toContain("`kubectl -n '<controller-namespace>' create secret generic plugin-token '--from-literal=Authorization=Bearer …' --dry-run=client -o yaml | kubectl apply -f -` (replace <controller-namespace> with the controller's namespace)");
        expect(JSON.stringify(f)).not.toContain('s3cr3t');
      },
    },
    {
      name: '404 on a controller before v1.8, which saves the page',
      location: () => `${s.origin}/private`,
      extra: { sha256: SHA },
      options: () => ({ saveErrorPages: true }),
      ids: ['download-http-status/saved-as-plugin', 'sha256-mismatch'],
      check: (f) => {
        const status = f.find((x) => x.id === 'download-http-status')!;
        expect(status.title).toBe(`${s.origin}/private answers 404 Not Found; the error page is saved as the plugin`);
        expect(status.evidence.join('\n')).toContain('a controller before v1.8 logs "Download complete" and saves these 9 bytes as the plugin (text)');
        expect(status.evidence.join('\n')).not.toContain('level=fatal msg="Failed to download plugins: failed to download plugin');
      },
    },
    {
      name: '429',
      location: () => `${s.origin}/busy`,
      ids: ['download-http-status'],
      check: ([f]) => {
        expect(f!.evidence).toContain('Retry-After: 60');
        expect(f!.fix).toContain('rate limiting (Retry-After: 60)');
      },
    },
    {
      name: '407 from a proxy',
      location: () => `${s.origin}/proxy-auth`,
      ids: ['download-http-status'],
      check: ([f]) => {
        expect(f!.title).toBe(`${s.origin}/proxy-auth answers 407 Proxy Authentication Required`);
        expect(f!.fix).toContain('http://user:password@proxy:port');
      },
    },
    {
      name: 'DNS failure',
      location: () => 'https://plugins.invalid/p',
      ids: ['download-dns-failure'],
      check: ([f]) => {
        expect(f!.evidence.at(-1)).toContain('Get \\"https://plugins.invalid/p\\": dial tcp: lookup plugins.invalid: no such host');
        // Failed on this machine's network: the controller's fatal line is what it logs only if its network fails the same way.
        expect(f!.evidence.at(-1)).toMatch(/^if its download meets the same error, the controller logs \(then exits, CrashLoopBackOff\): level=fatal /);
      },
    },
    {
      name: 'connection refused',
      location: () => 'http://127.0.0.1:1/p',
      ids: ['download-connection-refused'],
      check: ([f]) => expect(f!.title).toBe('connection to 127.0.0.1:1 refused'),
    },
    {
      name: 'connection reset',
      location: () => `${s.origin}/reset`,
      ids: ['download-connection-reset'],
      check: ([f]) => expect(f!.title).toContain('reset'),
    },
    {
      name: 'headers never finish',
      location: () => `${s.origin}/hang`,
      ids: ['download-timeout'],
      check: ([f]) => {
        expect(f!.title).toBe('no progress waiting for the response headers within 300 ms (0 bytes received)');
        expect(f!.evidence).toContain('the controller sets no deadline: its start-up would wait on this download');
      },
    },
    {
      name: 'stalled body',
      location: () => `${s.origin}/slow`,
      ids: ['download-timeout'],
      check: ([f]) => expect(f!.title).toBe('no progress waiting for more of the body within 300 ms (1 bytes received)'),
    },
    {
      name: 'truncated body',
      location: () => `${s.origin}/short`,
      ids: ['download-truncated'],
      check: ([f]) => expect(f!.title).toBe('body ended after 300 bytes of 900'),
    },
    {
      name: 'too large',
      location: () => `${s.origin}/big`,
      options: () => ({ maxSize: 1000 }),
      ids: ['download-too-large'],
      check: ([f]) => expect(f!.title).toBe(`${s.origin}/big is larger than --max-size (stopped after 4.9 KiB (5000 bytes))`),
    },
    {
      name: 'redirect loop',
      location: () => `${s.origin}/loop`,
      ids: ['download-redirect-loop'],
      check: ([f]) => expect(f!.evidence).toContain(`loop: ${s.origin}/loop -> ${s.origin}/loop2 -> ${s.origin}/loop`),
    },
    {
      name: '10 redirects',
      location: () => `${s.origin}/hop0`,
      ids: ['download-too-many-redirects'],
      check: ([f]) => expect(f!.evidence.at(-1)).toContain('stopped after 10 redirects'),
    },
    {
      name: 'redirect to file://',
      location: () => `${s.origin}/to-file`,
      ids: ['download-redirect-bad-scheme'],
      check: ([f]) => expect(f!.evidence.at(-1)).toContain('unsupported protocol scheme \\"file\\"'),
    },
    {
      name: '3xx without Location',
      location: () => `${s.origin}/no-location`,
      ids: ['download-redirect-without-location', 'sha256-unpinned'],
      check: (f) => expect(f.find((x) => x.id === 'download-redirect-without-location')!.evidence.at(-1)).toContain('saved: 5 bytes (text)'),
    },
    {
      name: 'credentials dropped on a redirect to another host, then 404',
      location: () => `${s.origin}/to-other-host`,
      extra: { headersFrom: ['github-token'] },
      options: () => ({ headersFor: () => ({ Authorization: 'token ghp_secret' }) }),
      ids: ['download-headers-dropped-on-redirect/denied', 'download-http-status', 'download-redirect-hosts'],
      check: (f) => {
        const dropped = f.find((x) => x.id === 'download-headers-dropped-on-redirect')!;
        expect(dropped.severity).toBe('warning');
        expect(dropped.title).toBe(`Authorization not sent to localhost:${s.port} after a redirect, which then answers 404`);
        expect(f.find((x) => x.id === 'download-http-status')!.fix).toContain('dropped on a redirect');
        expect(f.find((x) => x.id === 'download-redirect-hosts')!.fix).toBe(`Egress from the controller must allow 127.0.0.1:${s.port}, localhost:${s.port}.`);
        expect(JSON.stringify(f)).not.toContain('ghp_secret');
      },
    },
    {
      // The controller's own proxy out of reach is no finding (coverage.ts says it was not checked): a --proxy is this run's.
      name: 'unreachable --proxy',
      location: () => 'https://github.com/o/r/releases/download/v1/p',
      options: () => ({ proxy: 'http://127.0.0.1:1' }),
      ids: ['download-proxy-error'],
      check: ([f]) => {
        expect(f!.title).toBe('cannot reach the proxy http://127.0.0.1:1/');
        expect(f!.evidence.at(-1)).toContain('proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused');
        expect(f!.fix).toBe('Check --proxy: the proxy it names must run and be reachable from here.');
      },
    },
    {
      name: 'expired certificate',
      location: () => `${tlsServer.origin}/p`,
      options: () => ({ extraCaFile: certs.caFile }),
      ids: ['download-tls-error'],
      check: ([f]) => expect(f!.title).toBe(`127.0.0.1:${tlsServer.port}: the server certificate has expired`),
    },
    {
      name: 'headersFrom that cannot be read',
      location: () => `${s.origin}/ok`,
      extra: { headersFrom: ['missing'] },
      options: () => ({ headersFor: () => Promise.reject(new Error('secrets "missing" not found')) }),
      ids: ['download-network-error'],
      check: ([f]) => expect(f!.title).toContain('secrets "missing" not found'),
    },
    {
      name: 'cancelled',
      location: () => `${s.origin}/hang`,
      options: () => ({ signal: AbortSignal.abort(new Error('interrupted (SIGINT)')) }),
      ids: ['download-cancelled'],
      check: ([f]) => {
        expect(f!.severity).toBe('warning');
        expect(f!.fix).toBe('Run again without interrupting it.');
      },
    },
    {
      name: "cancelled by the run's deadline: not called an interruption",
      location: () => `${s.origin}/hang`,
      options: () => ({ signal: AbortSignal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')) }),
      ids: ['download-cancelled'],
      check: ([f]) => expect(f!.fix).toBe("Run again with a longer `--timeout`: the run's deadline ran out before this download finished."),
    },
    {
      name: "cancelled by a fleet cluster's deadline: the fix names --cluster-timeout, not --timeout",
      location: () => `${s.origin}/hang`,
      options: () => {
        const deadline = scopedSignal(new AbortController().signal, 1, '--cluster-timeout');
        return { signal: deadline.signal };
      },
      ids: ['download-cancelled'],
      check: ([f]) => expect(f!.fix).toBe("Run again with a longer `--cluster-timeout`: the cluster's deadline ran out before this download finished."),
    },
    {
      name: 'cache not writable',
      location: () => `${s.origin}/ok`,
      extra: { sha256: SHA },
      options: () => ({ cacheDir: '/dev/null/cache' }),
      ids: ['download-cache-unwritable'],
      check: ([f]) => expect(f!.evidence[0]).toContain('/dev/null/cache'),
    },
    {
      name: 'file:// missing in the plugin dir',
      location: () => 'file:///plugins/missing',
      options: () => ({ pluginDir: join(dir, 'pod') }),
      ids: ['plugin-file-missing'],
      check: ([f]) => expect(f!.title).toBe('/plugins/missing does not exist'),
    },
    {
      name: 'file:// larger than maxSize',
      location: () => 'file:///plugins/big',
      options: () => {
        writeFileSync(join(dir, 'pod/plugins/big'), Buffer.alloc(2048));
        return { pluginDir: join(dir, 'pod'), maxSize: 1024 };
      },
      ids: ['download-too-large'],
      check: ([f]) => expect(f!.title).toBe(`${join(dir, 'pod/plugins/big')} is larger than --max-size 1.0 KiB: 2.0 KiB (2048 bytes)`),
    },
    {
      name: 'file:// pointing at a directory',
      location: () => 'file:///plugins/dir',
      options: () => ({ pluginDir: join(dir, 'pod') }),
      ids: ['plugin-file-not-regular'],
      check: ([f]) => expect(f!.title).toBe('/plugins/dir is not a regular file'),
    },
  ];

  it.each(cases)('$name', async ({ location, extra, options, ids, check }) => {
    const findings = await findingsFor(entry(location(), extra), options?.());
    expectFindings(findings, ids, 'argoproj-labs/metric');
    for (const f of findings) expect(f.step).toBe('probe');
    check?.(findings);
  });

  it("doctor's run: the printed commands go to the cluster it read, the Secret to the controller's namespace", async () => {
    const reportedCluster = { connection: kubectlConnection({ kubeconfig: '/tmp/my dir/kc', context: 'prod-a', token: 's3cr3t-token' }), namespace: 'team-ro', serviceAccount: 'rollouts' };
    const findings = async (e: PluginEntry, options: ProbeOptions = {}) => {
      const [facts] = await probePlugins([e], { proxyEnv: {}, cacheDir: join(dir, 'cache'), deadlines: { headersMs: 300, bodyIdleMs: 300 }, ...options });
      return runChecks(checks, { ...facts!, reportedCluster });
    };
    const [invalid] = await findings(entry(`${s.origin}/ok`, { headersFrom: ['plugin-token'] }), { headersFor: () => ({ Authorization: 'Bearer s3cr3t\n' }) });
    expect(invalid!.id).toBe('download-invalid-header');
    expect(invalid!.fix).toContain(
      "`kubectl --kubeconfig '/tmp/my dir/kc' --context prod-a -n team-ro create secret generic plugin-token '--from-literal=Authorization=Bearer …' --dry-run=client -o yaml | kubectl --kubeconfig '/tmp/my dir/kc' --context prod-a apply -f -  # with the --token this run used: it is not printed`, or encode",
    );
    expect(JSON.stringify(invalid)).not.toContain('s3cr3t');
    // The Secret's read was refused: no headers were sent.
    const [notSent] = await findings(entry(`${s.origin}/private`, { headersFrom: ['plugin-token'] }));
    expect(notSent!.id).toBe('download-http-status');
    expect(notSent!.fix).toContain("Run `kubectl rollouts-plugins doctor -n team-ro --kubeconfig '/tmp/my dir/kc' --context prod-a  # with the --token this run used: it is not printed` with read access");
    // Its read was refused (403): read access is what doctor needs.
    const [refused] = await findings(entry(`${s.origin}/private`, { headersFrom: ['plugin-token'] }), { headersFor: () => ({}), headerSecretUnread: () => 'refused' });
    expect(refused!.fix).toMatch(/^No headers were sent: reading the headersFrom Secret plugin-token in namespace team-ro was refused, .* with read access to that Secret/);
    // The Secret does not exist (404): the same doctor would read the same 404; creating it is the fix (before: run doctor with read access).
    const [missing] = await findings(entry(`${s.origin}/private`, { headersFrom: ['plugin-token'] }), { headersFor: () => ({}), headerSecretUnread: () => 'missing' });
    expect(missing!.fix).toMatch(/^No headers were sent: the headersFrom Secret plugin-token does not exist in namespace team-ro, so the controller cannot send them either\. Create it with a token that may read this asset \(the headers-secret-missing finding's fix\), then run `kubectl rollouts-plugins doctor -n team-ro /);
    expect(missing!.fix).not.toContain('read access');
    // Its read failed (a timeout): read it again.
    const [failed] = await findings(entry(`${s.origin}/private`, { headersFrom: ['plugin-token'] }), { headersFor: () => ({}), headerSecretUnread: () => 'failed' });
    expect(failed!.fix).toMatch(/^No headers were sent: reading the headersFrom Secret plugin-token in namespace team-ro failed here, .* again once the API server answers/);
    expect(failed!.fix).not.toContain('read access');
  });

  it('does not pin or flag sha256 of a file:// plugin: the controller ignores it', async () => {
    writeFileSync(join(dir, 'pod/plugins/p'), PAYLOAD);
    const unpinned = await findingsFor(entry('file:///plugins/p'), { pluginDir: join(dir, 'pod') });
    expect(unpinned).toEqual([]);
    const [mismatch] = await findingsFor(entry('file:///plugins/p', { sha256: 'b'.repeat(64) }), { pluginDir: join(dir, 'pod') });
    expectFindings([mismatch!], ['sha256-mismatch/file-location']);
  });
});
