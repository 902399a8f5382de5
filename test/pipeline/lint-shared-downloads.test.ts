/**
 * lint --probe over several configurations: a URL they share is downloaded once (as in a fleet
 * run), and each entry's sha256 is judged against those same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { runCli } from '../support/cli.js';
import { serve, startServer, type LoopbackServer } from '../support/hostile-http.js';

const BODY = Buffer.from('\x7fELF plugin bytes that several configurations name');
const DIGEST = createHash('sha256').update(BODY).digest('hex');
const PATH = '/releases/v1.0.0/metric-plugin-linux-amd64';
let server: LoopbackServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'krp-lint-shared-'));
  server = await startServer(serve(BODY));
});
beforeEach(() => {
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A ConfigMap file with one metric plugin at the server's URL, pinned to `sha256`. */
function configMapFile(file: string, name: string, sha256: string): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: |\n    - name: ${name}\n      location: ${server.origin}${PATH}\n      sha256: ${sha256}\n`,
  );
  return path;
}

const lintProbe = async (...files: string[]) => {
  const run = await runCli(['lint', ...files.flatMap((f) => ['-f', f]), '--probe', '--no-cache', '-o', 'json'], { env: { HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' } });
  return { ...run, report: JSON.parse(run.stdout) as Report };
};

describe('lint --probe shares downloads between configurations', () => {
  it('two files naming the same URL: one GET, both rows verified', async () => {
    const { report } = await lintProbe(configMapFile('a.yaml', 'acme/a', DIGEST), configMapFile('b.yaml', 'acme/b', DIGEST));
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${PATH}`]);
    expect(report.plugins.map((p) => `${p.name} ${p.sha256}`)).toEqual(['acme/a ok', 'acme/b ok']);
  });

  it('the same URL pinned to two different sha256 values: one GET, each pin judged against the same bytes', async () => {
    const wrong = 'f'.repeat(64);
    const { report } = await lintProbe(configMapFile('right.yaml', 'acme/right', DIGEST), configMapFile('wrong.yaml', 'acme/wrong', wrong));
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${PATH}`]);
    expect(report.plugins.map((p) => `${p.name} ${p.sha256}`)).toEqual(['acme/right ok', 'acme/wrong mismatch']);
    const mismatches = report.findings.filter((f) => f.id === 'sha256-mismatch');
    expect(mismatches.map((f) => `${f.plugin?.name} ${f.location?.file}`)).toEqual([`acme/wrong ${join(dir, 'wrong.yaml')}`]);
    expect(mismatches[0]?.evidence.join('\n')).toContain(DIGEST);
  });
});

describe('lint --probe: a placeholder location that a server answers', () => {
  it('unpinned: the file it served is location-placeholder\'s evidence, never a pin of its own (one cause, one finding)', async () => {
    const path = join(dir, 'placeholder.yaml');
    writeFileSync(path, `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: |\n    - name: acme/metrics\n      location: ${server.origin}/releases/<version>/metric-plugin-linux-amd64\n`);
    const { report } = await lintProbe(path);
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => [f.id, (f.symptoms ?? []).map((s) => s.id)])).toEqual([['location-placeholder', ['sha256-unpinned']]]);
    // The pin it prints is for the real URL, not for whatever the placeholder URL served.
    expect(JSON.stringify(report.findings)).not.toContain(`sha256: "${DIGEST}"`);
  });
});

