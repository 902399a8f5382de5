/**
 * What a person in an outage relies on: Ctrl-C ends a run at once and leaves nothing behind, and
 * --timeout ends a run whose every external call hangs, still with a report that says what timed out.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../cluster/scenarios.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer, type FixtureFault } from '../support/fixture-apiserver.js';
import { buildGo } from '../support/go-build.js';
import {
  configMapOverlay,
  leftovers,
  processesMentioning,
  runDirs,
  runDoctor,
  spawnCli,
  startPluginServer,
  waitFor,
  type PluginRoute,
  type PluginServer,
  type RunDirs,
} from '../support/e2e.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Setup {
  api: FixtureApiServer;
  plugins: PluginServer;
  dirs: RunDirs;
  kubeconfig: string;
}

let open: Setup[] = [];
afterEach(async () => {
  for (const setup of open.splice(0)) {
    await setup.api.close();
    await setup.plugins.close();
    setup.dirs.remove();
  }
});

/** A cluster whose ConfigMap has one traffic router at `route` on a loopback plugin server. */
async function setUp(route: PluginRoute, sha?: string, faults: FixtureFault[] = []): Promise<Setup> {
  const plugins = await startPluginServer({ '/plugin': route });
  const entry = [`- name: argoproj-labs/gatewayAPI`, `  location: ${plugins.url}/plugin`, ...(sha ? [`  sha256: ${sha}`] : [])].join('\n');
  const api = await startFixtureApiServer({ ...loadScenario(readFileSync(BASE, 'utf8'), configMapOverlay({ trafficRouterPlugins: entry })), faults });
  const dirs = runDirs();
  const kubeconfig = join(dirs.root, 'kubeconfig');
  writeFileSync(kubeconfig, api.kubeconfig({ token: 'admin-token' }));
  const setup = { api, plugins, dirs, kubeconfig };
  open.push(setup);
  return setup;
}

describe('Ctrl-C (SIGINT) in the middle of a run', () => {
  let hang: Buffer;
  beforeAll(async () => {
    hang = readFileSync(await buildGo('plugins/hang'));
  });

  it('while a plugin hangs in the handshake: exits 130 at once, the plugin is gone, no temp file or socket is left', async () => {
    const { kubeconfig, dirs } = await setUp({ body: hang }, sha256(hang));
    const run = spawnCli(['doctor', '--kubeconfig', kubeconfig, '--handshake-timeout', '60s'], dirs.env);
    await waitFor('the plugin to be launched', () => run.output.stderr.includes('running plugin: '));
    const cachedBinary = join(dirs.cache, 'kubectl-rollouts-plugins', sha256(hang));
    await waitFor('the plugin process', () => processesMentioning(cachedBinary).length > 0);
    const interruptedAt = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(5_000);
    expect(processesMentioning(cachedBinary)).toEqual([]);
    // TMPDIR held the plugin's working dir and its go-plugin socket; the cache holds only whole files
    expect(leftovers(dirs.tmp)).toEqual([]);
    expect(leftovers(join(dirs.cache, 'kubectl-rollouts-plugins')).filter((f) => f !== sha256(hang))).toEqual([]);
  });

  it('while a download hangs: exits 130 at once, closes the connection, leaves no partial download', async () => {
    const setup = await setUp({ hang: true });
    const run = spawnCli(['doctor', '--kubeconfig', setup.kubeconfig], setup.dirs.env);
    await waitFor('the download to start', () => setup.plugins.requests.includes('/plugin'));
    await waitFor('the server to hold the connection', () => setup.plugins.openConnections() > 0);
    const interruptedAt = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(5_000);
    await waitFor('the download connection to close', () => setup.plugins.openConnections() === 0, 2_000);
    expect(leftovers(setup.dirs.cache).filter((f) => !f.endsWith('kubectl-rollouts-plugins'))).toEqual([]);
    expect(leftovers(setup.dirs.tmp)).toEqual([]);
  });
});

describe('--timeout when every external call hangs', () => {
  it('API requests slow or hanging and a download that never answers: a report by the deadline that says what timed out', async () => {
    const faults: FixtureFault[] = [
      { path: '.*', kind: 'latency', ms: 400 },
      { path: '/log$', kind: 'hang' },
      { path: '/events$', kind: 'hang' },
      { path: 'subjectaccessreviews$', kind: 'hang' },
    ];
    const setup = await setUp({ hang: true }, undefined, faults);
    const result = await runDoctor(['--kubeconfig', setup.kubeconfig, '--timeout', '5s', '-o', 'json'], setup.dirs.env, 30_000);
    expect(result.ms).toBeLessThan(9_000);
    expect(result.ms).toBeGreaterThanOrEqual(4_500);
    const report = JSON.parse(result.stdout) as { verdict: { onRestart: { state: string } }; findings: { id: string; title: string; evidence: string[] }[] };
    const unavailable = report.findings.filter((f) => f.id === 'api-unavailable');
    expect(unavailable).toHaveLength(1); // one cause, one finding listing every request
    expect(unavailable[0]!.evidence).toEqual(expect.arrayContaining([expect.stringMatching(/^could not get pods\/log .*: (no answer|cancelled)/), expect.stringMatching(/^could not list events .*: (no answer|cancelled)/)]));
    expect(unavailable[0]!.title).toMatch(/\(timeout\): skipped .*current logs of/);
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^download-(timeout|cancelled)$/)]));
    expect(report.verdict.onRestart.state).toBe('unknown');
    expect(leftovers(setup.dirs.tmp)).toEqual([]);
  });

  it('an API server that accepts connections and never answers: exit 3 by the deadline, in one sentence', async () => {
    const setup = await setUp({ hang: true }, undefined, [{ path: '.*', kind: 'hang' }]);
    const result = await runDoctor(['--kubeconfig', setup.kubeconfig, '--timeout', '3s'], setup.dirs.env, 30_000);
    expect(result.code).toBe(3);
    expect(result.ms).toBeLessThan(6_000);
    expect(result.stderr).toBe(`error: cannot reach the Kubernetes API server at ${setup.api.url}: no answer before the deadline of the run (--timeout)\n`);
  });

  it('Ctrl-C while connecting to a hanging API server ends the run at once', async () => {
    const setup = await setUp({ hang: true }, undefined, [{ path: '.*', kind: 'hang' }]);
    const run = spawnCli(['doctor', '--kubeconfig', setup.kubeconfig], setup.dirs.env);
    await waitFor('the first API request', () => setup.api.requests.length > 0);
    const interruptedAt = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(3_000);
  });
});

describe('-o json', () => {
  it('writes only the JSON document to stdout; what runs is said on stderr', async () => {
    const ok = readFileSync(await buildGo('plugins/trafficrouter-ok'));
    const setup = await setUp({ body: ok }, sha256(ok));
    const result = await runDoctor(['--kubeconfig', setup.kubeconfig, '-o', 'json'], setup.dirs.env);
    expect(result.stdout.startsWith('{')).toBe(true);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toMatch(/^running plugin: /);
    // the user's PATH is passed to the plugin and named, not spelled out
    expect(result.stderr).toContain(' PATH=<yours>');
    expect(result.stderr).not.toContain(String(process.env.PATH));
  });
});
