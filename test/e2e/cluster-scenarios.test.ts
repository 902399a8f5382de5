/**
 * `doctor` end to end on every cluster scenario of test/fixtures/cluster: the real bundled CLI,
 * a real kubeconfig, the fixture API server. Downloads are skipped here (the scenarios point at
 * github.com, whose reachability is not this suite's business); test/e2e/probe-handshake.test.ts
 * covers them on loopback.
 */
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureApiServer, type FixtureFault } from '../support/fixture-apiserver.js';
import { reportSchemaErrors } from '../support/report-schema.js';
import { cutNames, expectGolden, runDirs, runDoctor, spawnCli, type DoctorRun, type RunDirs } from '../support/e2e.js';
import { startScenario, useScenario, type ScenarioHandle } from '../cluster/scenarios.js';
import { buildGo } from '../support/go-build.js';

/** --skip probe alone downloads nothing: the binary and handshake steps need its bytes. */
const NO_DOWNLOADS = ['--skip', 'probe'];

interface Expectation {
  name: string;
  overlays: string[];
  token?: string;
  faults?: FixtureFault[];
  /** What the api-unavailable finding's title must say. */
  unavailable?: RegExp;
  args?: string[];
  /** Finding ids (with `@plugin` when the plugin matters) that must be in the report. */
  findings: string[];
  /** Finding ids that must not be. */
  absent?: string[];
  now: 'ok' | 'broken' | 'unknown';
  restart: 'ok' | 'broken' | 'unknown';
  /** Words the restart verdict's summary must contain. */
  summary?: string;
  /** What the report says of the configuration it judged (source.description, the table's Config: line). */
  source?: string;
  /** The real problems in the scenario, counted by hand: error+warning findings per cause is held at ≤ 1.2. */
  causes: number;
  code: number;
  golden?: string;
}

interface ReportJson {
  apiVersion: string;
  source: { description: string };
  verdict: { now: { state: string; summary: string }; onRestart: { state: string; summary: string }; affectedResources: string[] };
  findings: { id: string; variant?: string; severity: string; title: string; evidence: string[]; plugin?: { name: string }; symptoms?: { id: string; evidence: string[] }[] }[];
  plugins: { name: string }[];
  controller: { pods: unknown[] };
}

