/**
 * Lists are read page by page (limit=500, continue) like kubectl, and start over after a 410 Gone.
 * The real kubectl reads the same paged answers, so the pages are the apiserver's.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { connectCluster, type ClusterClient } from '../../src/cluster/client.js';
import { inspectCluster } from '../../src/cluster/inspect.js';
import { checks } from '../../src/checks/cluster/index.js';
import { runChecks } from '../../src/core/check.js';
import { bigClusterObjects, namespaceOf, rolloutName } from '../support/big-cluster.js';
import { loadScenarioFiles, startFixtureApiServer, type FixtureFault } from '../support/fixture-apiserver.js';
import { BASE, pluginsOf } from './scenarios.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const ROLLOUTS = 1203;
const NAMESPACES = 7;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function bigCluster(faults: FixtureFault[] = []) {
  const base = loadScenarioFiles(BASE);
  const server = await startFixtureApiServer({ ...base, objects: [...base.objects, ...bigClusterObjects({ rollouts: ROLLOUTS, namespaces: NAMESPACES })], faults });
  const dir = mkdtempSync(join(tmpdir(), 'paging-test-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig({ token: 'admin-token' }));
  const client: ClusterClient = await connectCluster({ kubeconfig }, { backoffMs: 10 });
  cleanup = async () => {
    client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const kubectl = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        'kubectl',
        ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache'), '--request-timeout', '10s', ...args],
        { timeout: 30_000, maxBuffer: 256 * 1024 * 1024, env: { PATH: process.env.PATH, HOME: dir } },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  return { server, client, kubectl };
}

const rolloutLists = (server: { requests: { path: string; query: string; status: number }[] }) =>
  server.requests.filter((r) => r.path === '/apis/argoproj.io/v1alpha1/rollouts').map((r) => ({ query: new URLSearchParams(r.query), status: r.status }));

/** The routed Rollouts the generator made: every 10th. */
const routed = Array.from({ length: ROLLOUTS }, (_, i) => i)
  .filter((i) => i % 10 === 0)
  .map((i) => `Rollout ${namespaceOf(i, NAMESPACES)}/${rolloutName(i)}`)
  .sort();

describe('paged lists', () => {
  test('1,203 Rollouts are read in 3 pages of at most 500; kubectl pages through the same answers and sees the same Rollouts', async () => {
    const { server, client, kubectl } = await bigCluster();
    const facts = await inspectCluster(client, { subject: pluginsOf });

    const pages = rolloutLists(server);
    expect(pages.map((p) => [p.query.get('limit'), p.query.has('continue'), p.status])).toEqual([
      ['500', false, 200],
      ['500', true, 200],
      ['500', true, 200],
    ]);
    expect(facts.usageListed.Rollout).toBe(ROLLOUTS + 1); // the scenario's own Rollout too
    const routedSeen = facts.pluginReferences.filter((r) => r.kind === 'Rollout' && r.resource.startsWith('Rollout team-')).map((r) => r.resource);
    expect(routedSeen.sort()).toEqual(routed);
    // Every list the tool makes pages, not only the big ones.
    const lists = server.requests.filter((r) => /\/(pods|configmaps|deployments|events|nodes|rollouts|analysistemplates|clusteranalysistemplates)$/.test(r.path));
    expect(lists.length).toBeGreaterThan(8);
    expect(lists.filter((r) => new URLSearchParams(r.query).get('limit') !== '500').map((r) => r.path)).toEqual([]);

    const before = server.requests.length;
    const listed = await kubectl(['get', 'rollouts.argoproj.io', '-A', '-o', 'json']);
    expect(listed.stderr).toBe('');
    const items = (JSON.parse(listed.stdout) as { items: { metadata: { name: string; namespace: string }; spec: { strategy: { canary: { trafficRouting?: unknown } } } }[] }).items;
    expect(items).toHaveLength(ROLLOUTS + 1);
    expect(items.filter((r) => r.spec.strategy.canary.trafficRouting && r.metadata.namespace.startsWith('team-')).map((r) => `Rollout ${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual(routed);
    // kubectl's own chunking: the same limit and continue tokens, the same three pages.
    expect(rolloutLists({ requests: server.requests.slice(before) }).map((p) => [p.query.get('limit'), p.query.has('continue')])).toEqual([
      ['500', false],
      ['500', true],
      ['500', true],
    ]);
  });

  test('a continue token expiring (410 Gone) restarts the list from the start: nothing is counted twice or lost', async () => {
    const { server, client, kubectl } = await bigCluster([{ path: '^/apis/argoproj.io/v1alpha1/rollouts$', kind: 'expired', times: 1 }]);
    const facts = await inspectCluster(client, { subject: pluginsOf });
    expect(rolloutLists(server).map((p) => [p.query.has('continue'), p.status])).toEqual([
      [false, 200],
      [true, 410],
      [false, 200],
      [true, 200],
      [true, 200],
    ]);
    expect(facts.usageListed.Rollout).toBe(ROLLOUTS + 1);
    expect(facts.pluginReferences.filter((r) => r.resource.startsWith('Rollout team-')).map((r) => r.resource).sort()).toEqual(routed);
    expect(facts.apiProblems).toEqual([]);

    // kubectl reads the same 410 Status as the apiserver's Expired error.
    server.addFault({ path: '^/apis/argoproj.io/v1alpha1/rollouts$', kind: 'expired', times: 1 });
    const listed = await kubectl(['get', 'rollouts.argoproj.io', '-A', '-o', 'name']);
    expect(listed.stderr).toContain('Error from server (Expired): The provided continue parameter is too old to display a consistent list result.');
  });

  test('a list that keeps expiring is an api-unavailable finding after the bounded restarts, not a partial count', async () => {
    const { server, client } = await bigCluster([{ path: '^/apis/argoproj.io/v1alpha1/rollouts$', kind: 'expired' }]);
    const facts = await inspectCluster(client, { subject: pluginsOf });
    expect(rolloutLists(server).filter((p) => p.status === 410)).toHaveLength(4);
    expect(facts.usageListed.Rollout).toBeUndefined();
    const [problem] = runChecks(checks, facts).filter((f) => f.id === 'api-unavailable');
    expect(problem!.title).toMatch(/\(expired 410\): skipped which rollouts use which plugin$/);
    expect(problem!.evidence.join('\n')).toContain('/apis/argoproj.io/v1alpha1/rollouts: The provided continue parameter is too old to display a consistent list result.');
  });
});
