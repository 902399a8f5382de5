/**
 * What a person in an outage relies on: Ctrl-C ends a run at once and leaves nothing behind, and
 * --timeout ends a run whose every external call hangs, still with a report that says what timed out.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../cluster/scenarios.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer, type FixtureFault } from '../support/fixture-apiserver.js';
import { runCli } from '../support/cli.js';
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
async function setUp(route: PluginRoute, sha?: string, faults: FixtureFault[] = [], overlays: string[] = []): Promise<Setup> {
  const plugins = await startPluginServer({ '/plugin': route });
  const entry = [`- name: argoproj-labs/gatewayAPI`, `  location: ${plugins.url}/plugin`, ...(sha ? [`  sha256: ${sha}`] : [])].join('\n');
  const api = await startFixtureApiServer({ ...loadScenario(readFileSync(BASE, 'utf8'), configMapOverlay({ trafficRouterPlugins: entry }), ...overlays), faults });
  const dirs = runDirs();
  const kubeconfig = join(dirs.root, 'kubeconfig');
  writeFileSync(kubeconfig, api.kubeconfig({ token: 'admin-token' }));
  const setup = { api, plugins, dirs, kubeconfig };
  open.push(setup);
  return setup;
}

/** Connections to 127.0.0.1:`port` still waiting for the server's answer to their SYN (Linux's /proc/net/tcp: state 02). */
function synSentTo(port: number): number {
  const remote = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8').split('\n').filter((line) => {
    const [, , rem, state] = line.trim().split(/\s+/);
    return rem === remote && state === '02';
  }).length;
}

/**
 * A loopback port whose listener never accepts: its process blocks right after listen() with a
 * backlog of 1, and filler connections fill the accept queue, so the kernel drops every later
 * SYN. A client connecting there waits for its connect deadline.
 */
async function neverAcceptingPort(): Promise<{ port: number; waiting: number; close(): void }> {
  const script = `const s = require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => { process.stdout.write(s.address().port + '\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); });`;
  const holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  const fillers: Socket[] = [];
  const close = () => {
    for (const socket of fillers) socket.destroy();
    holder.kill('SIGKILL');
  };
  // Nothing outlives a set-up that fails: the holder and the fillers are ended before the error goes on.
  try {
    const port = Number(
      await new Promise<string>((resolve, reject) => {
        holder.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString()));
        holder.once('exit', () => reject(new Error('the listener exited before it printed its port')));
      }),
    );
    const fill = () => void fillers.push(connect(port, '127.0.0.1').on('error', () => undefined));
    // Linux keeps backlog + 1 connections waiting to be accepted (Node reads a backlog of 0 as its default).
    await waitFor('a connection the listener does not take', () => {
      if (synSentTo(port) > 0) return true;
      if (fillers.length < 8) fill();
      return false;
    });
    return { port, waiting: synSentTo(port), close };
  } catch (error) {
    close();
    throw error;
  }
}

describe('Ctrl-C (SIGINT) or SIGTERM in the middle of a run', () => {
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
    // Shown as interrupted, not failed, and listed with what was not checked.
    expect(result.stdout).toMatch(/^router +argoproj-labs\/gatewayAPI .* interrupted +\d+$/m);
    expect(result.stdout).toContain('  - the go-plugin handshake of argoproj-labs/gatewayAPI: the run was interrupted (Ctrl-C or SIGTERM) during start: nothing is known about it\n');
    expect(processesMentioning(cachedBinary)).toEqual([]);
    // TMPDIR held the plugin's working dir and its go-plugin socket; the cache holds only whole files
    expect(leftovers(dirs.tmp)).toEqual([]);
    expect(leftovers(join(dirs.cache, 'kubectl-rollouts-plugins')).filter((f) => f !== sha256(hang))).toEqual([]);
  });

  // 128 + the signal's number, as a shell reports it: a Job's pod stopped by SIGTERM does not look like a Ctrl-C.
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('while a download hangs: %s exits %i at once, closes the connection, leaves no partial download', async (signal, code) => {
    const setup = await setUp({ hang: true });
    const run = spawnCli(['doctor', '--kubeconfig', setup.kubeconfig], setup.dirs.env);
    await waitFor('the download to start', () => setup.plugins.requests.includes('/plugin'));
    await waitFor('the server to hold the connection', () => setup.plugins.openConnections() > 0);
    const interruptedAt = Date.now();
    run.child.kill(signal);
    const result = await run.done;
    expect(result.code).toBe(code);
    expect(Date.now() - interruptedAt).toBeLessThan(5_000);
    await waitFor('the download connection to close', () => setup.plugins.openConnections() === 0, 2_000);
    expect(leftovers(setup.dirs.cache).filter((f) => !f.endsWith('kubectl-rollouts-plugins'))).toEqual([]);
    expect(leftovers(setup.dirs.tmp)).toEqual([]);
  });
});

