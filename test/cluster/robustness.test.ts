/** Sparse objects and cancellation: the run says what it could not read, never crashes, never hangs. */
import { afterEach, describe, expect, test } from 'vitest';
import { connectCluster, type ClusterClient } from '../../src/cluster/client.js';
import { inspectCluster } from '../../src/cluster/inspect.js';
import { checks } from '../../src/checks/cluster/index.js';
import { runChecks } from '../../src/core/check.js';
import { pluginsOf, startScenario, type ScenarioHandle } from './scenarios.js';

let scenario: ScenarioHandle | undefined;
let client: ClusterClient | undefined;
afterEach(async () => {
  client?.close();
  await scenario?.close();
});

describe('objects lacking fields', () => {
  test('no status, no node, no containers, no data: facts say what is missing and checks run', async () => {
    scenario = await startScenario(['sparse-objects.yaml']);
    client = await connectCluster({ kubeconfig: scenario.kubeconfig() });
    const facts = await inspectCluster(client, { subject: pluginsOf });
    expect(facts.unreadable).toEqual(['the Deployment has no containers in its spec']);
    expect(facts.configMap).toMatchObject({ exists: true, data: {}, lastChanged: undefined });
    expect(facts.plugins).toEqual([]);
    expect(facts.pods.map((p) => [p.name, p.phase, p.ready, p.node, p.controller, p.leader])).toEqual([
      ['argo-rollouts-6d9f7c8b5-k2x7p', 'Pending', false, undefined, undefined, undefined],
      ['argo-rollouts-6d9f7c8b5-w9qzt', 'Unknown', false, undefined, undefined, undefined],
    ]);
    expect(facts.controller.pods.map((p) => p.state)).toEqual(['Pending', 'Unknown']);
    expect(facts.deployment).toMatchObject({ name: 'argo-rollouts', replicas: 1, readyReplicas: 0 });
    expect(facts.apiProblems).toEqual([]);
    const findings = runChecks(checks, facts);
    expect(findings.filter((f) => f.id === 'internal-check-error')).toEqual([]);
  });
});

describe('cancellation (Ctrl-C)', () => {
  test('aborting a run against a hanging API returns at once and leaves no request open', async () => {
    scenario = await startScenario();
    client = await connectCluster({ kubeconfig: scenario.kubeconfig(), requestTimeout: '30s' });
    scenario.server.addFault({ path: '^/api/v1/namespaces/argo-rollouts/pods/.*/log$', kind: 'hang' });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const facts = await inspectCluster(client, { subject: pluginsOf, signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(facts.apiProblems.some((p) => p.kind === 'cancelled' && p.cancelledBy === 'interrupted')).toBe(true);
  });
});
