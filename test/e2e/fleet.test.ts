/**
 * Fleet runs end to end: the real CLI against several fixture API servers behind one kubeconfig
 * (healthy, crash-looping, unreachable, rejected credentials, hanging), checked concurrently, each
 * under its own deadline; downloads several clusters share are made once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadScenarioFiles, loadScenario, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { configMapOverlay, leftovers, processesMentioning, runDirs, runDoctor, spawnCli, startPluginServer, waitFor, type PluginServer, type RunDirs } from '../support/e2e.js';
import { fleetKubeconfig } from '../support/fleet.js';
import { reportListSchemaErrors } from '../support/report-schema.js';
import { BASE, FIXTURES } from '../cluster/scenarios.js';
import { CLI_BIN } from '../support/cli.js';
import { buildGo, REPO_ROOT } from '../support/go-build.js';

const NO_DOWNLOADS = ['--skip', 'probe,binary,handshake'];
const PLUGIN_PATH = '/releases/v1.0.0/gatewayapi-plugin-linux-amd64';
const METRIC_PATH = '/releases/v0.0.4/metric-plugin-linux-amd64';
const PLUGIN_BYTES = Buffer.from('stand-in plugin bytes, the same for every cluster\n');
const HANGING_PATH = '/releases/v2.0.0/never-answers';

interface ListJson {
  kind: string;
  items: { context: string; server?: string; error?: { reason: string; message: string }; report?: { nothingRead?: boolean; verdict: { now: { state: string }; onRestart: { state: string } }; findings: { id: string; symptoms?: { id: string }[] }[]; plugins: { name: string; sha256?: string }[] } }[];
}

let dirs: RunDirs;
let plugins: PluginServer;
const servers: FixtureApiServer[] = [];
let kubeconfig: string;

async function cluster(...overlays: string[]): Promise<FixtureApiServer> {
  const scenario = loadScenarioFiles(BASE, ...overlays.map((o) => join(FIXTURES, o)));
  const server = await startFixtureApiServer(scenario);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  dirs = runDirs();
  plugins = await startPluginServer({ [PLUGIN_PATH]: { body: PLUGIN_BYTES }, [METRIC_PATH]: { body: PLUGIN_BYTES }, [HANGING_PATH]: { hang: true } });
  const sha = createHash('sha256').update(PLUGIN_BYTES).digest('hex');
  // The router is public; the metric plugin is downloaded with each cluster's headersFrom Secret.
  const plugin = configMapOverlay({
    trafficRouterPlugins: `- name: argoproj-labs/gatewayAPI\n  location: ${plugins.url}${PLUGIN_PATH}\n  sha256: ${sha}\n`,
    metricProviderPlugins: `- name: argoproj-labs/sample-prometheus\n  location: ${plugins.url}${METRIC_PATH}\n  sha256: ${sha}\n  headersFrom:\n    - secretRef:\n        name: plugin-download-auth\n`,
  });
  const withPlugin = async () => {
    const server = await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8'), plugin));
    servers.push(server);
    return server;
  };
  const hangingDownload = async () => {
    const overlay = configMapOverlay({ trafficRouterPlugins: `- name: argoproj-labs/gatewayAPI\n  location: ${plugins.url}${HANGING_PATH}\n  sha256: ${sha}\n` });
    const server = await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8'), overlay));
    servers.push(server);
    return server;
  };
  const gone = await startFixtureApiServer({});
  await gone.close();
  const hanging = await cluster();
  hanging.addFault({ path: '.*', kind: 'hang' });
  kubeconfig = join(dirs.root, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    fleetKubeconfig([
      { context: 'prod-eu', server: await withPlugin() },
      { context: 'prod-us', server: await withPlugin() },
      { context: 'staging-crashloop', server: await cluster('crashloop-fatal-download.yaml') },
      { context: 'lab-unreachable', server: gone },
      { context: 'lab-expired-token', server: await cluster(), token: 'expired-token' },
      { context: 'lab-hanging', server: hanging },
      { context: 'download-a', server: await hangingDownload() },
      { context: 'download-b', server: await hangingDownload() },
    ]),
  );
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.close();
  await plugins?.close();
  dirs?.remove();
});

const list = (stdout: string): ListJson => JSON.parse(stdout) as ListJson;

describe('doctor over several clusters', () => {
  test('a pattern picks contexts in kubeconfig order; a download both clusters share is made once, one sent with their Secrets is not', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'prod-*', '--skip', 'handshake', '-o', 'json'], dirs.env);
    const json = list(run.stdout);
    expect(reportListSchemaErrors(json)).toEqual([]);
    expect(json.items.map((i) => i.context)).toEqual(['prod-eu', 'prod-us']);
    const rows = ['argoproj-labs/sample-prometheus ok', 'argoproj-labs/gatewayAPI ok'];
    expect(json.items.map((i) => i.report?.plugins.map((p) => `${p.name} ${p.sha256}`))).toEqual([rows, rows]);
    expect(plugins.requests.filter((p) => p === PLUGIN_PATH)).toHaveLength(1);
    expect(plugins.requests.filter((p) => p === METRIC_PATH)).toHaveLength(2);
    // The stand-in bytes are no binary: the worst cluster decides the exit code.
    expect(run.code).toBe(1);
  }, 60_000);

  test('--all-contexts: one item per context; an unreachable cluster, rejected credentials and a hanging API are said per cluster, exit 3', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--all-contexts', ...NO_DOWNLOADS, '--cluster-timeout', '3s', '--cluster-concurrency', '8', '-o', 'json'], dirs.env);
    const json = list(run.stdout);
    expect(reportListSchemaErrors(json)).toEqual([]);
    expect(json.items.map((i) => i.context)).toEqual(['prod-eu', 'prod-us', 'staging-crashloop', 'lab-unreachable', 'lab-expired-token', 'lab-hanging', 'download-a', 'download-b']);
    const byContext = Object.fromEntries(json.items.map((i) => [i.context, i]));
    // Downloads and handshakes skipped: the Rollouts' plugins were not launched.
    expect(byContext['prod-eu']!.report!.verdict.now.state).toBe('unknown');
    // The fatal line is shown inside its cause (the tag without its v) as a symptom.
    const crashloop = byContext['staging-crashloop']!.report!.findings;
    expect(crashloop.map((f) => f.id)).toContain('location-asset-not-in-release');
    expect(crashloop.flatMap((f) => (f.symptoms ?? []).map((s) => s.id))).toContain('controller-fatal-download');
    expect(byContext['lab-unreachable']!.error).toMatchObject({ reason: 'unreachable' });
    expect(byContext['lab-unreachable']!.error!.message).toMatch(/cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: connection refused/);
    expect(byContext['lab-expired-token']!.report!.nothingRead).toBe(true);
    // Its first request's own deadline (a quarter of --cluster-timeout) ends it before the cluster's; it was reached, and did not answer.
    expect(byContext['lab-hanging']!.error).toMatchObject({ reason: 'no-answer' });
    expect(byContext['lab-hanging']!.error!.message).toMatch(
      /^the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+ accepted the connection but sent no answer within 750 ms \(--request-timeout\): it is overloaded or hung\. Run again with a longer --request-timeout, or check its health: kubectl --kubeconfig \S+ --context lab-hanging get --raw '\/readyz\?verbose' --request-timeout=30s$/,
    );
    expect(run.code).toBe(3);
    // The hanging cluster held nobody: its deadline, not the run's (2m), ended it.
    expect(run.ms).toBeLessThan(20_000);
  }, 60_000);

  test("a cluster whose own --cluster-timeout ends its download: the fix names --cluster-timeout, not the run's --timeout", async () => {
    const own = runDirs();
    try {
      const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'download-a', '--context', 'download-b', '--skip', 'handshake', '--cluster-timeout', '3s', '--timeout', '8s', '-o', 'json'], own.env);
      const json = list(run.stdout);
      const fixes = json.items.map((i) => (i.report?.findings as { id: string; fix?: string }[] | undefined)?.find((f) => f.id === 'download-cancelled')?.fix);
      expect(fixes).toEqual(json.items.map(() => "Run again with a longer `--cluster-timeout`: the cluster's deadline ran out before this download finished."));
    } finally {
      own.remove();
    }
  }, 60_000);

  test('the table: one summary line per cluster, names never cut, then each cluster under its context', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'prod-eu', '--context', 'staging-crashloop', '--context', 'lab-unreachable', ...NO_DOWNLOADS], dirs.env);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^CONTEXT +VERSION +NOW +ON RESTART +ERR +WARN +TOP PROBLEM$/);
    expect(lines[1]).toMatch(/^prod-eu +v1\.8\.3 +UNKNOWN +UNKNOWN +0 +\d+ +go-plugin handshakes: the handshake step was skipped/);
    expect(lines[2]).toMatch(/^staging-crashloop +v1\.8\.3 +BROKEN +BROKEN +[1-9]\d* +\d+ +\S/);
    // In a pipe nothing wraps: the whole reason on the cluster's line.
    expect(lines[3]).toMatch(/^lab-unreachable +- +FAILED +FAILED +- +- +cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
    // The columns line up: every verdict starts where the header's NOW does.
    const nowColumn = lines[0]!.indexOf('NOW');
    expect(lines.slice(1, 4).map((l) => l.slice(nowColumn).split(' ')[0])).toEqual(['UNKNOWN', 'BROKEN', 'FAILED']);
    expect(run.stdout).toContain('=== prod-eu (https://127.0.0.1:');
    expect(run.stdout).toMatch(/=== lab-unreachable \(https:\/\/127\.0\.0\.1:\d+\) ===\nNOT CHECKED\n  cannot reach the Kubernetes API server/);
    expect(run.code).toBe(3);
  }, 60_000);

  test('a context that does not exist, or a pattern matching none, is a usage error (exit 2) before any cluster is contacted', async () => {
    const before = servers.map((s) => s.requests.length);
    const typo = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'prod-eu', '--context', 'prod-uss'], dirs.env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('context "prod-uss" does not exist in');
    expect(typo.stderr).toContain('did you mean "prod-us"?');
    const none = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'dev-*'], dirs.env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--context "dev-*" matches no context of');
    expect(servers.map((s) => s.requests.length)).toEqual(before);
  }, 60_000);

  test('-o sarif|junit|github|prometheus over several contexts is a usage error (exit 2) naming the fleet formats, before any cluster is contacted', async () => {
    const before = servers.map((s) => s.requests.length);
    for (const format of ['sarif', 'junit', 'github', 'prometheus']) {
      // lab-hanging never answers: checking it first would take its whole --cluster-timeout.
      const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'prod-eu', '--context', 'lab-hanging', '--cluster-timeout', '20s', '-o', format], dirs.env);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`-o ${format} reports one cluster: a run over several contexts prints table, wide, json or yaml`);
      expect(run.ms).toBeLessThan(10_000);
    }
    expect(servers.map((s) => s.requests.length)).toEqual(before);
  }, 120_000);

  test('Ctrl-C while a download both clusters wait for hangs: exit 130 at once, the one connection closed, no partial file left', async () => {
    const own = runDirs();
    try {
      // Earlier tests requested the hanging download too: only this run's requests count.
      const earlier = plugins.requests.length;
      const hangingRequests = () => plugins.requests.slice(earlier).filter((p) => p === HANGING_PATH).length;
      const run = spawnCli(['doctor', '--kubeconfig', kubeconfig, '--context', 'download-*', '--skip', 'handshake'], own.env);
      await waitFor('the shared download to start', () => hangingRequests() > 0);
      await waitFor('the server to hold the connection', () => plugins.openConnections() > 0);
      const interruptedAt = Date.now();
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(Date.now() - interruptedAt).toBeLessThan(5_000);
      expect(hangingRequests()).toBe(1);
      await waitFor('the download connection to close', () => plugins.openConnections() === 0, 2_000);
      expect(leftovers(own.cache).filter((f) => !f.endsWith('kubectl-rollouts-plugins'))).toEqual([]);
      expect(leftovers(own.tmp)).toEqual([]);
    } finally {
      own.remove();
    }
  }, 60_000);

  test('Ctrl-C while both clusters run the plugin they share: exit 130 at once, no plugin process, temp file or partial file left', async () => {
    const hang = readFileSync(await buildGo('plugins/hang'));
    const sha = createHash('sha256').update(hang).digest('hex');
    const own = runDirs();
    const server = await startPluginServer({ '/plugin': { body: hang } });
    const entry = configMapOverlay({ trafficRouterPlugins: `- name: argoproj-labs/gatewayAPI\n  location: ${server.url}/plugin\n  sha256: ${sha}\n` });
    const members = await Promise.all(['hang-a', 'hang-b'].map(async (context) => ({ context, server: await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8'), entry)) })));
    servers.push(...members.map((m) => m.server));
    const ownKubeconfig = join(own.root, 'kubeconfig');
    writeFileSync(ownKubeconfig, fleetKubeconfig(members));
    try {
      const run = spawnCli(['doctor', '--kubeconfig', ownKubeconfig, '--context', 'hang-*', '--handshake-timeout', '60s', '--cluster-timeout', '2m'], own.env);
      const cachedBinary = join(own.cache, 'kubectl-rollouts-plugins', sha);
      await waitFor('both clusters to launch the plugin', () => processesMentioning(cachedBinary).length >= 2, 30_000);
      const interruptedAt = Date.now();
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(Date.now() - interruptedAt).toBeLessThan(5_000);
      expect(processesMentioning(cachedBinary)).toEqual([]);
      expect(leftovers(own.tmp)).toEqual([]);
      expect(leftovers(join(own.cache, 'kubectl-rollouts-plugins')).filter((f) => f !== sha)).toEqual([]);
    } finally {
      await server.close();
      own.remove();
    }
  }, 120_000);

  /**
   * Runs doctor on a download that hangs until the run's (or each cluster's) deadline: the prompt is
   * back as the report is printed, the download's connection closed, no partial or temp file left.
   * Returns the report (stdout) and how long the run took.
   */
  async function promptBackWithTheReport(args: string[]): Promise<{ stdout: string; ms: number }> {
    const own = runDirs();
    try {
      const run = spawnCli(['doctor', '--kubeconfig', kubeconfig, ...args, '--skip', 'handshake', '-o', 'json'], own.env);
      const printedAt = waitFor('the report', () => run.output.stdout.endsWith('}\n'), 30_000).then(() => Date.now());
      const result = await run.done;
      const exitedAt = Date.now();
      // Not after the download's own deadline (30 s for its response headers), which nobody waited for any more.
      expect(exitedAt - (await printedAt)).toBeLessThan(2_000);
      await waitFor('the download connection to close', () => plugins.openConnections() === 0, 2_000);
      expect(leftovers(own.cache).filter((f) => !f.endsWith('kubectl-rollouts-plugins'))).toEqual([]);
      expect(leftovers(own.tmp)).toEqual([]);
      return result;
    } finally {
      own.remove();
    }
  }

  test('a download every cluster gave up on ends with the run: the prompt is back as the report is printed, its connection closed, no partial file left', async () => {
    const result = await promptBackWithTheReport(['--context', 'download-*', '--cluster-timeout', '4s']);
    expect(list(result.stdout).items.map((i) => i.error?.reason ?? 'report')).toEqual(['report', 'report']);
    expect(result.ms).toBeLessThan(4_000 + 5_000);
  }, 60_000);

  test('one cluster whose --timeout ends its download: the prompt is back as the report is printed too, nothing left', async () => {
    const result = await promptBackWithTheReport(['--context', 'download-a', '--timeout', '4s']);
    expect((JSON.parse(result.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id)).toContain('download-cancelled');
  }, 60_000);

  test('on a terminal, progress names the clusters still running', async () => {
    const socket = join(dirs.root, 'tmux.sock');
    const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', timeout: 10_000 });
    const command = `${process.execPath} ${CLI_BIN} doctor --kubeconfig ${kubeconfig} --context 'lab-*' --cluster-timeout 4s ${NO_DOWNLOADS.join(' ')} -o json > /dev/null; echo "[exit $?]"; exec sleep 60`;
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'fleet', '-x', '100', '-y', '10', '-e', 'NO_COLOR=1', command);
    try {
      const screen = () => tmux('capture-pane', '-p', '-t', 'fleet');
      // The unreachable and rejected clusters end at once; the hanging one runs until its deadline.
      await waitFor('progress naming the hanging cluster', () => /\d\/3 clusters checked; running: lab-hanging\s*$/m.test(screen()), 10_000);
      await waitFor('the run to end', () => screen().includes('[exit 3]'), 15_000);
      // The progress line is erased before the report is written.
      expect(screen()).not.toContain('clusters checked');
    } finally {
      tmux('kill-server');
    }
  }, 60_000);
});