const SCENARIOS: Expectation[] = [
  {
    name: 'the ConfigMap read answers malformed JSON: never "no plugin is configured"',
    overlays: [],
    faults: [{ path: 'configmaps/argo-rollouts-config$', kind: 'malformed' }],
    unavailable: /\(malformed 200\): skipped the live plugin configuration/,
    source: 'argo-rollouts/argo-rollouts-config (could not be read: malformed 200)',
    findings: ['api-unavailable'],
    absent: ['configmap-missing', 'no-plugins-configured', 'plugin-not-configured'],
    now: 'ok',
    restart: 'unknown',
    causes: 1,
    code: 1, // a failed read left the restart verdict open: never green
  },
  {
    name: 'the ConfigMap read meets a 429 storm past the retries',
    overlays: [],
    faults: [{ path: 'configmaps/argo-rollouts-config$', kind: 'status', status: 429, retryAfter: 0 }],
    unavailable: /\(unavailable 429\)/,
    source: 'argo-rollouts/argo-rollouts-config (could not be read: unavailable 429)',
    findings: ['api-unavailable'],
    absent: ['configmap-missing', 'no-plugins-configured', 'plugin-not-configured'],
    now: 'ok',
    restart: 'unknown',
    causes: 1,
    code: 1,
  },
  {
    name: 'drift: a step plugin added after the pods started, and a Rollout failing on it',
    overlays: ['drift-step-plugin-in-use.yaml'],
    findings: ['log-plugin-not-configured', 'config-drift-restart-pending'],
    now: 'broken',
    restart: 'unknown',
    causes: 4,
    code: 1,
  },
  {
    name: 'rejected credentials (401 on every request)',
    overlays: [],
    args: ['--token', 'expired-token'],
    source: '?/argo-rollouts-config (could not be read: 401 Unauthorized)',
    findings: ['cluster-access-denied'],
    absent: ['configmap-missing', 'controller-not-found', 'plugin-not-configured', 'no-plugins-configured'],
    now: 'unknown',
    restart: 'unknown',
    causes: 1,
    code: 3,
  },
  {
    name: 'every read forbidden (--as a user with no rights)',
    overlays: [],
    args: ['--as', 'nobody'],
    findings: ['cluster-access-denied'],
    absent: ['configmap-missing', 'plugin-not-configured', 'no-plugins-configured'],
    now: 'unknown',
    restart: 'unknown',
    causes: 1,
    code: 3,
  },
  {
    name: 'a mistyped -n',
    overlays: [],
    args: ['-n', 'argo-rollout'],
    findings: ['controller-not-found'],
    absent: ['configmap-missing', 'plugin-not-configured', 'no-plugins-configured'],
    now: 'unknown',
    restart: 'unknown',
    causes: 1,
    code: 1,
  },
  {
    name: 'healthy HA install',
    overlays: [],
    findings: ['sha256-missing@argoproj-labs/gatewayAPI', 'sha256-missing@argoproj-labs/sample-prometheus'],
    absent: ['controller-crashloop', 'config-drift-restart-pending', 'api-unavailable'],
    now: 'unknown', // handshakes not run (--skip probe): a Rollout's plugin may fail its first one
    restart: 'unknown', // downloads skipped: nobody can say a restart would succeed
    summary: 'downloads, checksums and binaries: the probe step was skipped',
    causes: 2,
    code: 0,
  },
  {
    name: 'Helm install with nameOverride and a custom controller.component: found by its image',
    overlays: ['helm-name-override-custom-component.yaml'],
    args: ['-n', 'platform'],
    findings: ['controller-found-by-fallback'],
    absent: ['controller-not-found', 'configmap-missing', 'controller-replicas-without-leader-election'],
    now: 'unknown', // handshakes not run (--skip probe)
    restart: 'unknown', // downloads skipped
    causes: 0,
    code: 0,
  },
  {
    name: 'two Deployments run the controller image and none is labelled: verdicts stay open',
    overlays: ['helm-name-override-custom-component.yaml', 'helm-second-controller-image.yaml'],
    args: ['-n', 'platform'],
    findings: ['controller-found-by-fallback'],
    now: 'unknown',
    restart: 'unknown',
    causes: 1,
    code: 1,
  },
  {
    name: 'crash loop after a fatal download (404)',
    overlays: ['crashloop-fatal-download.yaml'],
    findings: ['controller-crashloop', 'controller-fatal-download@argoproj-labs/gatewayAPI', 'plugin-not-configured@argoproj-labs/sample-prometheus'],
    now: 'broken',
    restart: 'broken',
    summary: 'argoproj-labs/gatewayAPI',
    causes: 3,
    code: 1,
    golden: 'crashloop-fatal-download.txt',
  },
  {
    name: 'read-only root filesystem without plugin-bin',
    overlays: ['readonly-no-volumes.yaml'],
    findings: ['readonly-root-no-plugin-bin-mount', 'log-plugin-folder-create-failed', 'no-writable-tmp', 'controller-crashloop'],
    now: 'broken',
    restart: 'broken',
    causes: 5,
    code: 1,
  },
  {
    name: 'missing /tmp mount',
    overlays: ['missing-tmp-mount.yaml'],
    findings: ['no-writable-tmp', 'log-stdout-already-set'],
    absent: ['readonly-root-no-plugin-bin-mount'],
    now: 'broken',
    restart: 'unknown',
    causes: 3,
    code: 1,
  },
  {
    name: 'file:// location without a mount',
    overlays: ['file-location-no-mount.yaml'],
    findings: ['file-location-not-mounted@argoproj-labs/gatewayAPI', 'location-file-host-segment@argoproj-labs/gatewayAPI', 'init-container-not-completed@acme/notify'],
    now: 'broken',
    restart: 'broken',
    causes: 4,
    code: 1,
  },
  {
    name: 'drift: ConfigMap edited after the pods started',
    overlays: ['drift.yaml'],
    findings: ['config-drift-restart-pending', 'running-plugins-differ-from-config', 'headers-secret-missing@acme/datadog-slo'],
    absent: ['controller-crashloop'],
    now: 'unknown', // a time bomb: nothing fails until the next restart, but the handshakes were not run (--skip probe)
    restart: 'broken',
    causes: 5,
    code: 1,
    golden: 'drift.txt',
  },
  {
    name: 'HA: the standby crashes, the leader runs',
    overlays: ['ha-one-crash.yaml'],
    findings: ['controller-crashloop', 'controller-fatal-download@acme/datadog-slo', 'headers-secret-missing@acme/datadog-slo', 'plugin-warning-events@argoproj-labs/gatewayAPI'],
    now: 'broken',
    restart: 'broken',
    causes: 6,
    code: 1,
  },
  {
    name: "RBAC: the controller's service account lacks the plugin's routes",
    overlays: ['rbac-limited.yaml'],
    findings: ['plugin-rbac-missing@argoproj-labs/gatewayAPI'],
    now: 'broken', // the Rollout shop/checkout uses the plugin
    restart: 'unknown',
    causes: 3,
    code: 1,
  },
  {
    name: 'RBAC: a developer who may read only the controller namespace',
    overlays: ['rbac-limited.yaml'],
    token: 'dev-token',
    findings: ['cluster-access-denied'],
    absent: ['plugin-rbac-missing'],
    now: 'unknown',
    restart: 'unknown',
    causes: 3,
    code: 1, // refused reads leave both verdicts open: a weak account never passes green
    golden: 'rbac-limited-dev.txt',
  },
  {
    name: 'API server answering 503 to pod logs and 500 to events',
    overlays: ['crashloop-fatal-download.yaml'],
    faults: [
      { path: '/log$', kind: 'status', status: 503, retryAfter: 0 },
      { path: '/events$', kind: 'status', status: 500 },
    ],
    unavailable: /unavailable 50[03]/,
    findings: ['api-unavailable', 'controller-crashloop'],
    absent: ['controller-fatal-download'], // its proof, the log, could not be read
    now: 'broken',
    restart: 'unknown',
    causes: 4,
    code: 1,
  },
  {
    name: 'pod logs slower than --request-timeout',
    overlays: ['crashloop-fatal-download.yaml'],
    faults: [{ path: '/log$', kind: 'latency', ms: 5_000 }],
    args: ['--request-timeout', '1s'],
    unavailable: /\(timeout\)/,
    findings: ['api-unavailable', 'controller-crashloop'],
    absent: ['controller-fatal-download'],
    now: 'broken',
    restart: 'unknown',
    causes: 4,
    code: 1,
  },
];

