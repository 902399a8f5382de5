/**
 * Scenarios end to end: the fixture API server serves a Helm/install.yaml-shaped controller, the
 * tool connects through a real kubeconfig, inspects, and the cluster checks turn the facts into
 * findings with evidence and fixes.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { connectCluster, type ClusterClient } from '../../src/cluster/client.js';
import type { ClusterFacts } from '../../src/cluster/facts.js';
import { inspectCluster } from '../../src/cluster/inspect.js';
import { clusterGaps } from '../../src/pipeline/coverage.js';
import { checks } from '../../src/checks/cluster/index.js';
import { runChecks } from '../../src/core/check.js';
import type { Finding } from '../../src/core/finding.js';
import type { HeaderSecretValues } from '../../src/cluster/secrets.js';
import { loadScenarioFiles, startFixtureApiServer } from '../support/fixture-apiserver.js';
import { BASE, FIXTURES, pluginsOf, startScenario, type ScenarioHandle } from './scenarios.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let scenario: ScenarioHandle | undefined;
let client: ClusterClient | undefined;
afterEach(async () => {
  client?.close();
  await scenario?.close();
  client = undefined;
  scenario = undefined;
});

async function inspect(overlays: string[], token = 'admin-token', namespace?: string): Promise<{ facts: ClusterFacts; findings: Finding[] }> {
  scenario = await startScenario(overlays);
  client = await connectCluster({ kubeconfig: scenario.kubeconfig(token, { namespace }) }, { backoffMs: 10 });
  const facts = await inspectCluster(client, { subject: pluginsOf });
  return { facts, findings: runChecks(checks, facts) };
}

/** The kubectl words a printed command carries for the kubeconfig inspect() connected with. */
const viaKubeconfig = (token = 'admin-token') => `--kubeconfig ${join(scenario!.dir, `kubeconfig-${token}`)}`;
const ids = (findings: Finding[]): string[] => [...new Set(findings.map((f) => f.id))].sort();
const byId = (findings: Finding[], id: string): Finding[] => findings.filter((f) => f.id === id);

describe('healthy HA install (Helm chart shape)', () => {
  test('finds the controller, its leader, versions, nodes, secrets names and usage objects; no findings', async () => {
    const { facts, findings } = await inspect([]);
    expect(findings).toEqual([]);
    expect(facts.namespace).toBe('argo-rollouts');
    expect(facts.namespaceFrom).toBe('discovered');
    expect(facts.controller).toMatchObject({ deployment: 'argo-rollouts', replicas: 2, image: 'quay.io/argoproj/argo-rollouts:v1.8.3', version: 'v1.8.3' });
    // The dashboard shares name/instance labels and must be left out.
    expect(facts.pods.map((p) => [p.name, p.leader, p.ready])).toEqual([
      ['argo-rollouts-6d9f7c8b5-k2x7p', true, true],
      ['argo-rollouts-6d9f7c8b5-w9qzt', false, true],
    ]);
    expect(facts.nodePlatforms.map((p) => `${p.os}/${p.arch} ${p.from}`)).toEqual(['linux/amd64 node node-a', 'linux/arm64 node node-b']);
    expect(facts.proxyEnv).toEqual({ HTTPS_PROXY: 'http://proxy.corp.example:3128', NO_PROXY: '.svc,.cluster.local,10.0.0.0/8' });
    expect(facts.headerSecrets).toEqual([{ name: 'plugin-download-auth', exists: true, headerNames: ['Authorization', 'X-Download-Client'], plugins: ['argoproj-labs/sample-prometheus'] }]);
    expect(JSON.stringify(facts)).not.toContain('QmVhcmVy'); // the Secret's value never reaches the facts
    expect(facts.configMap).toMatchObject({ exists: true, lastChanged: '2026-11-01T10:00:00Z', lastChangedFrom: 'managedFields' });
    expect(facts.loadedPlugins.map((l) => l.plugins.map((p) => p.name))).toEqual([
      ['argoproj-labs/gatewayAPI', 'argoproj-labs/sample-prometheus'],
      ['argoproj-labs/gatewayAPI', 'argoproj-labs/sample-prometheus'],
    ]);
    expect(facts.usageListed).toEqual({ Rollout: 1, AnalysisTemplate: 1, ClusterAnalysisTemplate: 1 });
    // Only what the usage step reads is kept of them.
    expect(facts.pluginReferences.map((r) => `${r.type} ${r.name} ${r.resource}`)).toEqual([
      'trafficrouter argoproj-labs/gatewayAPI Rollout shop/checkout',
      'metricprovider argoproj-labs/sample-prometheus AnalysisTemplate shop/success-rate',
    ]);
    expect(facts.pluginPermissions.map((p) => `${p.verb} ${p.resource} ${p.namespace} ${p.allowed}`)).toEqual(['get httproutes undefined true', 'update httproutes undefined true']); // a ClusterRole: one review per permission
    expect(facts.permissionFailures).toEqual([]);
    expect(facts.apiProblems).toEqual([]);
  });
});

