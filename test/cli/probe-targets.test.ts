/** `probe URL…` on the command line: targets go through the same --concurrency pool as the ConfigMap's plugins. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { buildGo } from '../support/go-build.js';
import { startServer, type LoopbackServer } from '../support/hostile-http.js';

let server: LoopbackServer;
let inFlight = 0;
let most = 0;
let cacheHome: string;
/** A real go-plugin binary, served at /plugin. */
let plugin: Buffer;

beforeAll(async () => {
  cacheHome = mkdtempSync(join(tmpdir(), 'probe-targets-'));
  plugin = readFileSync(await buildGo('plugins/trafficrouter-ok'));
  server = await startServer((req, res) => {
    if (req.url === '/plugin') return void res.writeHead(200, { 'content-length': String(plugin.length) }).end(plugin);
    if (req.url === '/auth') return void res.writeHead(401).end('Unauthorized');
    most = Math.max(most, ++inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-length': '4' }).end('\x7fELF');
    }, 150);
  });
});
afterAll(async () => {
  await server.close();
  rmSync(cacheHome, { recursive: true, force: true });
});

describe('probe URL URL URL', () => {
  it.each([1, 2])('downloads at most --concurrency %i at once and reports every target', async (concurrency) => {
    most = 0;
    const urls = ['a', 'b', 'c'].map((name) => `${server.origin}/${name}`);
    const result = await runCli(['probe', ...urls, '--concurrency', String(concurrency), '--no-cache', '-o', 'json'], { env: { XDG_CACHE_HOME: cacheHome, HTTP_PROXY: '', HTTPS_PROXY: '' } });
    const report = JSON.parse(result.stdout) as { plugins: { name: string }[] };
    expect(report.plugins.map((p) => p.name)).toEqual(['local/a', 'local/b', 'local/c']);
    expect(most).toBe(concurrency);
  });
});

describe('probe URL: the verdict line', () => {
  it('does not call a target clean when a finding says the controller could not run it', async () => {
    // 4 bytes of ELF magic and nothing else: downloads fine, but it is no runnable binary.
    const result = await runCli(['probe', `${server.origin}/truncated-elf`, '--no-cache', '-o', 'json'], { env: { XDG_CACHE_HOME: cacheHome, HTTP_PROXY: '', HTTPS_PROXY: '' } });
    const report = JSON.parse(result.stdout) as { verdict: { now: { state: string }; onRestart: { state: string; summary: string } }; findings: { id: string; severity: string }[] };
    expect(report.findings.some((f) => f.severity === 'error')).toBe(true);
    // It would not stop a start-up; it fails when a Rollout uses it, which probe URL cannot see.
    expect(report.verdict.onRestart.summary).not.toMatch(/clean/);
    expect(report.verdict.now.state).toBe('not-checked');
    expect(result.code).toBe(1);
  });
});

describe('probe URL reads no configuration: no restart verdict is OK over it', () => {
  const env = () => ({ XDG_CACHE_HOME: cacheHome, HTTP_PROXY: '', HTTPS_PROXY: '' });
  /** The On restart line and the sentence under it, as the table prints them. */
  const restartLines = (stdout: string) => /^On restart .*\n.*$/m.exec(stdout)?.[0].replace(/\s+/g, ' ');

  it('a target that downloads fine: On restart UNKNOWN, for the configuration was not read; exit 0', async () => {
    const result = await runCli(['probe', `${server.origin}/plugin`, '--no-cache', '--platform', 'linux/amd64'], { env: env() });
    expect(result.stdout).toMatch(/^router local\/plugin +200 12MiB +unpinned +linux\/amd64 /m);
    expect(restartLines(result.stdout)).toBe('On restart UNKNOWN Cannot tell whether a restart would start: the plugin configuration: not read: probe URL checks downloads only; lint or doctor judge the ConfigMap.');
    expect(result.code).toBe(0);
  });

  it('a URL answering 401: On restart UNKNOWN, not BROKEN: nothing says the controller is configured with it, nor at which release; its error finding stays, exit 1', async () => {
    const result = await runCli(['probe', `${server.origin}/auth`, '--no-cache'], { env: env() });
    expect(restartLines(result.stdout)).toBe('On restart UNKNOWN Cannot tell whether a restart would start: the plugin configuration: not read: probe URL checks downloads only; lint or doctor judge the ConfigMap.');
    expect(result.stdout).toMatch(/^ERROR +download-http-status/m);
    expect(result.code).toBe(1);
  });

  it('an unparseable URL gets lint\'s location-unparseable finding and exit 1; On restart UNKNOWN: the controller exits at start-up only when configured with it', async () => {
    const result = await runCli(['probe', 'http://[::1', '--no-cache'], { env: env() });
    expect(restartLines(result.stdout)).toBe('On restart UNKNOWN Cannot tell whether a restart would start: the plugin configuration: not read: probe URL checks downloads only; lint or doctor judge the ConfigMap.');
    expect(result.stdout).toMatch(/^ERROR location-unparseable$/m);
    expect(result.stdout).toContain(`evidence: trafficRouterPlugins[0]: url.ParseRequestURI: parse "http://[::1": missing ']' in host`);
    expect(result.code).toBe(1);
  });

  it('an http URL without a host gets lint\'s location-http-no-host finding, exit 1; On restart UNKNOWN, the configuration not read', async () => {
    const result = await runCli(['probe', 'http:///plugin', '--no-cache', '-o', 'json'], { env: env() });
    const report = JSON.parse(result.stdout) as { findings: { id: string }[]; verdict: { onRestart: { state: string } } };
    expect(report.findings.map((f) => f.id)).toEqual(['location-http-no-host']);
    expect(report.verdict.onRestart.state).toBe('unknown');
    expect(result.code).toBe(1);
  });

  it('a file:// URL without --plugin-dir is a file inside the controller pod: Not checked says so, as lint --probe does; exit 0', async () => {
    const result = await runCli(['probe', 'file:///etc/passwd', '--no-cache'], { env: env() });
    expect(restartLines(result.stdout)).toBe("On restart UNKNOWN Cannot tell whether a restart would start: local/passwd (/etc/passwd): a file inside the controller pod, not readable from here: give --plugin-dir DIR holding a copy of it at DIR/etc/passwd to check it (and 1 more).");
    expect(result.stdout).toContain("\n  - local/passwd (/etc/passwd): a file inside the controller pod, not readable from here: give --plugin-dir DIR holding a copy of it at DIR/etc/passwd to check it\n");
    expect(result.code).toBe(0);
  });
});
