/** The `rbac` engine: the printed roles are enough for a full inspection, and docs/rbac.md shows them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { connectCluster, type ClusterClient } from '../../src/cluster/client.js';
import { inspectCluster } from '../../src/cluster/inspect.js';
import { knownPluginNeeds } from '../../src/config/known-plugins.js';
import { rbacManifests, TOOL_PERMISSIONS } from '../../src/cluster/rbac.js';
import type { FixtureRule } from '../support/fixture-apiserver.js';
import { loadScenarioFiles, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { BASE, FIXTURES, pluginsOf } from './scenarios.js';

let server: FixtureApiServer | undefined;
let client: ClusterClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
});

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function rulesOf(yamlText: string): FixtureRule[] {
  return parseAllDocuments(yamlText).flatMap((doc) => {
    const role = doc.toJS() as { kind: string; metadata: { namespace?: string }; rules?: Rule[] };
    return (role.rules ?? []).map((r) => ({ ...r, ...(role.kind === 'Role' ? { namespaces: [role.metadata.namespace!] } : {}) }));
  });
}

describe('rbac', () => {
  test('a user holding exactly the printed ClusterRole and Role inspects the controller without one refusal', async () => {
    const scenario = loadScenarioFiles(BASE, join(FIXTURES, 'crashloop-fatal-download.yaml'));
    const rules = rulesOf(rbacManifests({ namespace: 'argo-rollouts' }));
    server = await startFixtureApiServer({ ...scenario, users: [...scenario.users, { name: 'reader', token: 'reader-token', rules }] });
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'rbac-'));
    writeFileSync(join(dir, 'kubeconfig'), server.kubeconfig({ token: 'reader-token' }));
    client = await connectCluster({ kubeconfig: join(dir, 'kubeconfig') });
    const facts = await inspectCluster(client, { subject: pluginsOf });
    (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    expect(facts.permissionFailures).toEqual([]);
    expect(facts.pods).toHaveLength(2);
    expect(facts.logMatches.length).toBeGreaterThan(0);
    expect(facts.pluginPermissions.length).toBeGreaterThan(0);
    // Read-only: no verb that changes anything, except creating access reviews (which change nothing).
    const verbs = rules.flatMap((r) => r.verbs.map((v) => `${v} ${r.resources.join(',')}`));
    expect(verbs.filter((v) => !/^(get|list) /.test(v))).toEqual(['create subjectaccessreviews', 'watch pods,configmaps']);
  });

  test('without a ClusterRole the same user, with -n, still gets the namespaced part', async () => {
    const scenario = loadScenarioFiles(BASE);
    const rules = rulesOf(rbacManifests({ namespace: 'argo-rollouts' })).map((r) => ({ ...r, namespaces: r.namespaces ?? ['argo-rollouts'] }));
    server = await startFixtureApiServer({ ...scenario, users: [{ name: 'ns-reader', token: 't', rules }] });
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'rbac-'));
    writeFileSync(join(dir, 'kubeconfig'), server.kubeconfig({ token: 't', namespace: 'argo-rollouts' }));
    client = await connectCluster({ kubeconfig: join(dir, 'kubeconfig'), namespace: 'argo-rollouts' });
    const facts = await inspectCluster(client, { subject: pluginsOf });
    rmSync(dir, { recursive: true, force: true });
    expect(facts.namespaceFrom).toBe('flag');
    expect(facts.pods.map((p) => p.leader)).toEqual([true, false]);
    expect([...new Set(facts.permissionFailures.map((f) => `${f.verb} ${f.resource}`))].sort()).toEqual([
      'create subjectaccessreviews',
      'get nodes',
      'list analysistemplates',
      'list clusteranalysistemplates',
      'list nodes',
      'list rollouts',
    ]);
  });

  test('bindings for a subject, and docs/rbac.md shows exactly what the engine prints', () => {
    const yaml = rbacManifests({ namespace: 'argo-rollouts', subject: { kind: 'User', name: 'dev@example.com' } });
    const kinds = parseAllDocuments(yaml).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual(['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding']);
    const docs = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'rbac.md'), 'utf8');
    expect(docs).toContain(rbacManifests());
    for (const p of TOOL_PERMISSIONS) expect(docs).toContain(p.why);
  });

  test('well-known plugin needs', () => {
    expect(knownPluginNeeds('argoproj-labs/gatewayAPI', 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64')).toEqual([
      { group: 'gateway.networking.k8s.io', resource: 'httproutes', verbs: ['get', 'update'] },
    ]);
    expect(knownPluginNeeds('acme/notify', 'https://example.com/notify')).toEqual([]);
  });
});
