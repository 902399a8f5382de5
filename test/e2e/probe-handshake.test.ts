/**
 * `doctor` end to end through the probe and handshake steps: the live ConfigMap points at a
 * loopback server that serves real go-plugin binaries built from test/go/plugins.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BASE } from '../cluster/scenarios.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { buildGo } from '../support/go-build.js';
import { reportSchemaErrors } from '../support/report-schema.js';
import { runCli } from '../support/cli.js';
import { configMapOverlay, cutNames, expectGolden, leftovers, runDirs, runDoctor, startPluginServer, type DoctorRun, type PluginServer, type RunDirs } from '../support/e2e.js';

interface Row {
  name: string;
  download?: { ok: boolean; status?: number };
  sha256?: string;
  binary?: { ok: boolean };
  handshake?: { ok: boolean; pluginType?: string };
}
interface Finding {
  id: string;
  severity: string;
  plugin?: { name: string };
  evidence: string[];
  symptoms?: { id: string }[];
}

/** Both nodes with this host's OS/arch, so the binaries built here are the right platform. */
function nodesOfThisHost(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;
  return ['node-a', 'node-b']
    .map((name) => `---\napiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: {kubernetes.io/arch: ${arch}, kubernetes.io/os: ${process.platform}}}\nstatus: {nodeInfo: {architecture: ${arch}, operatingSystem: ${process.platform}}}\n`)
    .join('');
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('doctor with downloads and handshakes', () => {
  let plugins: PluginServer;
  let server: FixtureApiServer;
  let dirs: RunDirs;
  let json: DoctorRun;
  let table: DoctorRun;
  let yaml: DoctorRun;
  let focused: DoctorRun;
  let init: DoctorRun;
  let initContext: DoctorRun;
  let router: Buffer;
  let routerPath: string;
  let metricPath: string;

  beforeAll(async () => {
    [routerPath, metricPath] = await Promise.all([buildGo('plugins/trafficrouter-ok'), buildGo('plugins/metricprovider-ok')]);
    router = readFileSync(routerPath);
    const metric = readFileSync(metricPath);
    plugins = await startPluginServer({
      '/releases/v0.4.0/gatewayapi-plugin-linux-amd64': { body: router },
      '/releases/v1.0.0/metric-plugin-linux-amd64': { body: metric },
    });
    const url = plugins.url;
    const overlay = configMapOverlay({
      trafficRouterPlugins: [
        '- name: argoproj-labs/gatewayAPI',
        `  location: ${url}/releases/v0.4.0/gatewayapi-plugin-linux-amd64`,
        `  sha256: ${sha256(router)}`,
        '- name: acme/router-that-is-a-metric',
        `  location: ${url}/releases/v1.0.0/metric-plugin-linux-amd64`,
        `  sha256: ${sha256(metric)}`,
      ].join('\n'),
      metricProviderPlugins: [
        '- name: argoproj-labs/sample-prometheus',
        `  location: ${url}/releases/v0.0.4/metric-plugin-linux-amd64`,
        `  sha256: ${sha256(metric)}`,
        '- name: acme/republished',
        `  location: ${url}/releases/v1.0.0/metric-plugin-linux-amd64`,
        `  sha256: ${sha256(router)}`,
      ].join('\n'),
    });
    server = await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8'), overlay, nodesOfThisHost()));
    dirs = runDirs();
    const kubeconfig = join(dirs.root, 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfig({ token: 'admin-token' }));
    // Two kubeconfig files: the first sets a current-context that reaches nothing; --context names the fixture's.
    const elsewhere = join(dirs.root, 'elsewhere-kubeconfig');
    writeFileSync(elsewhere, JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': 'elsewhere', clusters: [{ name: 'elsewhere', cluster: { server: 'https://127.0.0.1:1' } }], contexts: [{ name: 'elsewhere', context: { cluster: 'elsewhere', user: 'nobody' } }], users: [{ name: 'nobody', user: {} }] }));
    const fixture = join(dirs.root, 'fixture-kubeconfig');
    writeFileSync(fixture, server.kubeconfig({ token: 'admin-token', context: 'fixture' }));
    [json, table, yaml, focused, init, initContext] = await Promise.all([
      runDoctor(['--kubeconfig', kubeconfig, '-o', 'json'], dirs.env),
      runDoctor(['--kubeconfig', kubeconfig], dirs.env),
      runDoctor(['--kubeconfig', kubeconfig, '-o', 'yaml'], dirs.env),
      runDoctor(['--kubeconfig', kubeconfig, '-o', 'json', '--plugin', 'argoproj-labs/gatewayAPI'], dirs.env),
      // kubectl skips a KUBECONFIG file that does not exist: so does what --init offers the plugin.
      runDoctor(['-o', 'json', '--plugin', 'argoproj-labs/gatewayAPI', '--init'], { ...dirs.env, KUBECONFIG: [join(dirs.root, 'missing'), kubeconfig].join(delimiter) }),
      runDoctor(['-o', 'json', '--plugin', 'argoproj-labs/gatewayAPI', '--init', '--context', 'fixture'], { ...dirs.env, KUBECONFIG: [elsewhere, fixture].join(delimiter) }),
    ]);
  });
  afterAll(async () => {
    await plugins?.close();
    await server?.close();
    dirs?.remove();
  });

  const report = () => JSON.parse(json.stdout) as { verdict: { onRestart: { state: string; reasons: { finding?: string; plugin?: string }[] } }; plugins: Row[]; findings: Finding[] };
  const restartReasons = () => report().verdict.onRestart.reasons.map((r) => `${r.finding}@${r.plugin}`);
  const row = (name: string) => report().plugins.find((p) => p.name === name)!;
  const findingsOf = (name: string) => report().findings.filter((f) => f.plugin?.name === name).map((f) => f.id);

  it('the healthy plugin downloads, matches its sha256 and answers the handshake with its type', () => {
    expect(row('argoproj-labs/gatewayAPI')).toMatchObject({ download: { ok: true, status: 200 }, sha256: 'ok', binary: { ok: true }, handshake: { ok: true } });
    expect(findingsOf('argoproj-labs/gatewayAPI').filter((id) => id !== 'location-plain-http')).toEqual([]);
  });

  it('a metric provider configured as a traffic router fails the handshake as the wrong type', () => {
    expect(row('acme/router-that-is-a-metric').handshake).toMatchObject({ ok: false });
    expect(findingsOf('acme/router-that-is-a-metric')).toContain('handshake-wrong-plugin-type');
  });

  it('a 404 is a download error that would stop the controller at start-up', () => {
    expect(row('argoproj-labs/sample-prometheus').download).toMatchObject({ ok: false, status: 404 });
    expect(findingsOf('argoproj-labs/sample-prometheus')).toContain('download-http-status');
    expect(report().verdict.onRestart.state).toBe('broken');
    expect(restartReasons()).toContain('download-http-status@argoproj-labs/sample-prometheus');
  });

  it('a sha256 mismatch is an error, and the unverified binary is not executed', () => {
    expect(row('acme/republished').sha256).toBe('mismatch');
    // One cause, one finding: the skipped handshake is the mismatch's symptom (and a Not checked entry), not a second warning.
    expect(findingsOf('acme/republished')).toContain('sha256-mismatch');
    expect(findingsOf('acme/republished')).not.toContain('handshake-skipped-unverified');
    expect(report().findings.find((f) => f.id === 'sha256-mismatch' && f.plugin?.name === 'acme/republished')?.symptoms?.map((s) => s.id)).toEqual(['handshake-skipped-unverified']);
    expect(row('acme/republished').handshake?.ok).not.toBe(true);
    expect(restartReasons()).toContain('sha256-mismatch@acme/republished');
  });

  it('the JSON is schema-valid, the exit code 1, and the run leaves no temp file behind', () => {
    expect(reportSchemaErrors(report())).toEqual([]);
    expect(json.code).toBe(1);
    expect(table.code).toBe(1);
    expect(leftovers(dirs.tmp)).toEqual([]);
    // fetched once per run (six runs), straight from loopback, not via the pods' proxy
    expect(plugins.requests.filter((p) => p.endsWith('gatewayapi-plugin-linux-amd64'))).toHaveLength(6);
  });

  it('six runs at once on one cache each launch the plugin they verified, and leave only entries there', () => {
    const runs = [json, table, yaml, focused, init, initContext];
    for (const run of runs) expect(run.stdout).not.toMatch(/changed after its sha256 was verified|kept changing/);
    const gatewayApi = [parseYaml(yaml.stdout) as { plugins: Row[] }, ...[json, focused, init, initContext].map((run) => JSON.parse(run.stdout) as { plugins: Row[] })].map((r) => r.plugins.find((p) => p.name === 'argoproj-labs/gatewayAPI')?.handshake);
    expect(gatewayApi).toEqual(Array(5).fill(expect.objectContaining({ ok: true })));
    // the table's handshake column: the golden file below
    expect(readdirSync(join(dirs.cache, 'kubectl-rollouts-plugins')).filter((name) => !/^[0-9a-f]{64}$/.test(name))).toEqual([]);
  });

  it('-o yaml is the same report, valid against the same schema', () => {
    const fromYaml = parseYaml(yaml.stdout) as { plugins: Row[]; findings: Finding[]; metadata: unknown };
    expect(reportSchemaErrors(fromYaml)).toEqual([]);
    expect(yaml.code).toBe(1);
    const ids = (r: { findings: Finding[] }) => r.findings.map((f) => `${f.id}@${f.plugin?.name ?? ''}`);
    expect(ids(fromYaml)).toEqual(ids(report()));
    expect(fromYaml.plugins.map((p) => p.name)).toEqual(report().plugins.map((p) => p.name));
  });

  it('--plugin focuses the report on one plugin: its row, its findings, and a verdict about it', () => {
    const focus = JSON.parse(focused.stdout) as { verdict: { onRestart: { state: string; summary: string } }; plugins: Row[]; findings: Finding[] };
    expect(focus.plugins.map((p) => p.name)).toEqual(['argoproj-labs/gatewayAPI']);
    expect(focus.findings.filter((f) => f.plugin && f.plugin.name !== 'argoproj-labs/gatewayAPI')).toEqual([]);
    expect(focus.plugins[0]!.handshake).toMatchObject({ ok: true });
    // the other plugins are still loaded at start-up: not probed, so no promise about a restart
    expect(focus.verdict.onRestart.state).toBe('unknown');
    expect(focus.verdict.onRestart.summary).toMatch(/argoproj-labs\/sample-prometheus.*left out by --plugin/);
    expect(focused.code).toBe(0);
  });

  it('--init offers the plugin the kubeconfig files kubectl reads, a missing KUBECONFIG entry skipped', () => {
    const launched = init.stderr.split('\n').filter((l) => l.startsWith('running plugin: '));
    expect(launched).toHaveLength(1);
    expect(launched[0]!.endsWith(` KUBECONFIG=${join(dirs.root, 'kubeconfig')})`), launched[0]).toBe(true);
    expect((JSON.parse(init.stdout) as { plugins: Row[] }).plugins[0]!.handshake).toMatchObject({ ok: true });
  });

  it("--init --context: the plugin's kubeconfig selects the context the run checked, by a file of its own temp dir put first", () => {
    expect((JSON.parse(initContext.stdout) as { context?: string; plugins: Row[] }).plugins[0]!.handshake).toMatchObject({ ok: true });
    const launched = initContext.stderr.split('\n').filter((l) => l.startsWith('running plugin: '));
    expect(launched).toHaveLength(1);
    const offered = / KUBECONFIG=(\S+)\)$/.exec(launched[0]!)?.[1]?.split(delimiter);
    expect(offered).toEqual([expect.stringMatching(new RegExp(`^${dirs.tmp}/rollouts-plugin-\\w+/context\\.kubeconfig$`)), join(dirs.root, 'elsewhere-kubeconfig'), join(dirs.root, 'fixture-kubeconfig')]);
  });

  it('handshake PATH --init offers the kubeconfig files too, --context first (it offered none before)', async () => {
    const offered = async (...flags: string[]) => {
      const run = await runCli(['handshake', routerPath, '--type', 'trafficrouter', '--init', '-o', 'json', ...flags], { env: { ...process.env, ...dirs.env, KUBECONFIG: [join(dirs.root, 'elsewhere-kubeconfig'), join(dirs.root, 'fixture-kubeconfig')].join(delimiter) } });
      expect(run.code, run.stderr).toBe(0);
      return / KUBECONFIG=(\S+)\)$/m.exec(run.stderr)?.[1]?.split(delimiter);
    };
    expect(await offered()).toEqual([join(dirs.root, 'elsewhere-kubeconfig'), join(dirs.root, 'fixture-kubeconfig')]);
    expect(await offered('--context', 'fixture')).toEqual([expect.stringMatching(new RegExp(`^${dirs.tmp}/rollouts-plugin-\\w+/context\\.kubeconfig$`)), join(dirs.root, 'elsewhere-kubeconfig'), join(dirs.root, 'fixture-kubeconfig')]);
    expect(leftovers(dirs.tmp)).toEqual([]);
  });

  it('doctor --init --token -n: the token is not offered to the plugin (-n is), and the launch notice and the report name it, never its value', async () => {
    const run = await runDoctor(['-o', 'json', '--plugin', 'argoproj-labs/gatewayAPI', '--init', '--kubeconfig', join(dirs.root, 'fixture-kubeconfig'), '--token', 'admin-token', '-n', 'argo-rollouts'], dirs.env);
    const result = JSON.parse(run.stdout) as { plugins: Row[]; notChecked: { what: string; why: string; blinds: string[] }[] };
    expect(result.plugins[0]!.handshake).toMatchObject({ ok: true });
    const launched = run.stderr.split('\n').filter((l) => l.startsWith('running plugin: '));
    expect(launched).toHaveLength(1);
    expect(launched[0]).not.toContain('--namespace');
    expect(launched[0]).toContain("; not offered: --token (a server, credential or identity given as a flag is never written to disk for the plugin: its InitPlugin uses the kubeconfig's))");
    expect(result.notChecked).toContainEqual({ what: 'InitPlugin with --token', why: "not offered: a server, credential or identity given as a flag is never written to disk for the plugin: its InitPlugin uses the kubeconfig's", blinds: [] });
    expect(`${run.stdout}${run.stderr}`).not.toContain('admin-token');
    expect(leftovers(dirs.tmp)).toEqual([]);
  });

  it('handshake PATH: its fixes use its own flags (--type, not a ConfigMap entry), and no --platform it does not have', async () => {
    const run = async (path: string, type: string) => {
      const result = await runCli(['handshake', path, '--type', type, '-o', 'json'], { env: { ...process.env, ...dirs.env } });
      return { code: result.code, findings: (JSON.parse(result.stdout) as { findings: (Finding & { fix: string })[] }).findings };
    };
    const healthy = await run(routerPath, 'trafficrouter');
    expect(healthy.findings.map((f) => f.id)).toEqual([]);
    expect(healthy.code).toBe(0);
    const wrongType = await run(metricPath, 'trafficrouter');
    expect(wrongType.findings.map((f) => f.id)).toEqual(['handshake-wrong-plugin-type']);
    expect(wrongType.findings[0]!.fix).toContain(`kubectl rollouts-plugins handshake ${metricPath} --type metricprovider`);
    expect(wrongType.findings[0]!.fix).not.toContain('Move the entry');
    expect(wrongType.code).toBe(1);
  });

  it('handshake PATH: a plugin that exits, one of another protocol, and one that is not the --sha256 given get fixes about the command line, not a ConfigMap entry', async () => {
    const [exits, protocolV2] = await Promise.all([buildGo('plugins/exit-at-once'), buildGo('plugins/protocol-v2')]);
    const fixes = async (...args: string[]) => {
      const result = await runCli(['handshake', ...args, '-o', 'json'], { env: { ...process.env, ...dirs.env } });
      return (JSON.parse(result.stdout) as { findings: (Finding & { fix: string })[] }).findings.map((f) => [f.id, f.fix]);
    };
    const [exited] = await fixes(exits, '--type', 'trafficrouter');
    expect(exited).toEqual(['handshake-plugin-exited', expect.stringContaining('give them after `--` on the command line')]);
    const [protocol] = await fixes(protocolV2, '--type', 'trafficrouter');
    expect(protocol).toEqual(['handshake-protocol-version', expect.stringMatching(/and test that binary\.$/)]);
    const [skipped] = await fixes(routerPath, '--type', 'trafficrouter', '--sha256', '0'.repeat(64));
    expect(skipped).toEqual(['handshake-skipped-unverified', `This binary is not the one the given --sha256 names: find where it came from before trusting it, or run it knowingly: kubectl rollouts-plugins handshake ${routerPath} --type trafficrouter --allow-unverified`]);
    expect(leftovers(dirs.tmp)).toEqual([]);
  });

  it('the table in a pipe cuts nothing and reads as the golden file', () => {
    expect(cutNames(table.stdout)).toEqual([]);
    expect(table.stderr).toMatch(/^running plugin: /m); // said before anything is executed
    expectGolden('probe-handshake.txt', table.stdout);
  });
});