/** Error and warning findings, and hand-counted causes, per scenario: filled by the scenario tests. */
const findingsPerCause = new Map<string, { findings: number; causes: number }>();

describe('doctor on the cluster scenarios', () => {
  let dirs: RunDirs;
  beforeAll(() => {
    dirs = runDirs();
  });
  afterAll(() => dirs.remove());

  async function run(s: Expectation, args: string[]): Promise<DoctorRun> {
    const scenario: ScenarioHandle = await startScenario(s.overlays, s.faults ? { faults: s.faults } : {});
    try {
      return await runDoctor(['--kubeconfig', scenario.kubeconfig(s.token), ...NO_DOWNLOADS, ...(s.args ?? []), ...args], dirs.env);
    } finally {
      await scenario.close();
    }
  }

  it.concurrent.each(SCENARIOS)('$name: findings, verdict, exit code, schema-valid JSON', async (s) => {
    const result = await run(s, ['-o', 'json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as ReportJson; // the whole of stdout is the JSON document
    expect(reportSchemaErrors(report)).toEqual([]);
    // A finding folded into its cause as a symptom still counts as reported.
    const ids = new Set(report.findings.flatMap((f) => [f, ...(f.symptoms ?? []).map((x) => ({ ...x, plugin: f.plugin }))]).flatMap((f) => [f.id, f.plugin ? `${f.id}@${f.plugin.name}` : f.id]));
    for (const id of s.findings) expect(ids, `finding ${id}`).toContain(id);
    for (const id of s.absent ?? []) expect([...ids].some((i) => i === id || i.startsWith(`${id}@`)), `no finding ${id}`).toBe(false);
    expect(report.verdict.now.state, report.verdict.now.summary).toBe(s.now);
    expect(report.verdict.onRestart.state, report.verdict.onRestart.summary).toBe(s.restart);
    if (s.summary) expect(report.verdict.onRestart.summary).toContain(s.summary);
    if (s.source) expect(report.source.description).toBe(s.source);
    findingsPerCause.set(s.name, { findings: report.findings.filter((f) => f.severity !== "info").length, causes: s.causes, ids: report.findings.filter((f) => f.severity !== "info").map((f) => `${f.id}${f.variant ? `/${f.variant}` : ""}@${f.plugin?.name ?? ""}`) } as never);
    expect(result.code).toBe(s.code);
    if (s.unavailable) expect(report.findings.filter((f) => f.id === 'api-unavailable').map((f) => f.title).join('\n')).toMatch(s.unavailable);
  });

  it('one cause gives one finding: error and warning findings per root cause stay at or under 1.2 over every scenario', () => {
    expect(findingsPerCause.size).toBe(SCENARIOS.length);
    const findings = [...findingsPerCause.values()].reduce((n, s) => n + s.findings, 0);
    const causes = [...findingsPerCause.values()].reduce((n, s) => n + s.causes, 0);
    console.log(`findings per root cause: ${findings}/${causes} = ${(findings / causes).toFixed(2)}`, Object.fromEntries(findingsPerCause));
    expect(findings / causes).toBeLessThanOrEqual(1.2);
  });

  it.concurrent.each(SCENARIOS.filter((s) => s.golden))('$name: table output in a pipe (golden, nothing wrapped or cut, no colour)', async (s) => {
    const result = await run(s, []);
    expect(result.code).toBe(s.code);
    expect(result.stdout).not.toMatch(/\x1b\[/);
    expect(cutNames(result.stdout)).toEqual([]);
    expectGolden(s.golden!, result.stdout);
  });
});

describe('a report does not depend on which answer arrives first', () => {
  it("the first pod's fatal line is quoted even when its log answers last", async () => {
    const scenario = await startScenario(['crashloop-fatal-download.yaml'], { faults: [{ path: 'k2x7p/log$', kind: 'latency', ms: 600 }] });
    const dirs = runDirs();
    try {
      const result = await runDoctor(['--kubeconfig', scenario.kubeconfig(), ...NO_DOWNLOADS, '-o', 'json'], dirs.env);
      // The fatal line is shown inside its cause (the tag without its v), as a symptom.
      const findings = (JSON.parse(result.stdout) as ReportJson).findings.flatMap((f) => [f, ...(f.symptoms ?? [])]);
      const fatal = findings.find((f) => f.id === 'controller-fatal-download')!;
      expect(fatal.evidence[0]).toMatch(/^argo-rollouts-6d9f7c8b5-k2x7p \(previous container\): time=/);
      expect(fatal.evidence[1]).toBe('also logged by argo-rollouts-6d9f7c8b5-w9qzt (previous)');
    } finally {
      await scenario.close();
      dirs.remove();
    }
  });
});

describe('a download that fails on this machine\'s network is no finding about the controller', () => {
  // The controller's HTTPS_PROXY (proxy.corp.example) does not resolve here; its pods show their own downloads.
  async function doctorWithDownloads(overlays: string[], configMap?: string, extra: string[] = []): Promise<DoctorRun> {
    const scenario = await startScenario(overlays);
    const dirs = runDirs();
    try {
      const file = join(dirs.root, 'argo-rollouts-config.yaml');
      if (configMap) writeFileSync(file, configMap);
      return await runDoctor(['--kubeconfig', scenario.kubeconfig(), '--skip', 'handshake', ...(configMap ? ['-f', file] : []), ...extra], dirs.env);
    } finally {
      await scenario.close();
      dirs.remove();
    }
  }

  it('running pods that downloaded the plugin at their start: not checked from here, no error, no fatal line', async () => {
    const result = await doctorWithDownloads([]);
    expect(result.stdout).not.toMatch(/ERROR|download-proxy-error|level=fatal/);
    expect(result.stdout).toMatch(
      /^ {2}- the download of argoproj-labs\/gatewayAPI: it failed on this machine's network \(cannot reach the proxy proxy\.corp\.example:3128: .*\), while controller pod argo-rollouts-6d9f7c8b5-k2x7p downloaded it at its start; check it from the controller's network \(serve in the cluster\) or with --proxy$/m,
    );
    expect(result.stdout).toMatch(/^On restart {2}UNKNOWN$/m);
    // --skip handshake: the Rollout's plugin was not launched.
    expect(result.stdout).toMatch(/^Now {9}UNKNOWN$/m);
    // Not seen is not OK: a download that could not be made leaves the run failing, as a refused read does.
    expect(result.code).toBe(1);
  });

  it('-o junit passes no download check for it: they are skipped, as under Not checked', async () => {
    const result = await doctorWithDownloads([], undefined, ['-o', 'junit']);
    const parsed = (await parseJunit(result.stdout)) as { testsuite: { name: string; testcase: { name: string; skipped?: { message: string }[]; failure?: unknown[] }[] }[] };
    const suite = parsed.testsuite.find((s) => s.name.includes('gatewayAPI'));
    const proxyCase = suite?.testcase.find((c) => c.name === 'download-proxy-error');
    expect(proxyCase?.skipped?.[0]?.message).toBe('the probe step could not judge it from here (see Not checked)');
    expect(proxyCase?.failure).toBeUndefined();
    expect(result.code).toBe(1);
  });

  it("a plugin the pods never downloaded, through the controller's proxy that does not resolve here: not checked from here, no error", async () => {
    const configMap = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: argo-rollouts-config, namespace: argo-rollouts}',
      'data:',
      '  trafficRouterPlugins: |',
      '    - name: acme/new-router',
      '      location: https://plugins.acme.example/new-router-linux-amd64',
      `      sha256: ${'a'.repeat(64)}`,
    ].join('\n');
    const result = await doctorWithDownloads([], configMap);
    // (The Rollouts' plugins missing from this file are errors of their own.)
    expect(result.stdout).not.toMatch(/download-proxy-error|level=fatal/);
    expect(result.stdout).toMatch(
      /^ {2}- the download of acme\/new-router: it goes through the controller's own proxy http:\/\/proxy\.corp\.example:3128\/, which this machine cannot reach \(cannot reach the proxy proxy\.corp\.example:3128: .*\); check it from the controller's network \(serve in the cluster\) or with --proxy$/m,
    );
    expect(result.stdout).toMatch(/^On restart {2}UNKNOWN$/m);
    expect(result.code).toBe(1);
  });

  it('crash-looping pods whose log has the real fatal line: that line alone, no contradicting one', async () => {
    const result = await doctorWithDownloads(['crashloop-fatal-download.yaml']);
    expect(result.stdout).not.toContain('download-proxy-error');
    expect(result.stdout).not.toContain('proxyconnect');
    expect(result.stdout).toContain("failed on this machine's network (cannot reach the proxy proxy.corp.example:3128");
    expect(result.stdout).toContain("while the controller's own download failed as its log says (controller-fatal-download, argo-rollouts-6d9f7c8b5-k2x7p)");
    expect(result.stdout).toMatch(/^Findings: 2 errors, 1 warning, 0 info$/m);
  });
});

describe('doctor exit codes', () => {
  const fixture = useScenario();

  it('--fail-on warning turns a report with only warnings into exit 1', async () => {
    const kubeconfig = fixture.scenario().kubeconfig();
    const byDefault = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS], fixture.dirs().env);
    const strict = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '--fail-on', 'warning'], fixture.dirs().env);
    expect(byDefault.stdout).toContain('WARN  sha256-missing');
    expect(byDefault.stdout).not.toContain('ERROR');
    expect([byDefault.code, strict.code]).toEqual([0, 1]);
    expect(strict.stdout).toBe(byDefault.stdout);
  });

  it('--skip probe downloads nothing and reports no download finding; Not checked says the binary and handshake steps went with it', async () => {
    // The scenario's controller has HTTPS_PROXY=proxy.corp.example, which does not resolve here: a download would be a finding.
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '--skip', 'probe'], fixture.dirs().env);
    // A finding id, not a Secret's name (plugin-download-auth, which a fix may name).
    expect(result.stdout).not.toMatch(/(?<![\w-])download-|proxy-error/);
    expect(result.stdout).toContain('  - downloads, checksums and binaries: the probe step was skipped (--skip probe: nothing downloaded, so no binary or handshake checks either)\n');
    expect(result.stdout).toContain('  - go-plugin handshakes: nothing was downloaded to launch (--skip probe)\n');
    expect(result.code).toBe(0);
  });

  it('--ignore drops the findings that would fail the run', async () => {
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), ...NO_DOWNLOADS, '--fail-on', 'warning', '--ignore', 'sha256-missing'], fixture.dirs().env);
    expect(result.stdout).not.toContain('sha256-missing');
    expect(result.code).toBe(0);
  });

  it('a cluster without Argo Rollouts is never green: controller-not-found leaves both verdicts UNKNOWN, exit 1', async () => {
    const empty = await startFixtureApiServer({});
    try {
      const kubeconfig = join(fixture.dirs().root, 'empty-cluster');
      writeFileSync(kubeconfig, empty.kubeconfig({ token: 'admin-token' }));
      const result = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json'], fixture.dirs().env);
      const report = JSON.parse(result.stdout) as ReportJson;
      expect(report.findings.map((f) => `${f.severity} ${f.id}`)).toEqual(['warning controller-not-found']);
      expect([report.verdict.now.state, report.verdict.onRestart.state]).toEqual(['unknown', 'unknown']);
      expect(result.code).toBe(1);
    } finally {
      await empty.close();
    }
  });

  it('exits 3 with one sentence when the API server cannot be reached', async () => {
    const kubeconfig = join(fixture.dirs().root, 'unreachable');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'c',
      }),
    );
    const result = await runDoctor(['--kubeconfig', kubeconfig]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: cannot reach the Kubernetes API server at https://127.0.0.1:1: connection refused (connect ECONNREFUSED 127.0.0.1:1)\n');
  });

  it('exits 3 when the kubeconfig does not exist, and 2 on a usage error', async () => {
    const missing = await runDoctor(['--kubeconfig', join(fixture.dirs().root, 'nope')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('does not exist');
    const usage = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '--fail-on', 'sometimes']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
  });

  it('`doctor` typed explicitly runs the same report as the default command', async () => {
    const kubeconfig = fixture.scenario().kubeconfig();
    const [explicit, implicit] = await Promise.all([
      runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS], fixture.dirs().env),
      spawnCli(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS], fixture.dirs().env).done,
    ]);
    expect(explicit.stderr).toBe('');
    expect(explicit.code).toBe(0);
    expect(explicit.stdout).toContain('Controller: argo-rollouts/argo-rollouts v1.8.3');
    expect(explicit.stdout).toBe(implicit.stdout);
  });

  it('-v says on stderr what each step did, and leaves the JSON on stdout alone', async () => {
    const kubeconfig = fixture.scenario().kubeconfig();
    const [verbose, quiet] = await Promise.all([
      runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-v', '-o', 'json'], fixture.dirs().env),
      runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json'], fixture.dirs().env),
    ]);
    expect(verbose.stderr).toMatch(/^cluster: namespace argo-rollouts \(discovered\), 2 controller pod\(s\), ConfigMap found, 0 permission failure\(s\), 0 API problem\(s\) in [\d.]+ m?s$/m);
    expect(quiet.stderr).toBe('');
    const strip = (text: string) => text.replace(/"generatedAt": "[^"]+"/, '');
    expect(strip(verbose.stdout)).toBe(strip(quiet.stdout));
  });

  it('authenticates through an exec credential plugin like kubectl', async () => {
    const plugin = join(fixture.scenario().dir, 'get-token.sh');
    writeFileSync(plugin, '#!/bin/sh\nprintf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\' "$FIXTURE_TOKEN"\n');
    chmodSync(plugin, 0o755);
    const kubeconfig = fixture.scenario().kubeconfig('unused', {
      file: 'exec-kubeconfig',
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, env: [{ name: 'FIXTURE_TOKEN', value: 'admin-token' }], interactiveMode: 'Never' },
    });
    const result = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json'], fixture.dirs().env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ReportJson;
    expect(report.controller.pods).toHaveLength(2);
    expect(fixture.scenario().server.requests.some((r) => r.user === 'admin' && r.path.endsWith('/pods'))).toBe(true);
  });
});

