/**
 * The plugin access reviews cost the plugins, not the namespaces: one SubjectAccessReview per
 * permission at cluster scope, and per namespace only where the cluster scope is denied.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { connectCluster, type ClusterClient } from '../../src/cluster/client.js';
import { inspectCluster } from '../../src/cluster/inspect.js';
import { checks } from '../../src/checks/cluster/index.js';
import { runChecks } from '../../src/core/check.js';
import { bigClusterObjects } from '../support/big-cluster.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { BASE, pluginsOf } from './scenarios.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A test may inspect twice: every server, client and directory it made is closed or removed.
const opened: { server: FixtureApiServer; client?: ClusterClient; dir?: string }[] = [];
afterEach(async () => {
  for (const { server, client, dir } of opened.splice(0)) {
    client?.close();
    await server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

/** The healthy scenario plus 400 Rollouts over `namespaces` namespaces, every 10th routed through the Gateway API plugin; `routeRules` replaces the controller's HTTPRoute access. */
async function inspectWith(namespaces: number, routeRules?: string) {
  const scenario = loadScenario(readFileSync(BASE, 'utf8'));
  if (routeRules !== undefined) {
    const sa = scenario.users.find((u) => u.name === 'system:serviceaccount:argo-rollouts:argo-rollouts')!;
    sa.rules = [...sa.rules!.filter((r) => !r.apiGroups.includes('gateway.networking.k8s.io')), ...(loadScenario(routeRules).users[0]?.rules ?? [])];
  }
  const server = await startFixtureApiServer({ ...scenario, objects: [...scenario.objects, ...bigClusterObjects({ rollouts: 400, namespaces, analysisTemplates: 0 })] });
  const opening: (typeof opened)[number] = { server };
  opened.push(opening);
  const dir = (opening.dir = mkdtempSync(join(tmpdir(), 'reviews-test-')));
  writeFileSync(join(dir, 'kubeconfig'), server.kubeconfig({ token: 'admin-token' }));
  const client = (opening.client = await connectCluster({ kubeconfig: join(dir, 'kubeconfig') }));
  const facts = await inspectCluster(client, { subject: pluginsOf });
  const reviews = server.requests.filter((r) => r.path === '/apis/authorization.k8s.io/v1/subjectaccessreviews');
  return { facts, reviews: reviews.length, findings: runChecks(checks, facts) };
}

describe('plugin access reviews', () => {
  test('a ClusterRole: two reviews (get, update httproutes), whether the routed Rollouts are in 1 namespace or 40', async () => {
    const one = await inspectWith(1);
    expect(one.reviews).toBe(2);
    expect(one.facts.pluginPermissions.map((p) => `${p.verb} ${p.namespace ?? 'cluster'} ${p.allowed}`)).toEqual(['get cluster true', 'update cluster true']);
    const many = await inspectWith(41); // 41 is coprime with 10: the 40 routed Rollouts land in 40 namespaces
    expect(new Set(many.facts.pluginReferences.map((r) => r.resource.split(/[ /]/)[1])).size).toBe(41);
    expect(many.reviews).toBe(2);
  });

  test('Roles in some namespaces: cluster scope denied, then one review per routed namespace and permission; only the namespaces without access are findings', async () => {
    // 7 namespaces hold routed Rollouts (team-0000..team-0006), and shop (the scenario's); a Role allows two of them.
    const roles = [
      'apiVersion: fixture.rollouts-plugins.test/v1',
      'kind: User',
      'name: role-holder',
      'rules:',
      '  - verbs: [get, update]',
      '    apiGroups: [gateway.networking.k8s.io]',
      '    resources: [httproutes]',
      '    namespaces: [team-0000, team-0001]',
      '',
    ].join('\n');
    const { facts, reviews, findings } = await inspectWith(7, roles);
    const namespaces = ['shop', 'team-0000', 'team-0001', 'team-0002', 'team-0003', 'team-0004', 'team-0005', 'team-0006'];
    expect(reviews).toBe(2 + 2 * namespaces.length);
    const denied = facts.pluginPermissions.filter((p) => p.allowed === false).map((p) => `${p.verb} ${p.namespace}`);
    const withoutRole = ['shop', 'team-0002', 'team-0003', 'team-0004', 'team-0005', 'team-0006'];
    expect(denied.sort()).toEqual([...withoutRole.map((ns) => `get ${ns}`), ...withoutRole.map((ns) => `update ${ns}`)].sort());
    const [missing] = findings.filter((f) => f.id === 'plugin-rbac-missing');
    expect(missing!.evidence).toContain('SubjectAccessReview: get httproutes.gateway.networking.k8s.io in team-0002 → denied');
    expect(missing!.evidence.join('\n')).not.toContain('team-0000');
  });
});