interface VerdictReport {
  plugins: { binary?: { ok: boolean; summary: string } }[];
  verdict: { now: { state: string; summary: string } };
  notChecked: { what: string; why: string; blinds: string[]; failed?: boolean }[];
  findings: { id: string; fix: string }[];
}

/** The base scenario's AnalysisTemplate names a metric plugin the one-router ConfigMap leaves out: without it, nothing but the handshake decides Now. */
const ROUTER_ONLY = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: success-rate\n  namespace: shop\n$delete: true\n';

describe('a handshake the run does not finish leaves Now open', () => {
  let hang: Buffer;
  beforeAll(async () => {
    hang = readFileSync(await buildGo('plugins/hang'));
  });

  it('--timeout shorter than --handshake-timeout: Now UNKNOWN, the handshake blinds Now, exit 1', async () => {
    const { kubeconfig, dirs } = await setUp({ body: hang }, sha256(hang), [], [ROUTER_ONLY]);
    const result = await runDoctor(['--kubeconfig', kubeconfig, '--handshake-timeout', '30s', '--timeout', '6s', '-o', 'json'], dirs.env, 30_000);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as VerdictReport;
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.notChecked).toContainEqual({ what: 'the go-plugin handshake of argoproj-labs/gatewayAPI', why: "the run's --timeout ran out during start: nothing is known about it", blinds: ['now'], failed: true });
    expect(report.findings.find((f) => f.id === 'handshake-aborted')?.fix).toMatch(/ --type trafficrouter --handshake-timeout 30s --timeout 4m$/);
  });

  it('--timeout ran out during the download, before the handshake step: said so (not a skipped step), Now UNKNOWN, exit 1', async () => {
    const { kubeconfig, dirs } = await setUp({ hang: true }, sha256(hang), [], [ROUTER_ONLY]);
    const result = await runDoctor(['--kubeconfig', kubeconfig, '--timeout', '3s', '-o', 'json'], dirs.env, 30_000);
    const report = JSON.parse(result.stdout) as VerdictReport;
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.notChecked).toContainEqual({ what: 'go-plugin handshakes', why: "the run's --timeout ran out before the handshake step: no plugin was launched", blinds: ['now'], failed: true });
    expect(report.notChecked.map((n) => n.why)).not.toContain('the handshake step was skipped (--only/--skip)');
    expect(result.code).toBe(1);
  });

  it('--skip handshake: Now UNKNOWN for the plugin a Rollout uses, exit 0 (a step the user skipped)', async () => {
    const { kubeconfig, dirs } = await setUp({ body: hang }, sha256(hang), [], [ROUTER_ONLY]);
    const result = await runDoctor(['--kubeconfig', kubeconfig, '--skip', 'handshake', '-o', 'json'], dirs.env, 30_000);
    const report = JSON.parse(result.stdout) as VerdictReport;
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.notChecked).toContainEqual({ what: 'go-plugin handshakes', why: 'the handshake step was skipped (--only/--skip)', blinds: ['now'] });
    expect(result.code).toBe(0);
  });

  it('handshake PATH cut by --timeout: exit 1, and the fix re-runs it with its --handshake-timeout and a --timeout that lets it finish', async () => {
    const hangPath = await buildGo('plugins/hang');
    const dirs = runDirs();
    try {
      const cut = await runCli(['handshake', hangPath, '--type', 'trafficrouter', '--handshake-timeout', '2s', '--timeout', '1s', '-o', 'json'], { env: { ...process.env, ...dirs.env } });
      expect(cut.code).toBe(1);
      const report = JSON.parse(cut.stdout) as VerdictReport;
      expect(report.notChecked).toContainEqual({ what: 'the go-plugin handshake of local/plugins_hang', why: "the run's --timeout ran out during start: nothing is known about it", blinds: ['now'], failed: true });
      const fix = report.findings.find((f) => f.id === 'handshake-aborted')!.fix;
      const command = `kubectl rollouts-plugins handshake ${hangPath} --type trafficrouter --handshake-timeout 2s --timeout 1m`;
      expect(fix).toBe(`The run's --timeout ran out before the handshake's own deadlines (--handshake-timeout 2s per step): run it again with a --timeout that covers them: ${command}`);
      // Pasted, it reaches the handshake's own verdict.
      const again = await runCli([...command.split(' ').slice(2), '-o', 'json'], { env: { ...process.env, ...dirs.env } });
      expect((JSON.parse(again.stdout) as VerdictReport).findings.map((f) => f.id)).toEqual(['handshake-timeout']);
    } finally {
      dirs.remove();
    }
  });

  it("serve: a run's --timeout during the handshake publishes Now unknown, not ok", async () => {
    const { kubeconfig, dirs } = await setUp({ body: hang }, sha256(hang), [], [ROUTER_ONLY]);
    const serve = spawnCli(['serve', '--kubeconfig', kubeconfig, '--listen', '127.0.0.1:0', '--interval', '1h', '--jitter', '0', '--handshake-timeout', '30s', '--timeout', '5s'], { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '' }, 60_000);
    try {
      await waitFor('the first run', () => /run (ok|failed) /.test(serve.output.stderr), 30_000);
      expect(serve.output.stderr).toMatch(/run ok in [\d.]+ m?s: now unknown, /);
      const url = /serving .* on (http:\/\/\S+)/.exec(serve.output.stderr)![1]!;
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('rollouts_plugins_verdict{verdict="now",state="unknown"} 1');
      expect(metrics).toContain('rollouts_plugins_verdict{verdict="now",state="ok"} 0');
    } finally {
      serve.child.kill('SIGKILL');
      await serve.done.catch(() => undefined);
    }
  });
});