describe('a file:// plugin a Rollout uses, its file inside the controller pod (an init container copies it)', () => {
  const fixture = useScenario(['file-location-init-copied.yaml']);
  const POD_PATH = '/plugins/gatewayapi-plugin-linux-amd64';
  let plugin: string;
  beforeAll(async () => {
    plugin = await buildGo('plugins/trafficrouter-ok');
  });

  it('without --plugin-dir: Now UNKNOWN (never OK), Not checked says its handshake was not run, why, and how to check it; exit 0, a flag not given', async () => {
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig()], fixture.dirs().env);
    const why = `not run: ${POD_PATH} is a file inside the controller pod, not readable from here, so there was no binary to launch; give --plugin-dir DIR holding a copy of it at DIR${POD_PATH} to launch it`;
    expect(result.stdout).toMatch(/^Now {9}UNKNOWN$/m);
    expect(result.stdout).toContain(`Cannot tell whether plugins work now: the go-plugin handshake of argoproj-labs/gatewayAPI: ${why}.`);
    expect(result.stdout).toContain(`  - the go-plugin handshake of argoproj-labs/gatewayAPI: ${why}\n`);
    expect(result.stdout).toContain(`  - argoproj-labs/gatewayAPI (${POD_PATH}): a file inside the controller pod, not readable from here: give --plugin-dir DIR holding a copy of it at DIR${POD_PATH} to check it\n`);
    expect(result.stdout).toMatch(/^Findings: 0 errors, 0 warnings, 0 info$/m);
    expect(result.code).toBe(0);
  });

  it('--plugin-dir DIR holding the file, as Not checked says: its binary and handshake are checked, Now OK', async () => {
    const dir = join(fixture.dirs().root, 'pod');
    mkdirSync(join(dir, 'plugins'), { recursive: true });
    copyFileSync(plugin, join(dir, POD_PATH));
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '--plugin-dir', dir], fixture.dirs().env);
    expect(result.stdout).toMatch(/^Now {9}OK$/m);
    expect(result.stdout).not.toContain('--plugin-dir');
    expect(result.stdout).toMatch(/^router +argoproj-labs\/gatewayAPI +\S+ +unpinned +linux\/amd64 +ok /m);
    expect(result.code).toBe(0);
  });
});

