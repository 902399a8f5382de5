/**
 * Hostile download servers and the data they feed back: escape sequences in an error body, a
 * reflected Authorization header, a Location that carries it, a location of hundreds of
 * kilobytes, a download cut short. Each ends in a report within its deadline; no secret value
 * and no raw control character in any output format; no socket left open.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE } from '../cluster/scenarios.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { configMapOverlay, leftovers, runDirs, spawnCli, type RunDirs } from '../support/e2e.js';
import { startServer, type LoopbackServer } from '../support/hostile-http.js';

const OUTPUTS = ['table', 'wide', 'json', 'yaml'];
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

let servers: LoopbackServer[] = [];
let apis: FixtureApiServer[] = [];
let dirs: RunDirs[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.waitForNoSockets();
    await s.close();
  }
  for (const a of apis.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.remove();
});
function sandbox(): RunDirs {
  const d = runDirs();
  dirs.push(d);
  return d;
}
async function server(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

const MACHINE_OUTPUTS = ['sarif', 'junit', 'github'];

/**
 * doctor -v with `args` against a cluster whose ConfigMap lists one router per path on `origin`, each
 * with the headersFrom Secret plugin-download-auth (helm-ha-healthy.yaml's), read as admin.
 */
async function doctorWithHeaderSecret(origin: string, paths: string[], args: string[]) {
  const entries = paths.map((path) => `- name: acme/${path}\n  location: ${origin}/${path}\n  headersFrom:\n    - secretRef:\n        name: plugin-download-auth`).join('\n');
  const api = await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8'), configMapOverlay({ trafficRouterPlugins: entries })));
  apis.push(api);
  const d = sandbox();
  const kubeconfig = join(d.root, 'kubeconfig');
  writeFileSync(kubeconfig, api.kubeconfig({ token: 'admin-token' }));
  const run = await spawnCli(['doctor', '--kubeconfig', kubeconfig, ...args, '--timeout', '30s', '-v'], d.env, 60_000).done;
  return { run, d };
}

describe('an error body that drives the terminal', () => {
  // Clears the screen, homes the cursor, draws a green verdict, sets the window title, reverses text.
  const BODY = '\x1b[2J\x1b[H\x1b[32mVerdict  OK\x1b[0m\x1b]0;pwned\x07 \x9b31m \u202egnp.exe';
  it.each([...OUTPUTS, ...MACHINE_OUTPUTS])('-o %s: escaped, never obeyed', async (output) => {
    const s = await server((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end(BODY));
    const run = await spawnCli(['probe', `${s.origin}/plugin`, '-o', output, '--timeout', '20s'], sandbox().env, 30_000).done;
    expect(run.stdout).toContain('pwned');
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) expect(line, JSON.stringify(line)).not.toMatch(RAW_CONTROL);
  });
});

describe('a location hundreds of kilobytes long', () => {
  it('lint redacts it in linear time and bounds what it prints (before: 100 KB took over 120 s)', async () => {
    const d = sandbox();
    const location = `https://${'a'.repeat(400_000)}.example/p?token=${'b'.repeat(1000)}`;
    const file = join(d.root, 'cm.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n    - name: acme/long\n      location: "${location}"\n`);
    for (const output of OUTPUTS) {
      const run = await spawnCli(['lint', '-f', file, '-o', output, '--timeout', '20s'], d.env, 30_000).done;
      expect(run.code, run.stderr).toBeLessThan(2);
      expect(run.ms).toBeLessThan(15_000);
      expect(run.stdout).not.toContain('b'.repeat(100));
      expect(run.stdout.length).toBeLessThan(200_000);
    }
  }, 120_000);
});

describe('probe URL cut short by --timeout', () => {
  it('is UNKNOWN with what could not be checked, never "downloads cleanly"', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write('\x7fELF');
      // then nothing: the body never completes
    });
    const run = await spawnCli(['probe', `${s.origin}/plugin`, '-o', 'json', '--timeout', '2s'], sandbox().env, 30_000).done;
    const report = JSON.parse(run.stdout) as { verdict: { onRestart: { state: string; summary: string } } };
    expect(report.verdict.onRestart.state).toBe('unknown');
    expect(report.verdict.onRestart.summary).not.toContain('cleanly');
    expect(report.verdict.onRestart.summary).toContain('cancelled after 4 bytes');
  });
});

describe('a server that echoes the headersFrom Secret uppercased and hex-encoded', () => {
  // helm-ha-healthy.yaml's Secret plugin-download-auth: Authorization "Bearer s3cr3t-token".
  const HEADER = 'Bearer s3cr3t-token';
  const hex = (value: string) => Buffer.from(value).toString('hex');
  const ECHOED = [HEADER.toUpperCase(), hex(HEADER), hex(HEADER).toUpperCase(), 'S3CR3T-TOKEN', hex('s3cr3t-token').toUpperCase()];

  it.each(['table', 'json'])('-o %s: the error body says denied, and none of those forms is printed', async (output) => {
    const s = await server((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      res.writeHead(401, { 'content-type': 'text/plain' }).end(`DENIED: ${auth.toUpperCase()} (hex ${hex(auth)}, ${hex(auth).toUpperCase()})`);
    });
    const entry = `- name: acme/echo-cased\n  location: ${s.origin}/echo-cased\n  headersFrom:\n    - secretRef:\n        name: plugin-download-auth`;
    const api = await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8'), configMapOverlay({ trafficRouterPlugins: entry })));
    apis.push(api);
    const d = sandbox();
    const kubeconfig = join(d.root, 'kubeconfig');
    writeFileSync(kubeconfig, api.kubeconfig({ token: 'admin-token' }));
    const run = await spawnCli(['doctor', '--kubeconfig', kubeconfig, '--skip', 'handshake', '-o', output, '--timeout', '30s', '-v'], d.env, 60_000).done;
    expect(s.requests.some((r) => r.headers.authorization === HEADER)).toBe(true);
    for (const value of ECHOED) {
      expect(run.stdout).not.toContain(value);
      expect(run.stderr).not.toContain(value);
    }
    expect(run.stdout).toContain('DENIED: *** (hex ***, ***)');
    expect(leftovers(d.tmp)).toEqual([]);
  });
});

