/**
 * `serve` end to end: a change in the fixture cluster starts a run within about a second, through
 * the watch, with the interval and the poll both an hour away; when the watch verb is refused,
 * serve says so in its log and /metrics and polls instead. SIGTERM ends it, watches included.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, FIXTURES } from '../cluster/scenarios.js';
import { loadScenarioFiles, startFixtureApiServer, type FixtureApiServer, type FixtureFault, type FixtureUser } from '../support/fixture-apiserver.js';
import { runDirs, spawnCli, waitFor, type CliProcess, type RunDirs } from '../support/e2e.js';

const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argo-rollouts-config', namespace: 'argo-rollouts' } };
/** Everything but watch, like a ClusterRole written before serve watched. */
const NO_WATCH: FixtureUser = { name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list', 'create'], apiGroups: ['*'], resources: ['*'] }] };

let cluster: FixtureApiServer | undefined;
let dirs: RunDirs | undefined;
let serve: CliProcess | undefined;
afterEach(async () => {
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  await cluster?.close();
  dirs?.remove();
  cluster = dirs = serve = undefined;
});

async function startServe(token: string, options: { users?: FixtureUser[]; extra?: string[]; faults?: FixtureFault[]; overlays?: string[] } = {}) {
  const { users = [], extra = [], faults = [], overlays = [] } = options;
  const scenario = loadScenarioFiles(BASE, ...overlays.map((o) => join(FIXTURES, o)));
  cluster = await startFixtureApiServer({ ...scenario, users: [...scenario.users, ...users], faults });
  dirs = runDirs();
  const kubeconfig = join(dirs.root, 'kubeconfig');
  writeFileSync(kubeconfig, cluster.kubeconfig({ token }));
  serve = spawnCli(['serve', '--kubeconfig', kubeconfig, '--listen', '127.0.0.1:0', '--interval', '1h', '--jitter', '0', '--skip', 'probe', '--skip', 'handshake', ...extra], { ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '' }, 120_000);
  await waitFor('serve to listen', () => /serving .* on (http:\/\/\S+)/.test(serve!.output.stderr), 30_000);
  const url = /serving .* on (http:\/\/\S+)/.exec(serve.output.stderr)![1]!;
  const runs = () => serve!.output.stderr.split('\n').filter((l) => / run ok in /.test(l)).length;
  await waitFor('the first run', () => runs() === 1, 60_000);
  const metrics = async () => (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  return { serve, cluster, runs, metrics };
}

async function stop(process: CliProcess): Promise<void> {
  process.child.kill('SIGTERM');
  const end = await process.done;
  // The watches ended with it: serve's last line comes after they closed.
  expect(end.stderr).toMatch(/ stopped\n$/);
}

describe('serve runs at once when the cluster changes', () => {
  it('a changed ConfigMap starts a run within about a second, through the watch', async () => {
    const { serve, cluster, runs, metrics } = await startServe('admin-token', { extra: ['--change-poll', '1h'] });
    await waitFor('the watches', () => serve.output.stderr.includes('watching the ConfigMap and the controller pods in argo-rollouts for changes'), 20_000);
    expect(await metrics()).toContain('rollouts_plugins_change_detection{mode="watch"} 1\n');
    const changed = Date.now();
    cluster.putObject({ ...CONFIGMAP, data: { trafficRouterPlugins: '- name: acme/new\n  location: file:///plugins/new\n' } });
    await waitFor('the run the change started', () => serve.output.stderr.includes('running now: the ConfigMap argo-rollouts/argo-rollouts-config changed (argo-rollouts-config modified)'), 10_000);
    // About a second (a loaded CI machine gets some slack); the interval and the poll are an hour.
    expect(Date.now() - changed).toBeLessThan(2_000);
    await waitFor('the second run', () => runs() === 2, 60_000);
    const report = await metrics();
    expect(report).toContain('rollouts_plugins_runs_total{result="ok"} 2\n');
    expect(report).toContain('rollouts_plugins_watch_failures_total 0\n');
    // The live heap after the run's collection is what a leak grows; it is far below the heap in use mid-run.
    expect(Number(/^rollouts_plugins_heap_after_run_bytes (\d+)$/m.exec(report)?.[1])).toBeGreaterThan(1024 * 1024);
    await stop(serve);
  }, 120_000);

  it('a watch answered with garbage and held open is closed within seconds, logged and counted; serve watches again and leaves no connection', async () => {
    const held: FixtureFault = { kind: 'held-stream', path: '^/api/v1/namespaces/argo-rollouts/pods$', body: 'HTTP/1.1 502 Bad Gateway\n', times: 1 };
    const { serve, cluster, metrics } = await startServe('admin-token', { extra: ['--change-poll', '1h'], faults: [held] });
    await waitFor('the failure', () => serve.output.stderr.includes('watching for changes failed (watch a controller pod in argo-rollouts: the API answered a watch event that is not valid JSON'), 10_000);
    await waitFor('the watches again', () => serve.output.stderr.includes('watching the ConfigMap and the controller pods in argo-rollouts for changes'), 10_000);
    const text = await metrics();
    expect(text).toContain('rollouts_plugins_watch_failures_total 1\n');
    expect(text).toContain('rollouts_plugins_change_detection{mode="watch"} 1\n');
    cluster.putObject({ ...CONFIGMAP, data: { trafficRouterPlugins: '[]' } });
    await waitFor('the run the change started', () => serve.output.stderr.includes('running now: the ConfigMap argo-rollouts/argo-rollouts-config changed'), 10_000);
    await stop(serve);
    await waitFor('no connection left', () => cluster.openConnections() === 0, 2_000);
  }, 120_000);

  it('a controller found by its image (Helm nameOverride, custom component): its pods are watched by its Deployment\'s selector, and a restart starts a run', async () => {
    const { serve, cluster, runs } = await startServe('admin-token', { extra: ['-n', 'platform', '--change-poll', '1h'], overlays: ['helm-name-override-custom-component.yaml'] });
    const selector = 'app.kubernetes.io/component=controller,app.kubernetes.io/name=rollouts,app.kubernetes.io/instance=shop';
    await waitFor('the watches by that selector', () => serve.output.stderr.includes(`watching the ConfigMap and the controller pods (${selector}) in platform for changes`), 10_000);
    const pod = loadScenarioFiles(join(FIXTURES, 'helm-name-override-custom-component.yaml')).objects.find((o) => o.kind === 'Pod' && (o.metadata as { name: string }).name === 'shop-rollouts-5f7d9c8b6-q4w2e')!;
    const status = pod.status as { containerStatuses: { restartCount: number }[] };
    cluster.putObject({ ...pod, status: { ...status, containerStatuses: [{ ...status.containerStatuses[0]!, restartCount: 1 }] } });
    await waitFor('the run the restart started', () => serve.output.stderr.includes('running now: a controller pod in platform changed (shop-rollouts-5f7d9c8b6-q4w2e modified)'), 5_000);
    await waitFor('the second run', () => runs() === 2, 60_000);
    await stop(serve);
  }, 120_000);

  it('when the watch verb is refused it says so, shows mode poll on /metrics, and a poll still starts a run', async () => {
    const { serve, cluster, runs, metrics } = await startServe('reader-token', { users: [NO_WATCH], extra: ['--change-poll', '500ms'] });
    await waitFor('the fallback', () => serve.output.stderr.includes('polling every 500 ms instead (--change-poll)'), 20_000);
    expect(serve.output.stderr).toMatch(/cannot watch the ConfigMap and the controller pods in argo-rollouts \(watch .*HTTP 403: .*User "reader" cannot watch resource .*\): polling every 500 ms instead/);
    const text = await metrics();
    expect(text).toContain('rollouts_plugins_change_detection{mode="poll"} 1\n');
    expect(text).toContain('rollouts_plugins_change_detection{mode="watch"} 0\n');
    await new Promise((r) => setTimeout(r, 1_200));
    cluster.putObject({ ...CONFIGMAP, data: { trafficRouterPlugins: '[]' } });
    await waitFor('the run the poll started', () => serve.output.stderr.includes('running now: the ConfigMap or the controller pods in argo-rollouts changed'), 10_000);
    await waitFor('the second run', () => runs() === 2, 60_000);
    await stop(serve);
  }, 120_000);
});
