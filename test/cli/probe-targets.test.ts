/** `probe URL…` on the command line: targets go through the same --concurrency pool as the ConfigMap's plugins. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startServer, type LoopbackServer } from '../support/hostile-http.js';

let server: LoopbackServer;
let inFlight = 0;
let most = 0;
let cacheHome: string;

beforeAll(async () => {
  cacheHome = mkdtempSync(join(tmpdir(), 'probe-targets-'));
  server = await startServer((_req, res) => {
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