describe('Ctrl-C while a download waits for its connection', () => {
  it.each([
    ['directly', (port: number) => ({ url: `http://127.0.0.1:${port}/plugin`, env: {} })],
    ['through an HTTP proxy', (port: number) => ({ url: 'http://plugins.example.com/plugin', env: { HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '' } })],
    ['through an HTTP proxy, tunnelled', (port: number) => ({ url: 'https://plugins.example.com/plugin', env: { HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '' } })],
    ['through a SOCKS proxy', (port: number) => ({ url: 'https://plugins.example.com/plugin', env: { HTTPS_PROXY: `socks5://127.0.0.1:${port}`, NO_PROXY: '' } })],
  ])('to a server that never accepts it, %s: exit 130 at once, not at the connect deadline, and nothing left', async (_how, target) => {
    const listener = await neverAcceptingPort();
    const dirs = runDirs();
    try {
      const { url, env } = target(listener.port);
      const run = spawnCli(['probe', url], { ...dirs.env, ...env });
      await waitFor('the run to wait for its connection', () => synSentTo(listener.port) > listener.waiting);
      const interruptedAt = Date.now();
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(Date.now() - interruptedAt).toBeLessThan(1_000); // the connect deadline is 10 s
      expect(result.stdout).toContain(`download of ${url} cancelled after 0 bytes`);
      expect(leftovers(dirs.cache).filter((f) => !f.endsWith('kubectl-rollouts-plugins'))).toEqual([]);
      expect(leftovers(dirs.tmp)).toEqual([]);
    } finally {
      listener.close();
      dirs.remove();
    }
  });
  it('through a SOCKS proxy that takes the connection and never answers its handshake: exit 130 at once', async () => {
    const held: Socket[] = [];
    const proxy = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const dirs = runDirs();
    try {
      const url = 'https://plugins.example.com/plugin';
      const run = spawnCli(['probe', url], { ...dirs.env, HTTPS_PROXY: `socks5://127.0.0.1:${(proxy.address() as AddressInfo).port}`, NO_PROXY: '' });
      await waitFor('the run to connect to the proxy', () => held.length > 0);
      const interruptedAt = Date.now();
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(Date.now() - interruptedAt).toBeLessThan(1_000); // the SOCKS handshake deadline is 5 s
      expect(result.stdout).toContain(`download of ${url} cancelled after 0 bytes`);
    } finally {
      for (const socket of held) socket.destroy();
      proxy.close();
      dirs.remove();
    }
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

  const health = (kubeconfig: string) => `check its health: kubectl --kubeconfig ${kubeconfig} get --raw '/readyz?verbose' --request-timeout=30s`;

  it('an API server that accepts connections and never answers: exit 3 at the request deadline (a quarter of --timeout), in one sentence that says it was reached', async () => {
    const setup = await setUp({ hang: true }, undefined, [{ path: '.*', kind: 'hang' }]);
    const result = await runDoctor(['--kubeconfig', setup.kubeconfig, '--timeout', '3s'], setup.dirs.env, 30_000);
    expect(result.code).toBe(3);
    expect(result.ms).toBeLessThan(6_000);
    expect(result.stderr).toBe(
      `error: the Kubernetes API server at ${setup.api.url} accepted the connection but sent no answer within 750 ms (--request-timeout): it is overloaded or hung. Run again with a longer --request-timeout, or ${health(setup.kubeconfig)}\n`,
    );
  });

  it('--request-timeout 0: the check that the server answers waits for the whole run, and the fix names --timeout', async () => {
    const setup = await setUp({ hang: true }, undefined, [{ path: '.*', kind: 'hang' }]);
    const result = await runDoctor(['--kubeconfig', setup.kubeconfig, '--timeout', '3s', '--request-timeout', '0'], setup.dirs.env, 30_000);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `error: the Kubernetes API server at ${setup.api.url} accepted the connection but sent no answer before the run's --timeout ran out: it is overloaded or hung. Run again with a longer --timeout, or ${health(setup.kubeconfig)}\n`,
    );
  });

  it('an API server whose port never completes a TCP connection (black-holed): cannot reach it, at the request deadline', async () => {
    const setup = await setUp({ hang: true });
    const listener = await neverAcceptingPort();
    try {
      const server = `https://127.0.0.1:${listener.port}`;
      const result = await runDoctor(['--kubeconfig', setup.kubeconfig, '--server', server, '--timeout', '3s'], setup.dirs.env, 30_000);
      expect(result.code).toBe(3);
      expect(result.ms).toBeLessThan(6_000);
      expect(result.stderr).toBe(`error: cannot reach the Kubernetes API server at ${server}: no TCP connection within 750 ms\n`);
    } finally {
      listener.close();
    }
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

describe('--timeout before the search for the controller finished', () => {
  interface SearchReport {
    verdict: { now: { state: string; summary: string }; onRestart: { state: string } };
    notChecked: { what: string; why: string; blinds: string[] }[];
    findings: { id: string; variant?: string }[];
  }
  // Every API request but /version answers after 300 ms: a run of 200 ms sees none of them.
  const SLOW_API: FixtureFault[] = [{ path: '^/apis?/', kind: 'latency', ms: 300 }];
  /** doctor -o json (no downloads) against a fixture API server holding `objects` (none: a cluster without Argo Rollouts). */
  const doctorJson = async (objects: string | undefined, faults: FixtureFault[], args: string[]) => {
    const api = await startFixtureApiServer({ ...(objects !== undefined && loadScenario(objects)), faults });
    const dirs = runDirs();
    try {
      const kubeconfig = join(dirs.root, 'kubeconfig');
      writeFileSync(kubeconfig, api.kubeconfig({ token: 'admin-token' }));
      const run = await runDoctor(['--kubeconfig', kubeconfig, '--skip', 'probe', '-o', 'json', ...args], dirs.env, 30_000);
      return { code: run.code, report: JSON.parse(run.stdout) as SearchReport };
    } finally {
      await api.close();
      dirs.remove();
    }
  };

  it('no namespace found in time: no controller-not-found (no "-n" fix), Now UNKNOWN because the search was cut, exit 3 (nothing read)', async () => {
    const { code, report } = await doctorJson(readFileSync(BASE, 'utf8'), SLOW_API, ['--timeout', '200ms']);
    expect(report.findings.map((f) => f.id)).not.toContain('controller-not-found');
    const why = expect.stringMatching(/^not found, nor known to be absent: the search for its namespace did not finish \(the run's --timeout ran out[;)]/);
    expect(report.notChecked[0]).toEqual({ what: 'the Argo Rollouts controller', why, blinds: ['now', 'onRestart'], failed: true });
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.verdict.now.summary).toMatch(/^Cannot tell whether plugins work now: the Argo Rollouts controller: not found, nor known to be absent: the search for its namespace did not finish \(the run's --timeout ran out/);
    expect(code).toBe(3);
  });

  it('-n given and its pods and Deployments not listed in time: never "a controller that is not running" (BROKEN), Now UNKNOWN, exit 1', async () => {
    const { code, report } = await doctorJson(readFileSync(BASE, 'utf8'), [{ path: '/namespaces/argo-rollouts/(pods|deployments)$', kind: 'latency', ms: 300 }], ['-n', 'argo-rollouts', '--timeout', '200ms']);
    expect(report.findings.map((f) => f.id)).not.toContain('controller-not-found');
    expect(report.notChecked).toContainEqual(expect.objectContaining({ what: 'list pods in argo-rollouts', blinds: ['now'] }));
    expect(report.verdict.now.state).toBe('unknown');
    expect(code).toBe(1);
  });

  it('control: the same slow server, searches that finish and find nothing: controller-not-found, exit 1', async () => {
    const { code, report } = await doctorJson(undefined, SLOW_API, ['--timeout', '30s']);
    expect(report.findings.map((f) => f.id)).toEqual(['controller-not-found']);
    expect(report.notChecked.map((g) => g.what)).not.toContain('the Argo Rollouts controller');
    expect(report.verdict.now.summary).toBe('Cannot tell whether plugins work now: No Argo Rollouts controller was found in this cluster.');
    expect(code).toBe(1);
  });
});

describe('one API request that hangs', () => {
  it('pod logs that never answer: each gets a part of --timeout, the reads after them are made, and the fix names --request-timeout', async () => {
    const setup = await setUp({ status: 404 }, undefined, [{ path: '/log$', kind: 'hang' }]);
    const result = await runDoctor(['--kubeconfig', setup.kubeconfig, '--timeout', '12s', '-o', 'json'], setup.dirs.env, 30_000);
    // A quarter of --timeout per request: the logs give up after 3 s, not at the run's deadline.
    expect(result.ms).toBeLessThan(9_000);
    const paths = setup.api.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /api/v1/namespaces/argo-rollouts/events', 'POST /apis/authorization.k8s.io/v1/subjectaccessreviews']));
    const report = JSON.parse(result.stdout) as { findings: { id: string; title: string; evidence: string[]; fix: string }[]; notChecked: { what: string; why: string }[] };
    const unavailable = report.findings.filter((f) => f.id === 'api-unavailable');
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]!.title).toMatch(/^2 API requests failed \(timeout\): skipped current logs of /);
    expect(unavailable[0]!.evidence).toEqual([expect.stringMatching(/^could not get pods\/log .*: no answer within 3 s \(--request-timeout\) \(after 1 attempt\)$/), expect.stringMatching(/no answer within 3 s/)]);
    expect(unavailable[0]!.fix).toMatch(/^Run again with a longer `--request-timeout`/);
    expect(report.notChecked.map((n) => n.what)).not.toEqual(expect.arrayContaining([expect.stringMatching(/events|subjectaccessreviews/)]));
  });
});

describe('a binary or handshake the run does not judge leaves Now open', () => {
  let ok: Buffer;
  beforeAll(async () => {
    ok = readFileSync(await buildGo('plugins/trafficrouter-ok'));
  });

  it('--skip binary: Now UNKNOWN for the plugin a Rollout uses, listed under Not checked, exit 0 (a step the user skipped)', async () => {
    const { kubeconfig, dirs } = await setUp({ body: ok }, sha256(ok), [], [ROUTER_ONLY]);
    const json = await runDoctor(['--kubeconfig', kubeconfig, '--skip', 'binary', '-o', 'json'], dirs.env, 30_000);
    const report = JSON.parse(json.stdout) as VerdictReport & { verdict: { onRestart: { state: string } } };
    expect(report.verdict.now.state).toBe('unknown');
    // A binary's format and OS/arch decide whether the Rollouts using it work, not whether the controller starts.
    expect(report.verdict.onRestart.state).toBe('ok');
    expect(report.notChecked).toContainEqual({ what: 'plugin binaries (file format, OS/arch)', why: 'the binary step was skipped (--only/--skip)', blinds: ['now'] });
    expect(json.code).toBe(0);
    const table = await runDoctor(['--kubeconfig', kubeconfig, '--skip', 'binary'], dirs.env, 30_000);
    expect(table.stdout).toMatch(/^Now {9}UNKNOWN$/m);
    expect(table.stdout).toContain('  - plugin binaries (file format, OS/arch): the binary step was skipped (--only/--skip)\n');
    // Not judged, the binary has no BINARY cell (no platform, no ok), as a skipped handshake has no HANDSHAKE cell.
    expect(table.stdout).toMatch(/^router +argoproj-labs\/gatewayAPI +200 \S+ +ok +- +ok [\d.]+ m?s\* +1$/m);
    expect(report.plugins[0]!.binary).toBeUndefined();
    // -o junit passes no binary check: they are skipped.
    const junit = await runDoctor(['--kubeconfig', kubeconfig, '--skip', 'binary', '-o', 'junit'], dirs.env, 30_000);
    const parsed = (await parseJunit(junit.stdout)) as { testsuite: { name: string; testcase: { name: string; skipped?: { message: string }[] }[] }[] };
    const binaryCase = parsed.testsuite.find((s) => s.name.includes('gatewayAPI'))?.testcase.find((c) => c.name === 'binary-wrong-arch');
    expect(binaryCase?.skipped?.[0]?.message).toBe('the binary step did not run for it');
  });

  it('a download that failed: Now UNKNOWN, the handshake not run listed under Not checked, the 404 its one finding', async () => {
    const { kubeconfig, dirs } = await setUp({ status: 404 }, sha256(ok), [], [ROUTER_ONLY]);
    const result = await runDoctor(['--kubeconfig', kubeconfig, '-o', 'json'], dirs.env, 30_000);
    const report = JSON.parse(result.stdout) as VerdictReport;
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.notChecked).toContainEqual({ what: 'the go-plugin handshake of argoproj-labs/gatewayAPI', why: 'not run: its download failed (HTTP 404), so there was no binary to launch', blinds: ['now'], failed: true });
    expect(report.findings.filter((f) => f.id.startsWith('download-') || f.id.startsWith('handshake-')).map((f) => f.id)).toEqual(['download-http-status']);
    expect(result.code).toBe(1);
  });

  it('a sha256 that does not match: the plugin is not launched, so Now is UNKNOWN (not OK) and Not checked says why', async () => {
    const { kubeconfig, dirs } = await setUp({ body: ok }, 'a'.repeat(64), [], [ROUTER_ONLY]);
    const result = await runDoctor(['--kubeconfig', kubeconfig, '-o', 'json'], dirs.env, 30_000);
    const report = JSON.parse(result.stdout) as VerdictReport & { verdict: { onRestart: { state: string } } };
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.notChecked).toContainEqual({ what: 'the go-plugin handshake of argoproj-labs/gatewayAPI', why: 'not run: its sha256 does not match the configured one', blinds: ['now'], failed: true });
    expect(result.code).toBe(1);
  });

  it('a binary for another CPU than this machine\'s (the controller\'s, --platform): not launched, Now UNKNOWN with where it can run, exit 0; -o junit skips the handshake checks', async () => {
    // The header of a static ELF for the other CPU: the binary step reads the platform from it, this machine cannot run it.
    const [other, machine] = process.arch === 'arm64' ? ['amd64', 0x3e] : ['arm64', 0xb7];
    const elf = Buffer.alloc(4096);
    elf.write('\x7fELF', 0, 'latin1');
    elf[4] = 2; // 64-bit
    elf[5] = 1; // little-endian
    elf.writeUInt16LE(2, 16); // an executable
    elf.writeUInt16LE(machine, 18);
    const host = process.arch === 'arm64' ? 'arm64' : 'amd64';
    const { kubeconfig, dirs } = await setUp({ body: elf }, sha256(elf), [], [ROUTER_ONLY]);
    const args = ['--kubeconfig', kubeconfig, '--platform', `linux/${other}`];
    const result = await runDoctor([...args, '-o', 'json'], dirs.env, 30_000);
    const report = JSON.parse(result.stdout) as VerdictReport;
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.notChecked).toContainEqual({
      what: 'the go-plugin handshake of argoproj-labs/gatewayAPI',
      why: `not run: it is a linux/${other} binary and this host is linux/${host}: test it on a linux/${other} machine (doctor there, or serve in the cluster)`,
      blinds: ['now'],
    });
    expect(report.findings.filter((f) => f.id.startsWith('binary-') || f.id.startsWith('handshake-')).map((f) => f.id)).toEqual(['handshake-cannot-run-on-host']);
    expect(result.code).toBe(0);
    const junit = await runDoctor([...args, '-o', 'junit'], dirs.env, 30_000);
    const parsed = (await parseJunit(junit.stdout)) as { testsuite: { name: string; testcase: { name: string; skipped?: { message: string }[] }[] }[] };
    const handshakeCase = parsed.testsuite.find((s) => s.name.includes('gatewayAPI'))?.testcase.find((c) => c.name === 'handshake-wrong-plugin-type');
    expect(handshakeCase?.skipped?.[0]?.message).toBe(`handshake not run: it is a linux/${other} binary and this host is linux/${host}`);
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