describe('Helm install with nameOverride', () => {
  test('the controller is found by the chart\'s component label when app.kubernetes.io/name is another name', async () => {
    scenario = await startScenario(['helm-name-override.yaml']);
    client = await connectCluster({ kubeconfig: scenario.kubeconfig('admin-token') }, { backoffMs: 10 });
    const facts = await inspectCluster(client, { subject: pluginsOf, namespace: 'delivery' });
    expect(facts.controller).toMatchObject({ namespace: 'delivery', deployment: 'delivery-rollouts', version: 'v1.8.3' });
    expect(facts.pods.map((p) => p.name)).toEqual(['delivery-rollouts-7c9d8f6b4-m2n8q']);
    expect(runChecks(checks, facts).map((f) => f.id)).not.toContain('controller-not-found');
  });
});

describe('Helm install with nameOverride and a custom controller.component', () => {
  test('no label says what the controller is: it is found by its image, never the dashboard, and the report says how', async () => {
    scenario = await startScenario(['helm-name-override-custom-component.yaml']);
    client = await connectCluster({ kubeconfig: scenario.kubeconfig('admin-token') }, { backoffMs: 10 });
    const facts = await inspectCluster(client, { subject: pluginsOf, namespace: 'platform' });
    // The report carries the selector its pods were read by: serve watches them with it.
    expect(facts.controller).toMatchObject({ namespace: 'platform', deployment: 'shop-rollouts', version: 'v1.8.3', podSelector: 'app.kubernetes.io/component=controller,app.kubernetes.io/name=rollouts,app.kubernetes.io/instance=shop' });
    expect(facts.pods.map((p) => p.name)).toEqual(['shop-rollouts-5f7d9c8b6-q4w2e']);
    expect(facts.controllerFallback).toEqual({
      by: 'image',
      selector: 'app.kubernetes.io/component=controller,app.kubernetes.io/name=rollouts,app.kubernetes.io/instance=shop',
      deployments: [{ name: 'shop-rollouts', image: 'quay.io/argoproj/argo-rollouts:v1.8.3' }],
    });
    const findings = runChecks(checks, facts);
    expect(ids(findings)).toEqual(['controller-found-by-fallback']);
    expect(findings[0]!.title).toBe('Controller Deployment platform/shop-rollouts found by its image quay.io/argoproj/argo-rollouts:v1.8.3');
  });

  test('without -n and with no ConfigMap (createConfigmap: false), discovery finds its namespace by the controller image', async () => {
    const alone = loadScenarioFiles(join(FIXTURES, 'helm-name-override-custom-component.yaml'));
    const server = await startFixtureApiServer({
      ...alone,
      objects: alone.objects.filter((o) => o.kind !== 'ConfigMap'),
      users: [{ name: 'admin', token: 'admin-token' }, ...alone.users],
    });
    const dir = mkdtempSync(join(tmpdir(), 'discovery-'));
    try {
      writeFileSync(join(dir, 'kubeconfig'), server.kubeconfig({ token: 'admin-token' }));
      client = await connectCluster({ kubeconfig: join(dir, 'kubeconfig') }, { backoffMs: 10 });
      const facts = await inspectCluster(client, { subject: pluginsOf });
      expect([facts.namespace, facts.namespaceFrom]).toEqual(['platform', 'discovered']);
      expect(facts.installations).toEqual([{ namespace: 'platform', deployment: 'shop-rollouts', configMap: false, pods: [] }]);
      expect(facts.controller).toMatchObject({ deployment: 'shop-rollouts', version: 'v1.8.3' });
      expect(byId(runChecks(checks, facts), 'controller-found-by-fallback').map((f) => f.title)).toEqual(['Controller Deployment platform/shop-rollouts found by its image quay.io/argoproj/argo-rollouts:v1.8.3']);
    } finally {
      client?.close();
      client = undefined;
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a second Deployment running the controller image: one inspected, the other named, nothing claimed for it', async () => {
    scenario = await startScenario(['helm-name-override-custom-component.yaml', 'helm-second-controller-image.yaml']);
    client = await connectCluster({ kubeconfig: scenario.kubeconfig('admin-token') }, { backoffMs: 10 });
    const facts = await inspectCluster(client, { subject: pluginsOf, namespace: 'platform' });
    expect(facts.controllerFallback?.deployments.map((d) => d.name)).toEqual(['shop-rollouts', 'shop-rollouts-v2']);
    const [found] = byId(runChecks(checks, facts), 'controller-found-by-fallback');
    expect(found).toMatchObject({ variant: 'several-candidates', severity: 'warning' });
    expect(found!.evidence).toContain('Deployment platform/shop-rollouts-v2 also runs quay.io/argoproj/argo-rollouts@sha256:4bd2a5e1c4f0d8b7a6e3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1');
  });
});

describe('CrashLoopBackOff after a fatal download (tag without its v)', () => {
  test('the crashing pods are one finding; the fatal line is quoted once, tied to the plugin, from text and JSON logs', async () => {
    const { facts, findings } = await inspect(['crashloop-fatal-download.yaml']);
    expect(ids(findings)).toEqual(['controller-crashloop', 'controller-fatal-download']);
    const crash = byId(findings, 'controller-crashloop');
    expect(crash.map((f) => f.title)).toEqual(['2 controller pods keep crashing: Failed to download plugins']);
    expect(crash[0]!.evidence).toContain('argo-rollouts-6d9f7c8b5-k2x7p: last terminated: exit code 1, reason Error, finished 2026-11-26T08:05:11Z');
    expect(crash[0]!.evidence).toEqual(expect.arrayContaining([expect.stringMatching(/^argo-rollouts-6d9f7c8b5-w9qzt: state waiting \(CrashLoopBackOff\)/)]));
    expect(crash[0]!.evidence).toContain('0 of 2 controller pods are ready');
    const [download] = byId(findings, 'controller-fatal-download');
    expect(download!.plugin).toEqual({ name: 'argoproj-labs/gatewayAPI', type: 'trafficrouter' });
    expect(download!.evidence[0]).toBe(
      'argo-rollouts-6d9f7c8b5-k2x7p (previous container): time="2026-11-26T08:05:11Z" level=fatal msg="Failed to download plugins: failed to download plugin from https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/0.4.0/gatewayapi-plugin-linux-amd64: failed to download file from URL: response code Not Found"',
    );
    expect(download!.evidence[1]).toBe('also logged by argo-rollouts-6d9f7c8b5-w9qzt (previous)');
    expect(download!.fix).toContain('answers 404: check the release tag (with its `v`)');
    expect(download!.fix).toContain(`kubectl ${viaKubeconfig()} -n argo-rollouts rollout restart deployment/argo-rollouts`);
    expect(facts.controller.pods.map((p) => p.state)).toEqual(['CrashLoopBackOff', 'CrashLoopBackOff']);
  });
});

describe('read-only root filesystem without volumes (v1.7.0 fork, install.yaml shape)', () => {
  test('the pod spec and the log line both say it, with the emptyDir YAML as fix', async () => {
    const { facts, findings } = await inspect(['readonly-no-volumes.yaml']);
    expect(ids(findings)).toEqual(['controller-crashloop', 'log-plugin-folder-create-failed', 'no-writable-tmp', 'readonly-root-no-plugin-bin-mount']);
    const [readonly] = byId(findings, 'readonly-root-no-plugin-bin-mount');
    expect(readonly!.title).toBe('The controller cannot write plugins: /home/argo-rollouts/plugin-bin is on a read-only root filesystem');
    expect(readonly!.fix).toContain('mountPath: /home/argo-rollouts/plugin-bin');
    expect(readonly!.fix).toContain('emptyDir: {}');
    expect(byId(findings, 'log-plugin-folder-create-failed')[0]!.plugin).toEqual({ name: 'argoproj-labs/gatewayAPI', type: 'trafficrouter' });
    expect(facts.controller.version).toBe('v1.7.0');
    expect(facts.pods).toHaveLength(1);
  });
});

describe('missing /tmp mount', () => {
  test('no-writable-tmp, and "Stdout already set" is traced to the first real error', async () => {
    const { facts, findings } = await inspect(['missing-tmp-mount.yaml']);
    expect(ids(findings)).toEqual(['cluster-data-unreadable', 'log-stdout-already-set', 'no-writable-tmp']);
    expect(byId(findings, 'no-writable-tmp')[0]!.title).toBe('Plugins cannot start: the temp directory /tmp is on a read-only root filesystem');
    const [stdout] = byId(findings, 'log-stdout-already-set');
    expect(stdout!.title).toBe(
      'Plugin argoproj-labs/gatewayAPI failed to start (listen unix /tmp/plugin3319125640: bind: read-only file system); every later use only says "Stdout already set"',
    );
    expect(stdout!.evidence).toContain(
      'real cause, first logged: argo-rollouts-6d9f7c8b5-k2x7p: time="2026-11-20T09:12:44Z" level=error msg="unable to get plugin client (argoproj-labs/gatewayAPI): listen unix /tmp/plugin3319125640: bind: read-only file system" rollout=shop/checkout',
    );
    expect(stdout!.fix).toContain('mount a writable emptyDir at /tmp');
    // The klog line and the stray JSON line are read without a crash and without a finding.
    expect(facts.unreadable).toEqual(['HTTPS_PROXY of the controller container comes from a ConfigMap or Secret (valueFrom): the probe downloads without it']);
    expect(facts.proxyEnv).toEqual({});
  });
});

describe('file:// location with no mount', () => {
  test('the relative path, the missing mount, and the failing init container are each a finding', async () => {
    const { findings } = await inspect(['file-location-no-mount.yaml']);
    expect(ids(findings)).toEqual(['file-location-not-mounted', 'init-container-not-completed']);
    const [notMounted] = byId(findings, 'file-location-not-mounted');
    expect(notMounted!.title).toBe('argoproj-labs/gatewayAPI: /home/argo-rollouts/plugins/gatewayapi-plugin-linux-amd64 is not on any volume of the controller container');
    expect(notMounted!.evidence[0]).toContain('the first segment after file:// is a host');
    expect(notMounted!.fix).toContain('location: file:///plugins/gatewayapi-plugin-linux-amd64');
    const [init] = byId(findings, 'init-container-not-completed');
    expect(init!.plugin).toEqual({ name: 'acme/notify', type: 'step' });
    expect(init!.evidence[0]).toBe('copy-notify-plugin: waiting (CrashLoopBackOff): back-off 1m20s restarting failed container=copy-notify-plugin, restarts 4');
    expect(init!.fix).toContain(`kubectl ${viaKubeconfig()} -n argo-rollouts logs argo-rollouts-6d9f7c8b5-k2x7p -c copy-notify-plugin --previous`);
  });
});

describe('config drift', () => {
  test('ConfigMap changed after both pods started: restart pending, with what would change, and a missing Secret', async () => {
    const { findings } = await inspect(['drift.yaml']);
    expect(ids(findings)).toEqual(['config-drift-restart-pending', 'headers-secret-missing', 'running-plugins-differ-from-config']);
    const [drift] = byId(findings, 'config-drift-restart-pending');
    expect(drift!.evidence).toEqual([
      'last change 2026-11-25T16:42:00Z (from metadata.managedFields)',
      'argo-rollouts-6d9f7c8b5-k2x7p started 2026-11-20T08:00:02Z (leader)',
      'argo-rollouts-6d9f7c8b5-w9qzt started 2026-11-20T08:00:03Z',
    ]);
    const differ = byId(findings, 'running-plugins-differ-from-config');
    expect(differ).toHaveLength(2);
    expect(differ[0]!.evidence).toEqual([
      'argoproj-labs/gatewayAPI: loaded from https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64, ConfigMap now says https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.5.0/gatewayapi-plugin-linux-amd64',
      'acme/datadog-slo: in the ConfigMap, not loaded by argo-rollouts-6d9f7c8b5-k2x7p',
    ]);
    const [secret] = byId(findings, 'headers-secret-missing');
    expect(secret!.plugin).toEqual({ name: 'acme/datadog-slo', type: 'metricprovider' });
    expect(secret!.fix).toBe(`kubectl ${viaKubeconfig()} -n argo-rollouts create secret generic acme-download-token '--from-literal=Authorization=Bearer <token>'`);
  });
});

describe('HA where one pod crashes', () => {
  test('the standby crashed on start-up while the leader runs; events on the Rollout are reported', async () => {
    const { facts, findings } = await inspect(['ha-one-crash.yaml']);
    expect(ids(findings)).toEqual(['config-drift-restart-pending', 'controller-crashloop', 'controller-fatal-download', 'headers-secret-missing', 'plugin-warning-events', 'running-plugins-differ-from-config']);
    const [crash] = byId(findings, 'controller-crashloop');
    expect(crash!.title).toContain('argo-rollouts-6d9f7c8b5-w9qzt');
    expect(crash!.evidence).toContain('1 of 2 controller pods are ready');
    const [download] = byId(findings, 'controller-fatal-download');
    expect(download!.fix).toContain('Create the Secret named in headersFrom in namespace argo-rollouts');
    const [events] = byId(findings, 'plugin-warning-events');
    expect(events!.plugin).toEqual({ name: 'argoproj-labs/gatewayAPI', type: 'trafficrouter' });
    expect(events!.evidence[0]).toMatch(/^Rollout shop\/checkout: TrafficRoutingError \(x14, last 2026-11-26T09:01:00Z\)/);
    expect(facts.pods.find((p) => p.leader)?.name).toBe('argo-rollouts-6d9f7c8b5-k2x7p');
  });
});

describe('RBAC-limited user', () => {
  test('every refusal is named in one finding (verb, resource, namespace), with one Role for all; the rest of the inspection still ran', async () => {
    const { facts, findings } = await inspect(['rbac-limited.yaml'], 'dev-token', 'argo-rollouts');
    expect(facts.namespaceFrom).toBe('fallback');
    expect(facts.namespace).toBe('argo-rollouts');
    expect(facts.pods).toHaveLength(2);
    expect(facts.deployment?.name).toBe('argo-rollouts');
    const denied = byId(findings, 'cluster-access-denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]!.title).toBe('Not allowed to read 12 kinds of object: part of the inspection was skipped');
    expect(denied[0]!.evidence).toEqual(
      expect.arrayContaining([
        'list configmaps in all namespaces: skipped finding the controller namespace in all namespaces',
        'get pods/log in argo-rollouts: skipped current logs of argo-rollouts-6d9f7c8b5-k2x7p; current logs of argo-rollouts-6d9f7c8b5-w9qzt',
        'get nodes: skipped the OS/arch of node node-a; the OS/arch of node node-b',
        'list nodes: skipped the OS/arch of the nodes',
        'get leases.coordination.k8s.io in argo-rollouts: skipped which replica is the leader',
        'get secrets in argo-rollouts: skipped whether headersFrom Secret plugin-download-auth exists',
        'list clusteranalysistemplates.argoproj.io: skipped which clusteranalysistemplates use which plugin',
        'list rollouts.argoproj.io in all namespaces: skipped which rollouts use which plugin',
        'create subjectaccessreviews.authorization.k8s.io: skipped whether argoproj-labs/gatewayAPI may get httproutes; whether argoproj-labs/gatewayAPI may update httproutes',
        'configmaps is forbidden: User "dev@example.com" cannot list resource "configmaps" in API group "" at the cluster scope',
      ]),
    );
    expect(denied[0]!.fix).toContain(`kubectl rollouts-plugins rbac -n argo-rollouts --user=dev@example.com | kubectl ${viaKubeconfig('dev-token')} apply -f -`);
    expect(facts.headerSecrets[0]!.exists).toBe('unknown');
    expect(ids(findings)).not.toContain('headers-secret-missing');
    expect(facts.pluginReferences).toEqual([]); // no Rollout in argo-rollouts
  });

  test('the controller service account lacking route access is found with SubjectAccessReview', async () => {
    const { findings } = await inspect(['rbac-limited.yaml']);
    const [missing] = byId(findings, 'plugin-rbac-missing');
    expect(missing!.title).toBe('system:serviceaccount:argo-rollouts:argo-rollouts may not get/update httproutes.gateway.networking.k8s.io, which argoproj-labs/gatewayAPI needs');
    expect(missing!.evidence).toEqual([
      'SubjectAccessReview: get httproutes.gateway.networking.k8s.io in shop → denied',
      'SubjectAccessReview: update httproutes.gateway.networking.k8s.io in shop → denied',
    ]);
    expect(missing!.fix).toContain(`kubectl ${viaKubeconfig()} create clusterrolebinding argoproj-labs-gatewayapi-plugin --clusterrole=argoproj-labs-gatewayapi-plugin --serviceaccount=argo-rollouts:argo-rollouts`);
  });

  test('a rejected token (401) is one finding, not one per request', async () => {
    const { findings } = await inspect([], 'expired-token');
    // nothing was looked at: the rejected credentials are the whole story
    expect(ids(findings)).toEqual(['cluster-access-denied']);
    const denied = byId(findings, 'cluster-access-denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]!.title).toMatch(/rejected the credentials \(401 Unauthorized\)/);
  });
});

describe('several installations', () => {
  test('both are reported with how to pick one; the default one is inspected', async () => {
    const { facts, findings } = await inspect(['two-installs.yaml']);
    expect(facts.namespace).toBe('argo-rollouts');
    const [several] = byId(findings, 'several-installations');
    expect(several!.evidence).toEqual([
      'argo-rollouts: Deployment argo-rollouts, 2 pod(s), argo-rollouts-config present',
      'team-b: Deployment argo-rollouts, 1 pod(s), no argo-rollouts-config, --instance-id team-b',
    ]);
    expect(several!.fix).toBe(`kubectl rollouts-plugins doctor -n team-b ${viaKubeconfig()}`);
  });

  test('with -n, the other one: its leader comes from the Lease named after its --instance-id', async () => {
    scenario = await startScenario(['two-installs.yaml']);
    client = await connectCluster({ kubeconfig: scenario.kubeconfig(), namespace: 'team-b' });
    const facts = await inspectCluster(client, { subject: pluginsOf });
    expect(facts.namespaceFrom).toBe('flag');
    expect(facts.deployment).toMatchObject({ name: 'argo-rollouts', replicas: 1, instanceId: 'team-b' });
    expect(facts.pods.map((p) => [p.name, p.leader])).toEqual([['argo-rollouts-5c7d8f9b6-q4r8s', true]]);
    expect(facts.configMap.exists).toBe(false);
    expect(facts.controller.version).toBe('v1.7.2');
    expect(runChecks(checks, facts)).toEqual([]);
  });
});

describe('headersFrom Secrets', () => {
  /** The healthy scenario, with the metric plugin's headersFrom naming `secretName`. */
  async function withHeadersFrom(secretName: string): Promise<ScenarioHandle> {
    const base = loadScenarioFiles(BASE);
    const configMap = base.objects.find((o) => (o as { kind?: string; metadata?: { name?: string } }).kind === 'ConfigMap' && (o as { metadata: { name: string } }).metadata.name === 'argo-rollouts-config') as {
      data: Record<string, string>;
    };
    configMap.data.metricProviderPlugins = configMap.data.metricProviderPlugins!.replace('name: plugin-download-auth', `name: ${JSON.stringify(secretName)}`);
    return startScenario([], { objects: base.objects });
  }

  test('a Secret name is URL-encoded: "plugin-download-auth?x=1" is not the Secret plugin-download-auth', async () => {
    scenario = await withHeadersFrom('plugin-download-auth?x=1');
    client = await connectCluster({ kubeconfig: scenario.kubeconfig() }, { backoffMs: 10 });
    const facts = await inspectCluster(client, { subject: pluginsOf });
    expect(facts.headerSecrets).toEqual([{ name: 'plugin-download-auth?x=1', exists: false, headerNames: [], plugins: ['argoproj-labs/sample-prometheus'] }]);
    expect(scenario.server.requests.filter((r) => r.path.includes('/secrets/')).map((r) => `${r.path}${r.query ? `?${r.query}` : ''} ${r.status}`)).toEqual([
      '/api/v1/namespaces/argo-rollouts/secrets/plugin-download-auth%3Fx%3D1 404',
    ]);
    expect(ids(runChecks(checks, facts))).toContain('headers-secret-missing');
  });

  test('each headersFrom Secret is read once: the facts keep its key names, its header values go only to the callback; a failure names only the Secret', async () => {
    const base = loadScenarioFiles(BASE);
    const configMap = base.objects.find((o) => o.kind === 'ConfigMap' && (o.metadata as { name: string }).name === 'argo-rollouts-config')!;
    (configMap.data as Record<string, string>).trafficRouterPlugins = `- name: acme/router\n  location: https://example.com/router\n  headersFrom:\n    - secretRef:\n        name: gone?x\n`;
    scenario = await startScenario([], { objects: base.objects });
    client = await connectCluster({ kubeconfig: scenario.kubeconfig() }, { backoffMs: 10 });
    const values: HeaderSecretValues[] = [];
    const facts = await inspectCluster(client, { subject: pluginsOf, headerSecretValues: (secret) => values.push(secret) });
    // The two reads are made at once: their order is the server's.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(values.sort(byName)).toEqual([
      { name: 'gone?x', error: 'cannot read Secret argo-rollouts/gone?x: not-found (HTTP 404)', unread: 'missing' },
      { name: 'plugin-download-auth', headers: { Authorization: 'Bearer s3cr3t-token', 'X-Download-Client': 'argo-rollouts' } },
    ]);
    expect(scenario.server.requests.filter((r) => r.path.includes('/secrets/')).map((r) => r.path).sort()).toEqual([
      '/api/v1/namespaces/argo-rollouts/secrets/gone%3Fx',
      '/api/v1/namespaces/argo-rollouts/secrets/plugin-download-auth',
    ]);
    expect([...facts.headerSecrets].sort(byName).map((s) => [s.name, s.exists, s.headerNames])).toEqual([
      ['gone?x', false, []],
      ['plugin-download-auth', true, ['Authorization', 'X-Download-Client']],
    ]);
    expect(JSON.stringify(facts)).not.toContain('s3cr3t');
  });
});

describe("the run's deadline", () => {
  test('reads it stopped before they were sent are not sent, and are said to be not attempted, not failed', async () => {
    scenario = await startScenario();
    client = await connectCluster({ kubeconfig: scenario.kubeconfig() }, { backoffMs: 10 });
    const sent = scenario.server.requests.length;
    const signal = AbortSignal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const facts = await inspectCluster(client, { subject: pluginsOf, signal });
    expect(scenario.server.requests.length).toBe(sent);
    expect(facts.apiProblems.length).toBeGreaterThan(0);
    expect(facts.apiProblems.every((p) => p.attempts === 0 && p.kind === 'cancelled' && p.cancelledBy === '--timeout')).toBe(true);
    const [controller, firstRead] = clusterGaps(facts);
    expect(controller).toEqual({ what: 'the Argo Rollouts controller', why: "not found, nor known to be absent: the search for its namespace did not finish (the run's --timeout ran out)", blinds: ['now', 'onRestart'], failed: true });
    expect(firstRead!.why).toMatch(/^not attempted \(the run's --timeout ran out\): /);
    expect(byId(runChecks(checks, facts), 'api-unavailable')[0]!.title).toMatch(/^\d+ API requests not attempted: skipped /);
  });
});
