/**
 * One subject, one report: the configuration under judgment is parsed once, the Go way, and every
 * step (cluster reads, download, binary checks) judges that same value.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScenario, type ScenarioHandle } from '../cluster/scenarios.js';
import { runCli } from '../support/cli.js';
import { runDirs, runDoctor, startPluginServer, type PluginServer, type RunDirs } from '../support/e2e.js';

interface ReportJson {
  verdict: { now: { state: string }; onRestart: { state: string; reasons: { finding?: string; plugin?: string }[] } };
  findings: { id: string; variant?: string; plugin?: { name: string }; title: string; evidence: string[]; fix: string }[];
  plugins: { name: string; download?: unknown }[];
}

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-config
  namespace: argo-rollouts
data:
${data}`;

let dir: string;
let dirs: RunDirs;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'one-subject-'));
  dirs = runDirs();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  dirs.remove();
});

describe('a location Go cannot request', () => {
  let server: PluginServer;
  beforeAll(async () => {
    server = await startPluginServer({ '/x': { body: Buffer.from('#!/bin/sh\necho plugin\n') } });
  });
  afterAll(() => server.close());

  it('http:HOST:PORT/x (no //) is "no Host" in every step: no download is made, no binary judged', async () => {
    const port = new URL(server.url).port;
    const file = join(dir, 'no-slashes.yaml');
    writeFileSync(file, configMap(`  trafficRouterPlugins: |\n    - name: acme/router\n      location: http:127.0.0.1:${port}/x\n`));
    const result = await runCli(['lint', '-f', file, '--probe', '--no-cache', '-o', 'json'], { env: { XDG_CACHE_HOME: dirs.env.XDG_CACHE_HOME, HTTP_PROXY: '', HTTPS_PROXY: '' } });
    const report = JSON.parse(result.stdout) as ReportJson;
    const ids = report.findings.map((f) => f.id);
    expect(ids).toContain('location-http-no-host');
    expect(ids.filter((id) => id.startsWith('download-') || id.startsWith('binary-') || id.startsWith('sha256-'))).toEqual(['sha256-missing']);
    expect(report.plugins[0]!.download).toBeUndefined();
    expect(server.requests).toEqual([]);
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(report.verdict.onRestart.reasons.map((r) => r.finding)).toEqual(['location-http-no-host']);
    expect(result.code).toBe(1);
  });
});

describe('a field of the wrong type', () => {
  let server: PluginServer;
  beforeAll(async () => {
    server = await startPluginServer({ '/x': { body: Buffer.from('#!/bin/sh\necho plugin\n') } });
  });
  afterAll(() => server.close());

  it('a sha256 written as a list: the key cannot be decoded, one finding; the download is not said to be unpinned (Go leaves the field empty, the user wrote one)', async () => {
    const file = join(dir, 'sha-list.yaml');
    writeFileSync(file, configMap(`  metricProviderPlugins: |\n    - name: acme/metric\n      location: ${server.url}/x\n      sha256: [${'ab'.repeat(32)}]\n`));
    const result = await runCli(['lint', '-f', file, '--probe', '--no-cache', '-o', 'json'], { env: { XDG_CACHE_HOME: dirs.env.XDG_CACHE_HOME, HTTP_PROXY: '', HTTPS_PROXY: '' } });
    const report = JSON.parse(result.stdout) as ReportJson;
    const ids = report.findings.map((f) => f.id);
    expect(ids).toContain('config-unmarshal-error');
    expect(ids.filter((id) => id.startsWith('sha256-'))).toEqual([]);
    expect(report.verdict.onRestart.reasons.map((r) => r.finding)).toEqual(['config-unmarshal-error']);
  });
});

describe("lint --probe of several configurations: the fix's doctor names the configuration's own input", () => {
  it('-f a.yaml -f b.yaml and -f DIR -R: doctor -f the file holding it; a later ConfigMap of a stream: said to be given alone', async () => {
    const server = await startPluginServer({});
    try {
      const env = { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' };
      const fixesOf = (stdout: string) => (JSON.parse(stdout) as ReportJson).findings.filter((f) => f.id === 'download-http-status').map((f) => [f.plugin?.name, f.fix]);
      const private_ = (name: string) => `  metricProviderPlugins: |\n    - name: ${name}\n      location: ${server.url}/private\n      headersFrom:\n        - secretRef:\n            name: acme-token\n`;
      const several = mkdtempSync(join(dir, 'several-'));
      const [a, b] = [join(several, 'a.yaml'), join(several, 'b.yaml')];
      writeFileSync(a, configMap(`  stepPlugins: |\n    - name: acme/notify\n      location: file:///opt/plugins/notify\n`));
      writeFileSync(b, configMap(private_('acme/metrics')));
      // doctor judges only the first configuration: before, `doctor -f a.yaml -f b.yaml` (and `-f DIR -R`) judged a.yaml's, never acme/metrics.
      for (const args of [['-f', a, '-f', b], ['-f', several, '-R']]) {
        const linted = await runCli(['lint', '--probe', ...args, '--no-cache', '-o', 'json'], { env });
        // -n: the namespace the manifest names, where the Secret is read.
        expect(fixesOf(linted.stdout)).toEqual([['acme/metrics', expect.stringContaining(`Run \`kubectl rollouts-plugins doctor -f ${b} -n argo-rollouts\` with read access to that Secret`)]]);
      }
      // One stream, its second ConfigMap: `doctor -f stream.yaml` would judge the first, so no command is printed for it.
      const stream = join(several, 'stream.yaml');
      writeFileSync(stream, `${configMap(private_('acme/first'))}---\n${configMap(private_('acme/second'))}`);
      const linted = await runCli(['lint', '--probe', '-f', stream, '--no-cache', '-o', 'json'], { env });
      expect(fixesOf(linted.stdout)).toEqual([
        ['acme/first', expect.stringContaining(`Run \`kubectl rollouts-plugins doctor -f ${stream} -n argo-rollouts\` with read access`)],
        ['acme/second', expect.stringContaining(`Run doctor -f with ${stream} (document 2) alone in a file and \`-n argo-rollouts\` (doctor judges only the first configuration of an input, here ${stream} (document 1)) with read access`)],
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('doctor -f judges the file, with the cluster as its context', () => {
  let scenario: ScenarioHandle;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  it("checks the file's headersFrom Secrets and file:// mounts, not the live ConfigMap's", async () => {
    const file = join(dir, 'new-config.yaml');
    writeFileSync(
      file,
      configMap(`  metricProviderPlugins: |
    - name: acme/metrics
      location: https://downloads.acme.example/metrics-linux-amd64
      headersFrom:
        - secretRef:
            name: acme-token-not-created-yet
  stepPlugins: |
    - name: acme/notify
      location: file:///opt/plugins/notify
`),
    );
    const result = await runDoctor(['--kubeconfig', scenario.kubeconfig(), '-f', file, '--skip', 'probe', '--skip', 'binary', '--skip', 'handshake', '-o', 'json'], dirs.env);
    const report = JSON.parse(result.stdout) as ReportJson;
    const at = (id: string) => report.findings.filter((f) => f.id === id).map((f) => f.plugin?.name);
    expect(at('headers-secret-missing')).toEqual(['acme/metrics']);
    expect(at('file-location-not-mounted')).toEqual(['acme/notify']);
    // The live ConfigMap's plugins are not the subject: its Secret is not checked; but the cluster's
    // AnalysisTemplate that uses a plugin the file drops is what applying the file would break.
    expect(report.findings.filter((f) => f.plugin?.name === 'argoproj-labs/sample-prometheus').map((f) => f.id)).toEqual(['plugin-not-configured']);
    expect(report.plugins.map((p) => p.name).sort()).toEqual(['acme/metrics', 'acme/notify']);
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(result.code).toBe(1);
  });

  it("a download refused without the headersFrom headers: the fix's doctor reads the Secret for the same file, lint --probe's and doctor -f's alike", async () => {
    const server = await startPluginServer({});
    try {
      const file = join(dir, 'private plugin.yaml');
      writeFileSync(file, configMap(`  metricProviderPlugins: |\n    - name: acme/metrics\n      location: ${server.url}/private\n      headersFrom:\n        - secretRef:\n            name: acme-token\n`));
      const fixOf = (stdout: string) => (JSON.parse(stdout) as ReportJson).findings.find((f) => f.id === 'download-http-status')?.fix;
      const env = { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' };
      const linted = await runCli(['lint', '--probe', '-f', file, '--no-cache', '-o', 'json'], { env });
      expect(fixOf(linted.stdout)).toContain(`Run \`kubectl rollouts-plugins doctor -f '${file}' -n argo-rollouts\` with read access to that Secret`);
      const kubeconfig = scenario.kubeconfig();
      const doctored = await runDoctor(['--kubeconfig', kubeconfig, '-f', file, '--no-cache', '--skip', 'handshake', '-o', 'json'], env);
      // doctor read the Secret and got 404: one cause, one finding: headers-secret-missing (its fix creates the Secret),
      // the refused download folded into it as a symptom; not the same doctor again, which loops.
      const doctoredFindings = (JSON.parse(doctored.stdout) as ReportJson).findings;
      expect(doctoredFindings.map((f) => f.id)).not.toContain('download-http-status');
      const missing = doctoredFindings.find((f) => f.id === 'headers-secret-missing') as (ReportJson['findings'][number] & { symptoms?: { id: string; variant?: string }[] }) | undefined;
      expect(missing?.symptoms?.map((s) => `${s.id}/${s.variant}`)).toEqual(['download-http-status/without-headers']);
      expect(missing?.fix).toContain('create secret generic acme-token');
      expect(doctored.stdout).not.toContain('read access');
      // From stdin, the command says it reads stdin too.
      const piped = await runCli(['lint', '--probe', '-f', '-', '--no-cache', '-o', 'json'], { env, stdin: readFileSync(file, 'utf8') });
      expect(fixOf(piped.stdout)).toContain('Run `kubectl rollouts-plugins doctor -f - -n argo-rollouts` (given the same input on stdin) with read access to that Secret');
    } finally {
      await server.close();
    }
  });

  it('headersFrom before v1.8.0: the download is made as that controller makes it, without the headers, and refused; from v1.8.0 with them', async () => {
    // The scenario's Secret plugin-download-auth holds Authorization: Bearer s3cr3t-token.
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      if (req.headers.authorization === 'Bearer s3cr3t-token') res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end('#!/bin/sh\necho plugin\n');
      else res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(dir, 'private-plugin-by-release.yaml');
      writeFileSync(file, configMap(`  metricProviderPlugins: |\n    - name: acme/metrics\n      location: http://127.0.0.1:${(server.address() as AddressInfo).port}/private\n      headersFrom:\n        - secretRef:\n            name: plugin-download-auth\n`));
      const env = { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' };
      const secretReads = () => scenario.server.requests.filter((r) => r.path.endsWith('/secrets/plugin-download-auth')).length;
      const doctor = async (version: string) => {
        seen.length = 0;
        const before = secretReads();
        const run = await runDoctor(['--kubeconfig', scenario.kubeconfig(), '-f', file, '--controller-version', version, '--no-cache', '--skip', 'handshake', '-o', 'json'], env);
        const report = JSON.parse(run.stdout) as ReportJson;
        return { report, ids: report.findings.map((f) => (f.variant ? `${f.id}/${f.variant}` : f.id)), secretRead: secretReads() > before, sentAuthorization: seen.map((h) => h.authorization !== undefined) };
      };
      const old = await doctor('v1.7.2');
      expect(old.sentAuthorization).toEqual([false]);
      // The running controller's version stays what it is; the release the run judged at is said beside it.
      expect((old.report as ReportJson & { controller?: { version?: string; judgedAs?: string } }).controller?.judgedAs).toBe('v1.7.2');
      expect(old.secretRead).toBe(false);
      // Before v1.8.0 the refused download's error page is saved as the plugin (probe-step.ts saveErrorPages).
      const refused = old.report.findings.find((f) => f.id === 'download-http-status') as (ReportJson['findings'][number] & { symptoms?: { id: string; variant?: string; title: string }[] }) | undefined;
      expect(refused?.variant).toBe('saved-as-plugin');
      expect(refused?.fix).toBe('Controller v1.7.2 ignores headersFrom (v1.8.0 and later) and sends this download without its headers, as it was sent here: upgrade the controller to v1.8.0 or later, or serve the binary without authentication.');
      // One cause, one finding: the saved page (binary-is-text) and the ignored headersFrom are that refusal's "also seen".
      expect(old.ids.filter((id) => /^(download-|binary-|feature-needs-newer-controller)/.test(id))).toEqual(['download-http-status/saved-as-plugin']);
      expect(refused?.symptoms?.map((s) => [s.variant ? `${s.id}/${s.variant}` : s.id, s.title])).toEqual([
        ['feature-needs-newer-controller/headers-ignored', 'acme/metrics: controller v1.7.2 ignores headersFrom (v1.8.0 and later): the download is sent without those headers'],
        ['binary-is-text', `http://127.0.0.1:${(server.address() as AddressInfo).port}/private serves text, not a binary`],
      ]);
      // lint --probe reads no Secret: at v1.7.2 that is what the controller sends too, so the refusal is its own, not a download made without headers it would send.
      const linted = JSON.parse((await runCli(['lint', '--probe', '-f', file, '--controller-version', 'v1.7.2', '--no-cache', '-o', 'json'], { env })).stdout) as ReportJson;
      expect(linted.findings.filter((f) => f.id === 'download-http-status').map((f) => f.variant)).toEqual(['saved-as-plugin']);
      const current = await doctor('v1.8.3');
      expect(current.sentAuthorization).toEqual([true]);
      expect(current.ids.filter((id) => id.startsWith('download-'))).toEqual([]);
      expect(current.ids).not.toContain('feature-needs-newer-controller');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('headersFrom before v1.8.0 answered 200 with a JSON page: one finding, binary-is-json, with the ignored headersFrom as its "also seen"', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"message":"Bad credentials"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(dir, 'private-plugin-json.yaml');
      writeFileSync(file, configMap(`  metricProviderPlugins: |\n    - name: acme/metrics\n      location: http://127.0.0.1:${(server.address() as AddressInfo).port}/api\n      headersFrom:\n        - secretRef:\n            name: plugin-download-auth\n`));
      const env = { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' };
      const linted = JSON.parse((await runCli(['lint', '--probe', '-f', file, '--controller-version', 'v1.7.2', '--no-cache', '-o', 'json'], { env })).stdout) as ReportJson;
      const page = linted.findings.filter((f) => /^(binary-|feature-needs-newer-controller)/.test(f.id)) as (ReportJson['findings'][number] & { symptoms?: { id: string; variant?: string }[] })[];
      expect(page.map((f) => [f.id, f.symptoms?.map((s) => `${s.id}/${s.variant}`)])).toEqual([['binary-is-json', ['feature-needs-newer-controller/headers-ignored']]]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('helm values are judged for the controller their chart installs; unknown, for the live one, and nothing is assumed', async () => {
    const values = join(dir, 'values.yaml');
    writeFileSync(
      values,
      `controller:
  trafficRouterPlugins:
    - name: argoproj-labs/gatewayAPI
      location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64
      headersFrom:
        - secretRef:
            name: plugin-download-auth
`,
    );
    const args = ['--kubeconfig', scenario.kubeconfig(), '-f', values, '--skip', 'probe', '--skip', 'binary', '--skip', 'handshake', '-o', 'json'];
    const byChart = JSON.parse((await runDoctor([...args, '--chart-version', '2.38.2'], dirs.env)).stdout) as ReportJson & { notChecked: { what: string }[] };
    expect(byChart.findings.find((f) => f.id === 'feature-needs-newer-controller')?.title).toBe('argoproj-labs/gatewayAPI: controller v1.7.2 ignores headersFrom (v1.8.0 and later): the download is sent without those headers');
    const byCluster = JSON.parse((await runDoctor(args, dirs.env)).stdout) as ReportJson & { notChecked: { what: string }[] };
    expect(byCluster.findings.map((f) => f.id)).not.toContain('feature-needs-newer-controller');
    expect(byCluster.notChecked.map((n) => n.what)).not.toContain('the controller release the helm values install');
  });

  it('helm values with controller.createConfigmap: false hold no ConfigMap: On restart is UNKNOWN (the controller reads one applied otherwise), not OK', async () => {
    const values = join(dir, 'values-no-configmap.yaml');
    writeFileSync(values, 'controller:\n  createConfigmap: false\n');
    const run = await runDoctor(['--kubeconfig', scenario.kubeconfig(), '-f', values, '--chart-version', '2.40.7', '--skip', 'probe', '--skip', 'binary', '--skip', 'handshake'], dirs.env);
    expect(run.stdout).toMatch(/^On restart  UNKNOWN\n {12}Cannot tell whether a restart would start: the plugin configuration \(argo-rollouts-config\): the helm values do not create it \(controller\.createConfigmap: false\)/m);
  });

  it("a file for v1.7.0 is judged against the pod spec doctor reads, not v1.7.0's stock install (which has no plugin-bin)", async () => {
    const file = join(dir, 'config-v1.7.0.yaml');
    writeFileSync(file, configMap(`  trafficRouterPlugins: |
    - name: argoproj-labs/gatewayAPI
      location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64
`));
    const args = ['-f', file, '--controller-version', 'v1.7.0', '--skip', 'probe', '--skip', 'binary', '--skip', 'handshake', '-o', 'json'];
    const variants = (r: ReportJson) => r.findings.filter((f) => f.id === 'feature-needs-newer-controller').map((f) => f.variant);
    // The fixture's controller mounts plugin-bin: nothing to warn about.
    const judged = JSON.parse((await runDoctor(['--kubeconfig', scenario.kubeconfig(), ...args], dirs.env)).stdout) as ReportJson;
    expect(variants(judged)).not.toContain('stock-install-no-plugin-bin');
    // Without the cluster step nothing is known of the pod spec: the stock install's defect is warned, as lint does.
    const blind = JSON.parse((await runDoctor(['--kubeconfig', scenario.kubeconfig(), ...args, '--skip', 'cluster'], dirs.env)).stdout) as ReportJson;
    expect(variants(blind)).toContain('stock-install-no-plugin-bin');
  });
});
