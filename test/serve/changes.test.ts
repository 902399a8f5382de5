/**
 * serve's change detection against the fixture API server: a watch sees a change within a second,
 * lists again after 410 Expired, sets up a failed watch again after a backoff, falls back to
 * polling when the watch verb is refused or unsupported (and says so), tries watching again after a
 * while, and closes its connections when serve stops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectCluster } from '../../src/cluster/client.js';
import { CONTROLLER_SELECTOR } from '../../src/cluster/podspec.js';
import type { ChangeState } from '../../src/core/change-detection.js';
import { renderServeMetrics } from '../../src/render/prometheus.js';
import { controllerToWatch, detectChanges, type ChangeOptions } from '../../src/serve/changes.js';
import { startServeLoop, type ServeLoop } from '../../src/serve/loop.js';
import type { FixtureOptions } from '../support/fixture-apiserver.js';
import { serveReport } from '../support/serve-report.js';
import { startScenario, type ScenarioHandle } from '../cluster/scenarios.js';

const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argo-rollouts-config', namespace: 'argo-rollouts' } };

let scenario: ScenarioHandle | undefined;
let stop: AbortController | undefined;
let running: Promise<void> | undefined;
let loop: { serve: ServeLoop; stop: AbortController } | undefined;
afterEach(async () => {
  stop?.abort();
  loop?.stop.abort();
  await Promise.all([running, loop?.serve.done]);
  await scenario?.close();
  scenario = stop = running = loop = undefined;
});

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts change detection on a fixture cluster; `changes` and `lines` are what it reported. */
async function start(fixture: FixtureOptions = {}, options: Partial<ChangeOptions> = {}, token = 'admin-token') {
  scenario = await startScenario([], fixture);
  const kubeconfig = scenario.kubeconfig(token);
  stop = new AbortController();
  const changes: { what: string; at: number }[] = [];
  const lines: string[] = [];
  const state: ChangeState = { mode: 'off', watchFailures: 0 };
  running = detectChanges({
    controller: () => ({ namespace: 'argo-rollouts', podSelector: CONTROLLER_SELECTOR }),
    connect: (signal) => connectCluster({ kubeconfig }, { signal, backoffMs: 10 }),
    onChange: (what) => changes.push({ what, at: Date.now() }),
    signal: stop.signal,
    log: (line) => lines.push(line),
    state,
    pollEveryMs: 200,
    backoffMs: 50,
    ...options,
  });
  return { server: scenario.server, changes, lines, state };
}

/**
 * serve's loop with an instant run and no interval run within a test: its run counter and its
 * 'running now: <why>' lines say which changes started a run. Passed as onChange, as serve does.
 */
function serveLoop() {
  const stopLoop = new AbortController();
  const lines: string[] = [];
  const serve = startServeLoop({ intervalMs: 600_000, jitter: 0, signal: stopLoop.signal, log: (l) => lines.push(l), runOnce: async () => serveReport('ok') });
  loop = { serve, stop: stopLoop };
  return { onChange: (what: string) => serve.trigger(what), runs: () => serve.state.runs.succeeded, idle: () => !serve.state.running, triggeredBy: () => lines.filter((l) => l.startsWith('running now: ')).map((l) => l.slice('running now: '.length)) };
}

const WATCHING = 'watching the ConfigMap and the controller pods in argo-rollouts for changes';
const configMapPolls = (server: ScenarioHandle['server']) => server.requests.filter((r) => r.path.endsWith('/configmaps/argo-rollouts-config')).length;

/** The change-detection lines of /metrics. */
const changeGauge = (state: ChangeState) => () =>
  renderServeMetrics(undefined, { succeeded: 0, failed: 0, intervalMs: 1_000, residentBytes: 0, heapUsedBytes: 0, changes: state })
    .split('\n')
    .filter((l) => l.startsWith('rollouts_plugins_change_detection{'));
const gaugeReading = (mode: string) => ['watch', 'retry', 'poll', 'off'].map((m) => `rollouts_plugins_change_detection{mode="${m}"} ${m === mode ? 1 : 0}`);