describe('an InitPlugin the API server refused (RBAC), in the leader\'s log', () => {
  const fixture = useScenario(['init-plugin-forbidden.yaml']);

  it('one finding, whose fix says what to grant and points at no finding the report does not have', async () => {
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), ...NO_DOWNLOADS], fixture.dirs().env);
    expect(result.stdout).toMatch(/^Now {9}BROKEN$/m);
    expect(result.stdout).toMatch(/^Findings: 1 error, 2 warnings, 0 info$/m);
    expect(result.stdout).toContain('ERROR log-init-plugin-failed\n');
    // The line is that finding's alone, so no other finding id is named.
    expect(result.stdout).not.toMatch(/log-plugin-rbac-forbidden|plugin-rbac-missing/);
    expect(result.stdout).toContain(
      [
        '      fix: InitPlugin runs as service account argo-rollouts/argo-rollouts, which may not get configmaps in argo-rollouts. Grant it, e.g.:',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: Role',
        'metadata:',
        '  name: argo-rollouts-plugin-configmaps',
        '  namespace: argo-rollouts',
        'rules:',
        '  - apiGroups: [""]',
        '    resources: [configmaps]',
        '    verbs: [get]',
        '---',
        `then bind it: kubectl --kubeconfig ${fixture.scenario().kubeconfig()} -n argo-rollouts create rolebinding argo-rollouts-plugin-configmaps --role=argo-rollouts-plugin-configmaps --serviceaccount=argo-rollouts:argo-rollouts`,
      ].join('\n  '), // the table indents a fix's later lines by two

    );
    expect(result.code).toBe(1);
  });
});
