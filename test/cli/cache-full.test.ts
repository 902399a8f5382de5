/**
 * A cache that fills up part way through a download: the download and its sha256 verdict stand,
 * the report says the cache could not be written and where, and nothing half-written is left.
 * The cache is a 256 KiB tmpfs, mounted in a user and mount namespace of the run's own (unshare).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_BIN, runProcess } from '../support/cli.js';
import { runDirs, type RunDirs } from '../support/e2e.js';
import { serve, startServer, type LoopbackServer } from '../support/hostile-http.js';

const PLUGIN = Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(1024 * 1024, 'plugin-bytes-')]);
const SHA = createHash('sha256').update(PLUGIN).digest('hex');

let dirs: RunDirs | undefined;
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  dirs?.remove();
});

describe('a full disk under the cache', () => {
  it('reports the cache, not the download, and keeps the sha256 verdict', async () => {
    server = await startServer(serve(PLUGIN));
    dirs = runDirs();
    const cache = dirs.cache;
    mkdirSync(cache);
    const config = join(dirs.root, 'argo-rollouts-config.yaml');
    writeFileSync(
      config,
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: argo-rollouts-config', 'data:', '  metricProviderPlugins: |-', '    - name: acme/metric', `      location: ${server.origin}/plugin`, `      sha256: ${SHA}`, ''].join('\n'),
    );
    // The tmpfs holds 256 KiB: the 1 MiB plugin fills it part way through the write.
    const script = 'mount -t tmpfs -o size=256k tmpfs "$XDG_CACHE_HOME" || exit 9; "$NODE" "$CLI" probe -f "$CONFIG" -o json; echo "exit $?" >&2; ls -A "$XDG_CACHE_HOME/kubectl-rollouts-plugins" >&2';
    const run = await runProcess('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE: process.execPath, CLI: CLI_BIN, CONFIG: config, XDG_CACHE_HOME: cache, TMPDIR: dirs.tmp, NO_COLOR: '1' },
    });
    const report = JSON.parse(run.stdout) as { plugins: { sha256: string; download: { ok: boolean; bytes: number } }[]; findings: { id: string; title: string; evidence: string[] }[] };
    expect(report.plugins[0]).toMatchObject({ sha256: 'ok', download: { ok: true, bytes: PLUGIN.length } });
    const cacheFinding = report.findings.find((f) => f.id === 'download-cache-unwritable');
    expect(cacheFinding?.title).toBe('plugin not cached: the cache could not be written (the download itself is fine)');
    expect(cacheFinding?.evidence).toEqual([
      `cannot write ${cache}/kubectl-rollouts-plugins/${SHA}: ENOSPC: no space left on device, write`,
      `the download itself is fine: 1.0 MiB (${PLUGIN.length} bytes), sha256 ${SHA}`,
    ]);
    expect(report.findings.map((f) => f.id)).not.toContain('download-network-error');
    // Exit code 0: a warning; and the partial file was removed from the full cache.
    expect(run.stderr.trim().split('\n')).toEqual(['exit 0']);
  }, 60_000);
});