const controllerPod = (server: ScenarioHandle['server']) => async () => {
  const client = await connectCluster({ kubeconfig: scenario!.kubeconfig() });
  try {
    const pods = await client.request<{ items: Record<string, unknown>[] }>({ path: '/api/v1/namespaces/argo-rollouts/pods', query: { labelSelector: CONTROLLER_SELECTOR } });
    if (!pods.ok) throw new Error(pods.message);
    return { apiVersion: 'v1', kind: 'Pod', ...pods.body.items[0]! };
  } finally {
    client.close();
    void server;
  }
};

describe('serve change detection', () => {
  it('watches: a changed ConfigMap or controller pod is reported within a second, an unrelated object is not; stopping closes every connection', async () => {
    const { server, changes, lines, state } = await start();
    await until('the watches', () => lines.length > 0);
    expect(lines).toEqual(['watching the ConfigMap and the controller pods in argo-rollouts for changes']);
    expect(state.mode).toBe('watch');
    const watches = server.requests.filter((r) => r.query.includes('watch=1')).map((r) => new URLSearchParams(r.query));
    expect(watches.map((q) => [q.get('fieldSelector') ?? q.get('labelSelector'), q.get('allowWatchBookmarks')])).toEqual(
      expect.arrayContaining([['metadata.name=argo-rollouts-config', 'true'], [CONTROLLER_SELECTOR, 'true']]),
    );
    expect(watches.every((q) => Number(q.get('timeoutSeconds')) >= 300 && /^\d+$/.test(q.get('resourceVersion') ?? ''))).toBe(true);

    server.putObject({ ...CONFIGMAP, metadata: { ...CONFIGMAP.metadata, name: 'unrelated' } });
    let at = Date.now();
    server.putObject({ ...CONFIGMAP, data: { trafficRouterPlugins: '[]' } });
    await until('the ConfigMap change', () => changes.length === 1, 1_000);
    expect(changes[0]!.what).toBe('the ConfigMap argo-rollouts/argo-rollouts-config changed (argo-rollouts-config modified)');
    expect(changes[0]!.at - at).toBeLessThan(1_000);

    const pod = await controllerPod(server)();
    at = Date.now();
    server.putObject({ ...pod, status: { ...(pod as { status?: object }).status, phase: 'Failed' } });
    await until('the pod change', () => changes.length === 2, 1_000);
    expect(changes[1]!.what).toMatch(/^a controller pod in argo-rollouts changed \(argo-rollouts-\S+ modified\)$/);
    server.deleteObject(CONFIGMAP);
    await until('the deletion', () => changes.length === 3, 1_000);
    expect(changes[2]!.what).toContain('(argo-rollouts-config deleted)');

    stop!.abort();
    await running;
    await until('no connection left', () => server.openConnections() === 0, 2_000);
    expect(state.watchFailures).toBe(0);
  });

  it('watches again when the server ends a watch, and lists again after 410 Expired without a false change', async () => {
    const { server, changes, lines } = await start({ bookmarkEveryMs: 60_000 }, { watchSeconds: () => 1 });
    await until('the watches', () => lines.length > 0);
    // A change no watch here sees moves the resourceVersion on; compaction then drops the history
    // the next watch would start from.
    server.putObject({ ...CONFIGMAP, metadata: { ...CONFIGMAP.metadata, namespace: 'elsewhere' } });
    server.compactHistory();
    await until('a list after 410', () => lines.some((l) => /^the watch of the ConfigMap argo-rollouts\/argo-rollouts-config expired \(too old resource version: \d+ \(\d+\)\); listing again$/.test(l)), 5_000);
    const expiredAt = server.requests.length;
    await until('the list and the next watch', () => server.requests.slice(expiredAt).some((r) => r.query.includes('watch=1')));
    expect(changes).toEqual([]);
    server.putObject({ ...CONFIGMAP, data: { after: 'expiry' } });
    await until('the change after the new list', () => changes.length === 1, 1_000);

    // A server that answers an old resourceVersion with HTTP 410 instead of an ERROR event: the same.
    const listsBefore = server.requests.filter((r) => r.path.endsWith('/configmaps') && !r.query.includes('watch=')).length;
    server.addFault({ kind: 'status', status: 410, path: '^/api/v1/namespaces/argo-rollouts/configmaps$', times: 1 });
    await until('a list after HTTP 410', () => server.requests.filter((r) => r.path.endsWith('/configmaps') && !r.query.includes('watch=')).length > listsBefore, 5_000);
    expect(lines.filter((l) => l.startsWith('the watch of the ConfigMap argo-rollouts/argo-rollouts-config expired (an error on the server ("fixture fault")'))).toHaveLength(1);
    expect(changes).toHaveLength(1);
  });

  it('a failed watch is set up again after a backoff, and a change made meanwhile is noticed by the next list', async () => {
    const { server, changes, lines, state } = await start();
    await until('the watches', () => lines.length > 0);
    // The apiserver restarts: open watches are cut, and the next list fails (with its retries) once.
    server.addFault({ kind: 'status', status: 500, path: '^/api/v1/namespaces/argo-rollouts/configmaps$', times: 4 });
    server.putObject({ ...CONFIGMAP, data: { during: 'outage' } });
    await until('the live change', () => changes.length === 1, 1_000);
    server.dropWatches();
    server.putObject({ ...CONFIGMAP, data: { during: 'the outage' } });
    await until('the change seen by the list after the outage', () => changes.length === 2, 10_000);
    expect(changes[1]!.what).toBe('the ConfigMap argo-rollouts/argo-rollouts-config changed');
    expect(state.watchFailures).toBe(2);
    expect(lines.filter((l) => l.startsWith('watching for changes failed'))).toEqual([
      // Whichever of the two cut watches is noticed first.
      expect.stringMatching(/^watching for changes failed \(watch (the ConfigMap argo-rollouts\/argo-rollouts-config|a controller pod in argo-rollouts): (the response was cut off after \d+ bytes|socket hang up).*\); watching again in (\d+ ms|\d+(\.\d)? s)$/),
      expect.stringMatching(/^watching for changes failed \(list the ConfigMap argo-rollouts\/argo-rollouts-config: HTTP 500: .*\); watching again in (\d+ ms|\d+(\.\d)? s)$/),
    ]);
    // The log says when the watches are back.
    await until('watching again', () => lines.filter((l) => l === 'watching the ConfigMap and the controller pods in argo-rollouts for changes').length === 2);
    expect(server.requests.filter((r) => r.query.includes('watch=1') && r.status === 200).length).toBeGreaterThanOrEqual(4);
  });

  it('a list whose items are no objects (null, a number) is no crash: the watch opens and sees the next change', async () => {
    const odd = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [null, 7, 'x'] });
    const { server, changes, lines } = await start({ faults: [{ kind: 'body', path: '^/api/v1/namespaces/argo-rollouts/pods$', body: odd, times: 1 }] });
    await until('the watches', () => lines.includes('watching the ConfigMap and the controller pods in argo-rollouts for changes'));
    server.putObject({ ...CONFIGMAP, data: { after: 'odd items' } });
    await until('the change', () => changes.length === 1, 1_000);
  });

  it('when the controller namespace changes (a later report found it elsewhere), the watches move there at once', async () => {
    let namespace = 'argo-rollouts';
    const { server, changes, lines } = await start({}, { controller: () => ({ namespace, podSelector: CONTROLLER_SELECTOR }) });
    await until('the watches', () => lines.length > 0);
    namespace = 'elsewhere';
    await until('the watches in elsewhere', () => lines.includes('watching the ConfigMap and the controller pods in elsewhere for changes'), 2_000);
    server.putObject({ ...CONFIGMAP, metadata: { ...CONFIGMAP.metadata, namespace: 'elsewhere' } });
    await until('the change', () => changes.length === 1, 1_000);
    expect(changes[0]!.what).toBe('the ConfigMap elsewhere/argo-rollouts-config changed (argo-rollouts-config added)');
    // No watch of the old namespace is left open.
    server.putObject({ ...CONFIGMAP, data: { old: 'namespace' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(changes).toHaveLength(1);
  });

  it('a controller whose pods cannot be selected (its Deployment has no matchLabels): the ConfigMap alone is watched, and the log says so', async () => {
    const { server, changes, lines } = await start({}, { controller: () => ({ namespace: 'argo-rollouts', podSelector: '' }) });
    await until('the watch', () => lines.length > 0);
    expect(lines).toEqual(["watching the ConfigMap in argo-rollouts for changes (not the controller pods: their Deployment's selector has no matchLabels)"]);
    expect(server.requests.filter((r) => r.path.endsWith('/pods'))).toEqual([]);
    server.putObject({ ...CONFIGMAP, data: { alone: 'yes' } });
    await until('the change', () => changes.length === 1, 1_000);
  });

  it('a watch that sends something other than watch events and holds its connection is closed at once, logged, counted, and watched again', async () => {
    const path = '^/api/v1/namespaces/argo-rollouts/configmaps$';
    const { server, changes, lines, state } = await start({ faults: [{ kind: 'held-stream', path, body: '<html>proxy error</html>\n', times: 1 }] });
    const began = Date.now();
    await until('the failure', () => state.watchFailures === 1, 3_000);
    expect(Date.now() - began).toBeLessThan(3_000);
    expect(lines[0]).toMatch(/^watching for changes failed \(watch the ConfigMap argo-rollouts\/argo-rollouts-config: the API answered a watch event that is not valid JSON \(Unexpected token .*\)\); watching again in (\d+ ms|\d+(\.\d)? s)$/);
    await until('watching again', () => lines.includes('watching the ConfigMap and the controller pods in argo-rollouts for changes'));
    expect(state.mode).toBe('watch');
    server.putObject({ ...CONFIGMAP, data: { after: 'garbage' } });
    await until('the change', () => changes.some((c) => c.what.startsWith('the ConfigMap argo-rollouts/argo-rollouts-config changed')), 1_000);
    stop!.abort();
    await running;
    await until('no connection left', () => server.openConnections() === 0, 2_000);
  });

  it('after three such watches in a row it polls instead, and says why', async () => {
    const held = { kind: 'held-stream' as const, path: '^/api/v1/namespaces/argo-rollouts/pods$', body: '{"kind":"PodList","items":[]}\n' };
    const { server, changes, lines, state } = await start({ faults: [held] });
    await until('the fallback', () => state.mode === 'poll', 5_000);
    expect(state.watchFailures).toBe(3);
    const reason = 'watch a controller pod in argo-rollouts: the API answered something that is not a stream of watch events (the server ignored watch=1), 3 watches in a row';
    expect(state.fallbackReason).toBe(reason);
    expect(lines.filter((l) => l.startsWith('watching for changes failed'))).toHaveLength(2);
    expect(lines.at(-1)).toBe(`cannot watch the ConfigMap and the controller pods in argo-rollouts (${reason}): polling every 200 ms instead (--change-poll); trying to watch again in 10 min`);
    // Every held stream was closed by serve, not by the server.
    await until('the held streams closed', () => server.openConnections() === 0, 2_000);
    await until('two polls', () => server.requests.filter((r) => r.path.endsWith('/configmaps/argo-rollouts-config')).length >= 2);
    server.putObject({ ...CONFIGMAP, data: { polled: 'yes' } });
    await until('the polled change', () => changes.length === 1, 2_000);
  });

  it('falls back to polling when the watch verb is refused, says why, and still sees a change', async () => {
    const reader = { name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps', 'pods'] }] };
    const { server, changes, lines, state } = await start({ users: [reader] }, {}, 'reader-token');
    await until('the fallback', () => state.mode === 'poll');
    expect(state.fallbackReason).toMatch(/forbidden: User "reader" cannot watch resource/);
    expect(lines).toEqual([expect.stringMatching(/^cannot watch the ConfigMap and the controller pods in argo-rollouts \(watch .*HTTP 403: .*cannot watch.*\): polling every 200 ms instead \(--change-poll\); trying to watch again in 10 min$/)]);
    await until('two polls', () => server.requests.filter((r) => r.path.endsWith('/configmaps/argo-rollouts-config')).length >= 2);
    server.putObject({ ...CONFIGMAP, data: { polled: 'yes' } });
    await until('the polled change', () => changes.length === 1, 2_000);
    expect(changes[0]!.what).toBe('the ConfigMap or the controller pods in argo-rollouts changed');
  });

  it('polling sees a ConfigMap change though the controller pods cannot be listed (each read counts on its own)', async () => {
    const reader = { name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }] };
    const { server, changes, state } = await start({ users: [reader] }, {}, 'reader-token');
    await until('the fallback', () => state.mode === 'poll');
    await until('two polls', () => server.requests.filter((r) => r.path.endsWith('/configmaps/argo-rollouts-config')).length >= 2);
    server.putObject({ ...CONFIGMAP, data: { polled: 'yes' } });
    // Before: every poll was dropped because the pods list was refused, and no change was ever seen.
    await until('the polled change', () => changes.length === 1, 2_000);
  });

  it('after polling for a while it tries to watch again: still refused, it polls on; once the watch verb is granted, it watches', async () => {
    const reader = { name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps', 'pods'] }] };
    const { server, changes, lines, state } = await start({ users: [reader] }, { watchRetryMs: 1_000 }, 'reader-token');
    await until('the fallback', () => state.mode === 'poll');
    const refused = /^cannot watch the ConfigMap and the controller pods in argo-rollouts \(watch .*HTTP 403: .*cannot watch.*\): polling every 200 ms instead \(--change-poll\); trying to watch again in 1 s$/;
    await until('a second refusal', () => lines.filter((l) => refused.test(l)).length === 2, 5_000);
    expect(lines.slice(0, 3)).toEqual([expect.stringMatching(refused), 'trying to watch the ConfigMap and the controller pods in argo-rollouts again', expect.stringMatching(refused)]);
    // What /metrics shows of it.
    const gauge = changeGauge(state);
    expect(gauge()).toEqual(gaugeReading('poll'));

    // RBAC fixed (rbac's manifest applied): the next try watches, and /metrics' gauge reads watch again.
    reader.rules.push({ verbs: ['watch'], apiGroups: [''], resources: ['configmaps', 'pods'] });
    await until('watching again', () => lines.includes('watching the ConfigMap and the controller pods in argo-rollouts for changes'), 5_000);
    expect(gauge()).toEqual(gaugeReading('watch'));
    expect(state.fallbackReason).toBeUndefined();
    const seen = changes.length;
    server.putObject({ ...CONFIGMAP, data: { watched: 'again' } });
    await until('the change through the watch', () => changes.length > seen, 1_000);
    expect(changes.slice(seen).map((c) => c.what)).toEqual(['the ConfigMap argo-rollouts/argo-rollouts-config changed (argo-rollouts-config modified)']);
  });

  it('a change seen while polling starts one run: the watch that comes back does not see it again', async () => {
    const serve = serveLoop();
    const watchRule = { verbs: ['watch'], apiGroups: [''], resources: ['configmaps', 'pods'] };
    const user = { name: 'watcher', token: 'watcher-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps', 'pods'] }, watchRule] };
    const { server, lines, state } = await start({ users: [user] }, { watchRetryMs: 1_000, onChange: serve.onChange }, 'watcher-token');
    await until('the watches and the first run', () => lines.includes(WATCHING) && serve.runs() === 1);
    // The watch verb is revoked and the open watches are cut: serve polls.
    user.rules.pop();
    server.dropWatches();
    await until('the fallback', () => state.mode === 'poll', 5_000);
    const polls = configMapPolls(server);
    await until('a poll', () => configMapPolls(server) > polls);
    server.putObject({ ...CONFIGMAP, data: { polled: 'yes' } });
    await until('the run for the polled change', () => serve.runs() === 2, 2_000);
    // Granted again: the next try lists what the poll saw already, and watches.
    user.rules.push(watchRule);
    await until('watching again', () => lines.filter((l) => l === WATCHING).length === 2, 5_000);
    server.putObject({ ...CONFIGMAP, data: { watched: 'yes' } });
    await until('the run for the watched change', () => serve.triggeredBy().some((w) => w.endsWith('(argo-rollouts-config modified)')) && serve.idle(), 2_000);
    expect(serve.triggeredBy()).toEqual(['the ConfigMap or the controller pods in argo-rollouts changed', 'the ConfigMap argo-rollouts/argo-rollouts-config changed (argo-rollouts-config modified)']);
    expect(serve.runs()).toBe(3);
  });

  it('a change no poll saw (the polls failed) is seen by the list of the watch that comes back: one run, then', async () => {
    const serve = serveLoop();
    const reader = { name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps', 'pods'] }] };
    const { server, lines, state } = await start({ users: [reader] }, { watchRetryMs: 1_000, onChange: serve.onChange }, 'reader-token');
    await until('the fallback and the first run', () => state.mode === 'poll' && serve.runs() === 1);
    server.addFault({ kind: 'status', status: 500, path: '^/api/v1/namespaces/argo-rollouts/configmaps/argo-rollouts-config$' });
    server.putObject({ ...CONFIGMAP, data: { unpolled: 'yes' } });
    reader.rules.push({ verbs: ['watch'], apiGroups: [''], resources: ['configmaps', 'pods'] });
    await until('watching again', () => lines.includes(WATCHING), 5_000);
    server.clearFaults();
    await until('the run', () => serve.runs() === 2 && serve.idle(), 2_000);
    expect(serve.triggeredBy()).toEqual(['the ConfigMap argo-rollouts/argo-rollouts-config changed']);
  });

  it('a retried watch that fails for another reason than a refusal: /metrics says retry while serve backs off, neither poll nor watch', async () => {
    const reader = { name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps', 'pods'] }] };
    const { server, lines, state } = await start({ users: [reader] }, { watchRetryMs: 500, backoffMs: 3_000, maxBackoffMs: 3_000 }, 'reader-token');
    const gauge = changeGauge(state);
    await until('the fallback', () => state.mode === 'poll');
    expect(gauge()).toEqual(gaugeReading('poll'));
    // The API server fails (500) when serve tries to watch again: it backs off, and no longer polls.
    server.addFault({ kind: 'status', status: 500, path: '^/api/v1/namespaces/argo-rollouts/(configmaps|pods)$' });
    await until('the failed retry', () => lines.some((l) => l.startsWith('watching for changes failed (list ')), 5_000);
    expect(state.watchFailures).toBe(1);
    expect(gauge()).toEqual(gaugeReading('retry'));
    const polls = server.requests.filter((r) => r.path.endsWith('/configmaps/argo-rollouts-config')).length;
    await new Promise((r) => setTimeout(r, 600));
    expect(server.requests.filter((r) => r.path.endsWith('/configmaps/argo-rollouts-config')).length).toBe(polls);
    expect(gauge()).toEqual(gaugeReading('retry'));
    // The server recovers and the verb is granted: the next attempt watches.
    server.clearFaults();
    reader.rules.push({ verbs: ['watch'], apiGroups: [''], resources: ['configmaps', 'pods'] });
    await until('watching again', () => state.mode === 'watch', 8_000);
    expect(gauge()).toEqual(gaugeReading('watch'));
  });

  it('/metrics says retry, not watch, until a watch opens: while no report has found the controller, and while the API refuses the credentials', async () => {
    const waiting = await start({}, { controller: () => undefined });
    await new Promise((r) => setTimeout(r, 300));
    expect(changeGauge(waiting.state)()).toEqual(gaugeReading('retry'));
    expect(waiting.lines).toEqual([]);
    stop!.abort();
    await running;
    await scenario!.close();

    const refused = await start({}, { backoffMs: 3_000, maxBackoffMs: 3_000 }, 'no-such-token');
    await until('the failed watch', () => refused.state.watchFailures > 0, 5_000);
    expect(changeGauge(refused.state)()).toEqual(gaugeReading('retry'));
    expect(refused.lines.some((l) => l.startsWith('watching the ConfigMap'))).toBe(false);
  });

  it('falls back to polling when the server does not support watches (405) or ignores watch=1, and to nothing with --change-poll 0', async () => {
    const polled = await start({ watch: false });
    await until('the fallback', () => polled.state.mode === 'poll');
    expect(polled.state.fallbackReason).toMatch(/HTTP 405: the server does not allow this method/);
    stop!.abort();
    await running;
    await scenario!.close();
    scenario = undefined;

    // A proxy that drops watch=1 answers a plain list: not a stream of events.
    const plain = '{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[]}';
    const ignored = await start({ faults: [{ kind: 'body', path: '^/api/v1/namespaces/argo-rollouts/configmaps$', body: plain }] });
    await until('the fallback', () => ignored.state.mode === 'poll');
    expect(ignored.state.fallbackReason).toBe('watch the ConfigMap argo-rollouts/argo-rollouts-config: the API answered something that is not a stream of watch events (the server ignored watch=1), 3 watches in a row');
    stop!.abort();
    await running;
    await scenario!.close();
    scenario = undefined;

    const off = await start({ watch: false }, { pollEveryMs: 0 });
    await until('the fallback', () => off.lines.length > 0);
    expect(off.state.mode).toBe('off');
    expect(off.lines).toEqual([expect.stringMatching(/changes are seen at the next interval only \(--change-poll 0\); trying to watch again in 10 min$/)]);
  });

  it('--no-watch-changes polls without trying to watch', async () => {
    const { server, changes, state, lines } = await start({}, { watch: false });
    expect(state.mode).toBe('poll');
    await until('two polls', () => server.requests.filter((r) => r.path.endsWith('/configmaps/argo-rollouts-config')).length >= 2);
    server.putObject({ ...CONFIGMAP, data: { polled: 'yes' } });
    await until('the polled change', () => changes.length === 1, 2_000);
    expect(server.requests.filter((r) => r.query.includes('watch='))).toEqual([]);
    expect(lines).toEqual([]);
  });
});

