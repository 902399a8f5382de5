/**
 * Proves the fixture API server's watches speak the real API: the real kubectl (v1.32) lists, then
 * watches from the list's resourceVersion, and prints the events the fixture streamed while the
 * cluster changed; `get --raw` shows the bytes of a bookmark, of timeoutSeconds and of the 410
 * Expired ERROR event.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CONTROLLER_SELECTOR } from '../../src/cluster/podspec.js';
import { startScenario, type ScenarioHandle } from './scenarios.js';

const KUBECTL = 'kubectl';
const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argo-rollouts-config', namespace: 'argo-rollouts' } };

let scenario: ScenarioHandle | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

type Event = { type: string; object: { kind?: string; metadata: { name?: string; resourceVersion: string; labels?: Record<string, string> }; data?: Record<string, string>; code?: number; reason?: string; message?: string } };

/** Starts kubectl; `lines()` are its stdout lines so far, `done` its exit code and output. */
function kubectl(kubeconfig: string, args: string[]) {
  const child = spawn(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', join(scenario!.dir, 'kube-cache'), ...args], {
    env: { PATH: process.env.PATH, HOME: scenario!.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    }),
  );
  return { lines: () => stdout.split('\n').filter((l) => l !== ''), done };
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** kubectl -o json --output-watch-events prints each event as an indented JSON document. */
function events(stdout: string): Event[] {
  return stdout
    .split(/\n(?=\{)/)
    .filter((d) => d.trim() !== '')
    .map((d) => JSON.parse(d) as Event);
}

describe('kubectl watches the fixture API server', () => {
  test('get --watch: the list as ADDED, then MODIFIED and DELETED as the cluster changes, from the list resourceVersion', async () => {
    scenario = await startScenario();
    const { server } = scenario;
    const watch = kubectl(scenario.kubeconfig(), ['get', 'configmaps', '-n', 'argo-rollouts', '--watch', '-o', 'json', '--output-watch-events', '--request-timeout', '3s']);
    await until('the watch request', () => server.requests.some((r) => r.query.includes('watch=true')));
    server.putObject({ ...CONFIGMAP, data: { trafficRouterPlugins: '[]' } });
    server.deleteObject(CONFIGMAP);
    const { code, stdout, stderr } = await watch.done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const seen = events(stdout);
    const before = seen.filter((e) => e.type === 'ADDED');
    expect(before.map((e) => e.object.metadata.name)).toContain('argo-rollouts-config');
    expect(seen.slice(before.length).map((e) => [e.type, e.object.metadata.name, e.object.data])).toEqual([
      ['MODIFIED', 'argo-rollouts-config', { trafficRouterPlugins: '[]' }],
      ['DELETED', 'argo-rollouts-config', { trafficRouterPlugins: '[]' }],
    ]);
    const watched = server.requests.find((r) => r.query.includes('watch=true'))!;
    expect(watched.status).toBe(200);
    // kubectl watches from its list's resourceVersion, and the edit right after is the next one.
    expect(Number(new URLSearchParams(watched.query).get('resourceVersion')) + 1).toBe(Number(seen[before.length]!.object.metadata.resourceVersion));
  });

  test('get --watch-only -l: a pod leaving the label selector is DELETED, a modified one MODIFIED, others unseen', async () => {
    scenario = await startScenario();
    const { server } = scenario;
    const watch = kubectl(scenario.kubeconfig(), ['get', 'pods', '-n', 'argo-rollouts', '-l', CONTROLLER_SELECTOR, '--watch-only', '-o', 'json', '--output-watch-events', '--request-timeout', '3s']);
    await until('the watch request', () => server.requests.some((r) => r.query.includes('watch=true')));
    const pods = (await (await fetchJson(scenario, `/api/v1/namespaces/argo-rollouts/pods?labelSelector=${encodeURIComponent(CONTROLLER_SELECTOR)}`)).items) as { kind?: string; metadata: { name: string; labels: Record<string, string> } }[];
    expect(pods.length).toBeGreaterThanOrEqual(2);
    const [first, second] = pods as [(typeof pods)[number], (typeof pods)[number]];
    server.putObject({ apiVersion: 'v1', kind: 'Pod', ...first, metadata: { ...first.metadata, annotations: { touched: 'yes' } } });
    server.putObject({ apiVersion: 'v1', kind: 'Pod', ...second, metadata: { ...second.metadata, labels: { app: 'something-else' } } });
    server.putObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated', namespace: 'argo-rollouts' } });
    const { code, stdout, stderr } = await watch.done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(events(stdout).map((e) => [e.type, e.object.kind, e.object.metadata.name])).toEqual([
      ['MODIFIED', 'Pod', first.metadata.name],
      ['DELETED', 'Pod', second.metadata.name],
    ]);
  });

  test('get --raw: timeoutSeconds ends the stream, bookmarks carry the resourceVersion, a compacted resourceVersion is an ERROR 410 Expired', async () => {
    scenario = await startScenario([], { bookmarkEveryMs: 300 });
    const { server } = scenario;
    const kubeconfig = scenario.kubeconfig();
    const path = '/api/v1/namespaces/argo-rollouts/configmaps?watch=1&fieldSelector=metadata.name%3Dargo-rollouts-config';
    const began = Date.now();
    const timed = await kubectl(kubeconfig, ['get', '--raw', `${path}&timeoutSeconds=1&allowWatchBookmarks=true`]).done;
    expect(timed.code).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    const lines = timed.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Event);
    expect(lines[0]!.type).toBe('ADDED');
    expect(lines[0]!.object.metadata.name).toBe('argo-rollouts-config');
    const bookmarks = lines.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThanOrEqual(2);
    expect(bookmarks[0]!.object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });

    const old = lines[0]!.object.metadata.resourceVersion;
    server.putObject({ ...CONFIGMAP, data: { changed: 'once' } });
    const replay = await kubectl(kubeconfig, ['get', '--raw', `${path}&resourceVersion=${old}&timeoutSeconds=1`]).done;
    expect(replay.stdout.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as Event).type)).toEqual(['MODIFIED']);

    server.compactHistory();
    const expired = await kubectl(kubeconfig, ['get', '--raw', `${path}&resourceVersion=${old}`]).done;
    expect(expired.code).toBe(0);
    const [error] = expired.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Event);
    expect(error).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/) } });
  });

  test('a watch needs the watch verb: a user with get/list only is Forbidden, worded like the apiserver', async () => {
    scenario = await startScenario([], { users: [{ name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }] }] });
    const { code, stderr } = await kubectl(scenario.kubeconfig('reader-token'), ['get', 'configmaps', '-n', 'argo-rollouts', '--watch-only', '--request-timeout', '3s']).done;
    expect(code).toBe(1);
    expect(stderr).toContain('configmaps is forbidden: User "reader" cannot watch resource "configmaps" in API group "" in the namespace "argo-rollouts"');
  });
});

async function fetchJson(handle: ScenarioHandle, path: string): Promise<{ items: unknown[] }> {
  const { stdout } = await kubectl(handle.kubeconfig(), ['get', '--raw', path]).done;
  return JSON.parse(stdout) as { items: unknown[] };
}