describe('a server that reflects the headersFrom Secret', () => {
  // helm-ha-healthy.yaml's Secret plugin-download-auth: Authorization "Bearer s3cr3t-token", X-Download-Client "argo-rollouts".
  const SECRET = 's3cr3t-token';
  // The Secret's stored data value, and the other base64 forms a server can echo (URL-safe, unpadded, the token alone).
  const BASE64 = [Buffer.from(`Bearer ${SECRET}`).toString('base64'), Buffer.from(`Bearer ${SECRET}`).toString('base64url'), Buffer.from(SECRET).toString('base64')];

  it.each([...OUTPUTS, ...MACHINE_OUTPUTS])('-o %s: in an error body, a redirect Location and every hop, the value is masked', async (output) => {
    const s = await server((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      if (req.url?.startsWith('/echo-body')) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end(`denied; you sent Authorization: ${auth} ${JSON.stringify(req.headers)}`);
      } else if (req.url?.startsWith('/echo-location')) {
        res.writeHead(302, { location: `/gone?h=${encodeURIComponent(auth)}&raw=${auth.replace(' ', '+')}` }).end();
      } else if (req.url?.startsWith('/echo-base64')) {
        // A parameter name that is no credential word: only knowing the value masks it.
        res.writeHead(302, { location: `/landing?b64=${BASE64.map(encodeURIComponent).join('&b=')}` }).end();
      } else if (req.url?.startsWith('/landing')) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end(`denied for ${BASE64.join(' ')} (${Buffer.from(JSON.stringify(req.headers)).toString('base64')})`);
      } else res.writeHead(404).end(`not here; your header was ${auth}`);
    });
    const { run, d } = await doctorWithHeaderSecret(s.origin, ['echo-body', 'echo-location', 'echo-base64'], ['--skip', 'handshake', '-o', output]);
    expect(s.requests.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
    expect(run.stdout).toContain('acme/echo-body');
    expect(run.stdout).toContain('acme/echo-base64');
    expect(run.stdout).toContain('b64=***');
    for (const value of [SECRET, ...BASE64]) {
      expect(run.stdout).not.toContain(value);
      expect(run.stderr).not.toContain(value);
    }
    expect(run.stdout).toContain('***');
    expect(leftovers(d.tmp)).toEqual([]);
  });
});

describe('a server that echoes the request headers in a 200 body', () => {
  // helm-ha-healthy.yaml's Secret plugin-download-auth: Authorization "Bearer s3cr3t-token".
  const SECRET = 's3cr3t-token';
  const FORMS = [SECRET, SECRET.toUpperCase(), Buffer.from(`Bearer ${SECRET}`).toString('base64'), Buffer.from(SECRET).toString('hex')];

  async function doctorOnEcho(output: string): Promise<{ stdout: string; stderr: string; cache: string }> {
    // A JSON body (binary-is-json) and an HTML page that echoes them in its title too (binary-is-html).
    const s = await server((req, res) => {
      if (req.url?.startsWith('/echo-html')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>for ${req.headers.authorization}</title></head><body>${JSON.stringify(req.headers)}</body></html>`);
      } else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
    });
    const { run, d } = await doctorWithHeaderSecret(s.origin, ['echo-json', 'echo-html'], ['-o', output]);
    expect(s.requests.filter((r) => r.headers.authorization === `Bearer ${SECRET}`)).toHaveLength(2);
    return { stdout: run.stdout, stderr: run.stderr, cache: d.cache };
  }

  it.each([...OUTPUTS, ...MACHINE_OUTPUTS])('-o %s: the content is quoted with the values masked (before: binary-is-json printed them)', async (output) => {
    const run = await doctorOnEcho(output);
    expect(run.stdout).toContain('binary-is-json');
    expect(run.stdout).toContain('binary-is-html');
    for (const value of FORMS) {
      expect(run.stdout).not.toContain(value);
      expect(run.stderr).not.toContain(value);
    }
    if (output === 'table') {
      expect(run.stdout).toContain('"authorization":"***"');
      expect(run.stdout).toContain('HTML document ("for ***")');
    }
  });

  it('keeps neither body in the download cache (before: both were stored under their sha256)', async () => {
    const run = await doctorOnEcho('json');
    const report = JSON.parse(run.stdout) as { findings: { id: string }[] };
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['binary-is-json', 'binary-is-html']));
    const files = readdirSync(run.cache, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const holding = files.map((entry) => join(entry.parentPath, entry.name)).filter((path) => readFileSync(path).includes(SECRET));
    expect(holding).toEqual([]);
  });
});