describe('polling a controller found without its usual labels', () => {
  it('reads its pods by the selector the report found', async () => {
    const podSelector = 'app.kubernetes.io/name=rollouts,app.kubernetes.io/instance=shop';
    const { server } = await start({}, { watch: false, controller: () => ({ namespace: 'argo-rollouts', podSelector }) });
    await until('two polls', () => server.requests.filter((r) => r.path.endsWith('/pods')).length >= 2);
    expect(new Set(server.requests.filter((r) => r.path.endsWith('/pods')).map((r) => new URLSearchParams(r.query).get('labelSelector')))).toEqual(new Set([podSelector]));
  });
});

describe('which controller serve watches', () => {
  const reported = { namespace: 'platform', podSelector: 'app.kubernetes.io/instance=shop', pods: [] };
  it('the last report\'s namespace and the selector its pods were read by; the usual selector otherwise', () => {
    expect(controllerToWatch(undefined, undefined)).toBeUndefined();
    expect(controllerToWatch(undefined, { namespace: 'argo-rollouts', pods: [] })).toEqual({ namespace: 'argo-rollouts', podSelector: CONTROLLER_SELECTOR });
    expect(controllerToWatch(undefined, reported)).toEqual({ namespace: 'platform', podSelector: 'app.kubernetes.io/instance=shop' });
    expect(controllerToWatch('platform', reported)).toEqual({ namespace: 'platform', podSelector: 'app.kubernetes.io/instance=shop' });
    // -n before the first report, or a report about another namespace: the usual selector.
    expect(controllerToWatch('platform', undefined)).toEqual({ namespace: 'platform', podSelector: CONTROLLER_SELECTOR });
    expect(controllerToWatch('argo-rollouts', reported)).toEqual({ namespace: 'argo-rollouts', podSelector: CONTROLLER_SELECTOR });
  });
});
