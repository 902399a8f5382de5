/**
 * `serve` end to end with the real Prometheus: it scrapes a running serve that watches a fixture
 * cluster; when a bad sha256 appears in the ConfigMap the on-restart verdict flips within one
 * interval, and serve's own endpoints answer as documented. SIGTERM ends it with nothing left.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BASE } from '../cluster/scenarios.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { buildGo } from '../support/go-build.js';
import { configMapOverlay, leftovers, processesMentioning, runDirs, spawnCli, startPluginServer, waitFor, type CliProcess, type PluginServer, type RunDirs } from '../support/e2e.js';
import { startPrometheus, type PrometheusServer } from '../support/prometheus.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const INTERVAL_S = 20;
const PATH = '/releases/v0.4.0/gatewayapi-plugin-linux-amd64';
const METRIC_PATH = '/releases/v0.0.4/metric-plugin-linux-amd64';

describe('serve scraped by Prometheus', () => {
  let plugins: PluginServer;
  let cluster: FixtureApiServer;
  let dirs: RunDirs;
  let serve: CliProcess;
  let serveUrl: string;
  let prometheus: PrometheusServer | undefined;
  let router: Buffer;
  let metric: Buffer;
  // The base scenario's AnalysisTemplate uses argoproj-labs/sample-prometheus: both plugins are configured.
  const configMap = (routerDigest: string) =>
    parseYaml(
      configMapOverlay({
        trafficRouterPlugins: ['- name: argoproj-labs/gatewayAPI', `  location: ${plugins.url}${PATH}`, `  sha256: ${routerDigest}`].join('\n'),
        metricProviderPlugins: ['- name: argoproj-labs/sample-prometheus', `  location: ${plugins.url}${METRIC_PATH}`, `  sha256: ${sha256(metric)}`].join('\n'),
      }),
    ) as Record<string, unknown>;

  beforeAll(async () => {
    const [routerPath, metricPath] = await Promise.all([buildGo('plugins/trafficrouter-ok'), buildGo('plugins/metricprovider-ok')]);
    router = readFileSync(routerPath);
    metric = readFileSync(metricPath);
    plugins = await startPluginServer({ [PATH]: { body: router }, [METRIC_PATH]: { body: metric } });
    cluster = await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8')));
    cluster.putObject(configMap(sha256(router)));
    dirs = runDirs();
    const kubeconfig = join(dirs.root, 'kubeconfig');
    writeFileSync(kubeconfig, cluster.kubeconfig({ token: 'admin-token' }));
    serve = spawnCli(['serve', '--kubeconfig', kubeconfig, '--listen', '127.0.0.1:0', '--interval', `${INTERVAL_S}s`, '--jitter', '0', '--change-poll', '1s'], { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '' }, 120_000);
    await waitFor('serve to listen', () => /serving .* on (http:\/\/\S+)/.test(serve.output.stderr), 30_000);
    serveUrl = /serving .* on (http:\/\/\S+)/.exec(serve.output.stderr)![1]!;
    prometheus = await startPrometheus(new URL(serveUrl).host);
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
    await Promise.all([plugins?.close(), cluster?.close()]);
    dirs?.remove();
  });

  const until = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserve: ${serve.output.stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('Prometheus sees both verdicts ok, the plugin handshake and serve healthy', async () => {
    await until('on_restart ok in Prometheus', async () => (await prometheus!.query('rollouts_plugins_verdict{verdict="on_restart",state="ok"}')) === 1, 60_000);
    const report = (await (await fetch(`${serveUrl}/report`)).json()) as { verdict: { now: { state: string; summary: string } } };
    expect(await prometheus!.query('rollouts_plugins_verdict{verdict="now",state="ok"}'), report.verdict.now.summary).toBe(1);
    expect(await prometheus!.query('rollouts_plugins_verdict{verdict="on_restart",state="broken"}')).toBe(0);
    expect(await prometheus!.query('rollouts_plugins_last_run_success')).toBe(1);
    expect(await prometheus!.query('up{job="rollouts-plugins"}')).toBe(1);
    const handshakes = await prometheus!.queryAll('rollouts_plugins_handshake_duration_seconds');
    expect(handshakes.map((h) => `${h.metric.plugin} ${h.metric.plugin_type}`).sort()).toEqual(['argoproj-labs/gatewayAPI trafficrouter', 'argoproj-labs/sample-prometheus metricprovider']);
    for (const h of handshakes) expect(h.value).toBeGreaterThan(0);
    expect(await prometheus!.query('sum(rollouts_plugins_findings{severity="error"}) or vector(0)')).toBe(0);
    for (const path of ['/healthz', '/readyz', '/report']) expect((await fetch(`${serveUrl}${path}`)).status, path).toBe(200);
  }, 90_000);

  it('a bad sha256 in the ConfigMap flips the on-restart gauge at once, well within one interval', async () => {
    const wrong = sha256(Buffer.from('another release'));
    const changedAt = Date.now();
    cluster.putObject(configMap(wrong));
    await until('on_restart broken in Prometheus', async () => (await prometheus!.query('rollouts_plugins_verdict{verdict="on_restart",state="broken"}')) === 1, 30_000);
    const seenAfterMs = Date.now() - changedAt;
    // the ConfigMap's watch starts a run at once; then the run itself and one scrape (1s)
    expect(seenAfterMs).toBeLessThan(8_000);
    expect(serve.output.stderr).toMatch(/running now: the ConfigMap argo-rollouts\/argo-rollouts-config changed \(argo-rollouts-config modified\)/);
    const findings = await prometheus!.queryAll('rollouts_plugins_findings{severity="error"}');
    expect(findings.map((f) => `${f.metric.id} ${f.metric.plugin}`)).toContain('sha256-mismatch argoproj-labs/gatewayAPI');
    const report = (await (await fetch(`${serveUrl}/report`)).json()) as { verdict: { onRestart: { state: string } } };
    expect(report.verdict.onRestart.state).toBe('broken');
  }, 60_000);

  it('runs again after the interval without a change, and counts its runs', async () => {
    const runs = async () => (await prometheus!.query('rollouts_plugins_runs_total{result="ok"}')) ?? 0;
    const before = await runs();
    await until('another run after the interval', async () => (await runs()) > before, (INTERVAL_S + 10) * 1000);
    expect(await prometheus!.query('rollouts_plugins_runs_total{result="failed"}')).toBe(0);
  }, (INTERVAL_S + 20) * 1000);

  it('a port already in use ends a second serve at once (exit 3, saying why), its first run stopped', async () => {
    const second = spawnCli(['serve', '--kubeconfig', join(dirs.root, 'kubeconfig'), '--listen', new URL(serveUrl).host, '--interval', '1s'], { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '' }, 30_000);
    const run = await second.done;
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('EADDRINUSE');
    expect(run.ms).toBeLessThan(20_000);
  }, 40_000);

  it('ends on SIGTERM, how Kubernetes stops its pod, with exit 0 and no plugin process, socket or temp file left', async () => {
    serve.child.kill('SIGTERM');
    const run = await serve.done;
    expect(run.stderr).toContain('stopped');
    expect(run.code).toBe(0); // the container ends Completed, not Error with 143 (or 130, a Ctrl-C)
    expect(processesMentioning(dirs.tmp)).toEqual([]);
    expect(leftovers(dirs.tmp)).toEqual([]);
  }, 30_000);
});
