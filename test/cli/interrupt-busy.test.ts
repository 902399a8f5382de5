/**
 * Ctrl-C and SIGTERM while the tool computes, not waits: a lint of a ConfigMap of 20,000 plugin
 * entries is seconds of parsing, locating and checking. Node runs a signal's handler only between
 * turns of its event loop, so the run must give it turns: it stops at once, like a run interrupted
 * while it waits, and leaves nothing behind.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { leftovers, runDirs, spawnCli, startPluginServer, waitFor, type RunDirs } from '../support/e2e.js';

/** A ConfigMap whose one data key lists `count` traffic routers. */
function largeConfigMap(count: number): string {
  const entries = Array.from(
    { length: count },
    (_, i) => `    - name: example.com/router-${i}\n      location: https://github.com/example/router-${i}/releases/download/v1.0.0/router-linux-amd64\n      sha256: ${i.toString(16).padStart(64, '0')}`,
  );
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\n  namespace: argo-rollouts\ndata:\n  trafficRouterPlugins: |-\n${entries.join('\n')}\n`;
}

/** Resident memory of a process, in KiB (Linux /proc). */
function residentKib(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

let dirs: RunDirs | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  dirs?.remove();
  await closeServer?.();
  closeServer = undefined;
});

describe('a signal while lint computes', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s ends it at once, exit %i, nothing on stdout, nothing left behind', async (signal, code) => {
    dirs = runDirs();
    const file = join(dirs.root, 'argo-rollouts-config.yaml');
    writeFileSync(file, largeConfigMap(20_000));
    const run = spawnCli(['lint', '-f', file, '-o', 'json'], dirs.env, 30_000);
    // Started (no Node process is this large before it parses), then given time to be well into its work.
    await waitFor('the lint to be parsing', () => residentKib(run.child.pid!) > 150_000, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = Date.now();
    run.child.kill(signal);
    const result = await run.done;
    // Turns every 10 ms; what remains is one piece of work that cannot be cut (yaml composing the list) and exiting.
    expect(Date.now() - signalledAt).toBeLessThan(1_500);
    expect(result.code).toBe(code);
    // No report cut in its middle: -o json is a whole document or nothing.
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: interrupted (${signal}): stopped before the report was made\n`);
    expect(leftovers(dirs.tmp)).toEqual([]);
    expect(leftovers(dirs.cache)).toEqual([]);
  });
});

describe('a signal while lint --probe waits for a download', () => {
  it('SIGINT: the download is cancelled, the report that says so is still printed whole, exit 130', async () => {
    dirs = runDirs();
    const plugins = await startPluginServer({ '/plugin': { hang: true } });
    closeServer = () => plugins.close();
    const file = join(dirs.root, 'argo-rollouts-config.yaml');
    writeFileSync(file, `kind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  trafficRouterPlugins: |-\n    - name: acme/router\n      location: ${plugins.url}/plugin\n`);
    const run = spawnCli(['lint', '--probe', '-f', file, '-o', 'json'], dirs.env, 30_000);
    await waitFor('the download to start', () => plugins.requests.includes('/plugin'));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const report = JSON.parse(result.stdout) as { findings: { id: string }[] };
    expect(report.findings.map((f) => f.id)).toContain('download-cancelled');
    expect(leftovers(dirs.tmp)).toEqual([]);
  });
});