describe('npm run demo -- --fleet', () => {
  test('four clusters in one run: one line each, then their reports; the demo itself exits 0 and leaves nothing', async () => {
    await Promise.all([buildGo('plugins/trafficrouter-ok'), buildGo('plugins/metricprovider-ok')]);
    const demo = spawnSync(process.execPath, ['scripts/demo.mjs', '--fleet'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(demo.status).toBe(0);
    const output = demo.stdout;
    const lines = output.split('\n');
    const header = lines.findIndex((l) => l.startsWith('CONTEXT'));
    expect(lines.slice(header + 1, header + 5).map((l) => l.split(/ +/).slice(0, 4).join(' '))).toEqual([
      'prod-eu v1.8.3 OK OK',
      'prod-us v1.8.3 BROKEN BROKEN',
      'lab-gone - FAILED FAILED',
      'lab-old-token - UNKNOWN UNKNOWN',
    ]);
    expect(output).toContain('=== prod-us (https://127.0.0.1:');
    // The demo names its kubeconfig; its temp dir is gone.
    const kubeconfigPath = /--kubeconfig (\S+)/.exec(demo.stderr)?.[1];
    expect(kubeconfigPath).toBeDefined();
    expect(existsSync(dirname(kubeconfigPath!))).toBe(false);
  }, 180_000);
});
