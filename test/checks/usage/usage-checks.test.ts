/** Every usage check, ESLint style, through lintConfigMapData with plain parsed k8s objects. */
import { describe, expect, it } from 'vitest';
import { testChecks } from '../../support/check-tester.js';
import { checks } from '../../../src/checks/usage/index.js';
import { declarationOf } from '../../../src/checks/registry.js';
import { lintConfigMapData } from '../../../src/config/lint.js';
import { extractPluginReferences } from '../../../src/config/usage.js';
import type { Finding } from '../../../src/core/finding.js';

const GW = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64';

const CONSUL = 'file:///plugin-bin/hashicorp/rollouts-plugin-trafficrouter-consul';
const PROM_003 = 'https://github.com/argoproj-labs/sample-rollouts-metric-plugin/releases/download/v0.0.3/metric-plugin-linux-amd64';

const rollout = (name: string, opts: { router?: string; step?: string }) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name, namespace: 'shop' },
  spec: {
    strategy: {
      canary: {
        ...(opts.router && { trafficRouting: { plugins: { [opts.router]: { httpRoute: 'web' } } } }),
        steps: [{ setWeight: 10 }, ...(opts.step ? [{ plugin: { name: opts.step, config: { cmd: 'true' } } }] : [])],
      },
    },
  },
});
const template = (kind: string, plugin: string) => ({
  kind,
  metadata: { name: 'success-rate', namespace: 'shop' },
  spec: { metrics: [{ name: 'm', provider: { plugin: { [plugin]: { query: 'up' } } } }] },
});
const list = (key: string, ...entries: string[]) => ({ [key]: entries.join('') });
const entry = (name: string, location = 'file:///plugins/p', extra = '') => `- name: ${name}\n  location: ${location}\n${extra ? `  ${extra}\n` : ''}`;

interface Case {
  name: string;
  data?: Record<string, string> | null;
  objects: unknown[];
  version?: string;
}
interface Invalid extends Case {
  says: string;
  /** The declared variant it reports (default: the check's own). */
  variant?: string;
}

const TABLE: Record<string, { valid: Case[]; invalid: Invalid[] }> = {
  'plugin-not-configured': {
    valid: [
      { name: 'configured', data: list('trafficRouterPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })] },
      { name: 'nothing referenced, no ConfigMap', data: null, objects: [rollout('web', {})] },
    ],
    invalid: [
      { name: 'no ConfigMap', data: null, objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })], says: 'there is no argo-rollouts-config ConfigMap' },
      { name: 'metric plugin under a misspelt key', data: { metricPlugins: entry('argoproj-labs/prometheus') }, objects: [template('AnalysisTemplate', 'argoproj-labs/prometheus')], says: 'plugin argoproj-labs/prometheus not configured in configmap', variant: 'under-unknown-key' },
      {
        name: 'the pre-release `plugins:` key, as old metric plugin READMEs show it',
        data: { plugins: 'metrics:\n- name: "prometheus"\n  location: "https://example.com/metric-plugin-linux-amd64"\n' },
        objects: [template('AnalysisTemplate', 'argoproj-labs/sample-prometheus')],
        says: 'metricProviderPlugins has no entries',
        variant: 'under-unknown-key',
      },
      // A misspelt traffic router key does not explain a missing metric plugin: two causes, two findings.
      { name: 'metric plugin missing beside a misspelt router key', data: { trafficRouterPlugin: entry('a/router') }, objects: [template('AnalysisTemplate', 'a/prom')], says: 'metricProviderPlugins has no entries' },
      { name: 'step plugins on a v1.7 controller', data: list('stepPlugins', entry('org/exec')), objects: [rollout('web', { step: 'org/exec' })], version: 'v1.7.2', says: 'data.stepPlugins is not read by controller v1.7.2' },
      { name: 'ClusterAnalysisTemplate', data: {}, objects: [template('ClusterAnalysisTemplate', 'a/b')], says: 'ClusterAnalysisTemplate success-rate' },
    ],
  },
  'plugin-name-mismatch': {
    valid: [
      { name: 'exact', data: list('metricProviderPlugins', entry('a/prom')), objects: [template('AnalysisTemplate', 'a/prom')] },
      // Before v1.8.0 the controller looks plugins up by name only, across all keys.
      { name: 'wrong type key on v1.7.2', data: list('metricProviderPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })], version: 'v1.7.2' },
    ],
    invalid: [
      { name: 'case differs', data: list('trafficRouterPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/GatewayAPI' })], says: 'same name in another case' },
      { name: 'wrong type key', data: list('metricProviderPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })], says: 'configured under metricProviderPlugins, not trafficRouterPlugins' },
      { name: 'wrong type key on v1.8.0 (lookup by name and type)', data: list('metricProviderPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })], version: 'v1.8.0', says: 'configured under metricProviderPlugins' },
    ],
  },
  'plugin-registered-name-mismatch': {
    valid: [
      { name: 'expected name', data: list('trafficRouterPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })] },
      { name: 'consul as hashicorp/consul', data: list('trafficRouterPlugins', entry('hashicorp/consul', CONSUL)), objects: [rollout('web', { router: 'hashicorp/consul' })] },
      { name: 'sample Prometheus v0.0.4', data: list('metricProviderPlugins', entry('argoproj-labs/sample-prometheus', PROM_003.replace('v0.0.3', 'v0.0.4'))), objects: [] },
    ],
    invalid: [
      { name: 'gateway plugin as another name, used', data: list('trafficRouterPlugins', entry('acme/gateway', GW)), objects: [rollout('web', { router: 'acme/gateway' })], says: 'used by Rollout shop/web' },
      { name: 'openshift plugin, unused', data: list('trafficRouterPlugins', entry('org/routes', 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-openshift/releases/download/v0.1.0/plugin')), objects: [], says: 'argoproj-labs/openshift', variant: 'unused' },
      { name: 'consul as its README registers it, the Rollout using the name the plugin reads', data: list('trafficRouterPlugins', entry('argoproj-labs/consul', CONSUL)), objects: [rollout('web', { router: 'hashicorp/consul' })], says: 'Rollout shop/web (as hashicorp/consul)' },
      { name: 'Red Hat image path of the OpenShift plugin', data: list('trafficRouterPlugins', entry('argoproj-labs/openshift-route-plugin', 'file:/plugins/rollouts-trafficrouter-openshift/openshift-route-plugin')), objects: [rollout('web', { router: 'argoproj-labs/openshift-route-plugin' })], says: 'looks itself up as argoproj-labs/openshift' },
      { name: 'sample Prometheus v0.0.3 looks itself up as "prometheus"', data: list('metricProviderPlugins', entry('argoproj-labs/sample-prometheus', PROM_003)), objects: [template('AnalysisTemplate', 'argoproj-labs/sample-prometheus')], says: 'which the controller rejects as a plugin name', variant: 'no-name-works' },
    ],
  },
  'step-plugin-disabled-in-use': {
    valid: [{ name: 'enabled', data: list('stepPlugins', entry('org/exec')), objects: [rollout('web', { step: 'org/exec' })] }],
    invalid: [{ name: 'disabled', data: list('stepPlugins', entry('org/exec', 'file:///p', 'disabled: true')), objects: [rollout('web', { step: 'org/exec' })], says: 'spec.strategy.canary.steps[1].plugin' }],
  },
  'plugin-unused': {
    valid: [{ name: 'used', data: list('metricProviderPlugins', entry('a/prom')), objects: [template('AnalysisRun', 'a/prom')] }],
    invalid: [{ name: 'unused', data: list('metricProviderPlugins', entry('a/prom'), entry('a/other')), objects: [template('AnalysisTemplate', 'a/prom')], says: '"a/other"' }],
  },
};

function findings(c: Case): Finding[] {
  return lintConfigMapData(c.data === null ? undefined : c.data, c.objects, c.version ? { controllerVersion: c.version } : {}).findings;
}

testChecks('usage', checks, TABLE, findings, (c) => [{ says: c.says, ...(c.variant && { variant: c.variant }) }]);

describe('usage checks', () => {
  it('an unused step plugin at v1.7.2, which does not read stepPlugins: the fix names no download that release never makes', () => {
    const data = list('stepPlugins', entry('org/exec'));
    const unused = (controllerVersion: string) => lintConfigMapData(data, [], { controllerVersion }).findings.find((f) => f.id === 'plugin-unused')?.fix;
    expect(unused('v1.7.2')).toBe('Remove it from stepPlugins if nothing will use it; controller v1.7.2 does not read data.stepPlugins (v1.8.0 and later), so it is not downloaded now, but would be at every start once it is read.');
    expect(unused('v1.8.3')).toBe('Remove it from stepPlugins if nothing will use it; it is still downloaded at every start.');
  });

  it('a well-known plugin under the wrong name gives one finding, not "not configured" and "unused" too', () => {
    const r = lintConfigMapData(list('trafficRouterPlugins', entry('argoproj-labs/consul', CONSUL)), [rollout('web', { router: 'hashicorp/consul' })]);
    expect(r.findings.map((f) => f.id)).toEqual(['plugin-registered-name-mismatch']);
  });

  it('an old sample Prometheus: the fix is the newer release\'s entry, its location and no sha256 pinned for the old one, so pasted it starts', () => {
    const pinned = lintConfigMapData(list('metricProviderPlugins', entry('argoproj-labs/prometheus', PROM_003, `sha256: ${'4a'.repeat(32)}`)), []);
    const fix = pinned.findings.find((f) => f.variant === 'no-name-works')?.fix;
    const v004 = PROM_003.replace('/v0.0.3/', '/v0.0.4/');
    expect(fix).toBe(
      `Replace the entry with release v0.0.4 of argoproj-labs/rollouts-plugin-metric-sample-prometheus, which looks itself up as argoproj-labs/sample-prometheus (the sha256 pinned for v0.0.3 would not match it), and use that name in the Rollouts and AnalysisTemplates; then pin its sha256: kubectl rollouts-plugins checksum "${v004}"\nmetricProviderPlugins: |-\n  - name: argoproj-labs/sample-prometheus\n    location: ${v004}`,
    );
    // Pasted, the entry is the v0.0.4 release under its name: no finding of this check.
    const pasted = lintConfigMapData(list('metricProviderPlugins', entry('argoproj-labs/sample-prometheus', v004)), []);
    expect(pasted.findings.map((f) => f.id)).not.toContain('plugin-registered-name-mismatch');
  });

  it('an old sample Prometheus downloaded with headersFrom: the newer release\'s pin comes from doctor\'s download, which sends the headers (checksum sends none)', () => {
    const withHeaders = lintConfigMapData(list('metricProviderPlugins', entry('argoproj-labs/prometheus', PROM_003, 'headersFrom:\n  - secretRef:\n      name: github-token')), [], { controllerVersion: 'v1.8.3' });
    const fix = withHeaders.findings.find((f) => f.variant === 'no-name-works')?.fix;
    expect(fix).toContain('then pin its sha256: take the sha256 to pin from a download made with the headersFrom headers the controller sends (Secret github-token)');
    expect(fix).not.toContain('rollouts-plugins checksum');
  });

  it('a misspelt key beside the key it stands for: the fix moves its entries, never a rename that would set that key twice', () => {
    const both = lintConfigMapData({ metricPlugins: entry('a/c'), metricProviderPlugins: entry('a/b') }, [], { resourcesScanned: false });
    expect(both.findings.map((f) => f.id)).toEqual(['key-unknown']);
    expect(both.findings[0]!.fix).toBe('Move its entries to the end of the list under data.metricProviderPlugins, which is set too, and remove data.metricPlugins: renamed, the ConfigMap would hold metricProviderPlugins twice.');
    expect(lintConfigMapData({ metricPlugins: entry('a/c') }, [], { resourcesScanned: false }).findings[0]!.fix).toBe('Rename data.metricPlugins to data.metricProviderPlugins.');
  });

  it('entries under a misspelt key are judged as the controller meets them once renamed: an old sample Prometheus could never work', () => {
    const r = lintConfigMapData({ metricPlugins: entry('argoproj-labs/prometheus', PROM_003) }, []);
    expect(r.findings.map((f) => (f.variant ? `${f.id}/${f.variant}` : f.id))).toEqual(['key-unknown', 'sha256-missing', 'plugin-registered-name-mismatch/no-name-works']);
    for (const f of r.findings.slice(1)) expect(f.evidence.at(-1)).toBe('under data.metricPlugins, which the controller does not read: what it meets once that key is renamed to metricProviderPlugins');
    // Nothing more when the key it would be renamed to is already there, or the entries are fine.
    expect(lintConfigMapData({ metricPlugins: entry('argoproj-labs/prometheus', PROM_003), metricProviderPlugins: entry('a/b') }, [], { resourcesScanned: false }).findings.map((f) => f.id)).toEqual(['key-unknown']);
    expect(lintConfigMapData({ metricPlugins: entry('a/b') }, []).findings.map((f) => f.id)).toEqual(['key-unknown']);
    // The controller ignores the key and starts: a sha256 there that could never match is not a restart failure now,
    // but it would be once renamed: a cause of its own, with no effect on the verdict (key-unknown/fails-after-rename declares none).
    const sha = lintConfigMapData({ metricPlugins: entry('a/b', 'https://example.com/p', 'sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c') }, []);
    expect(sha.findings.map((f) => (f.variant ? `${f.id}/${f.variant}` : f.id))).toEqual(['key-unknown', 'key-unknown/fails-after-rename']);
    expect(sha.findings[1]!.plugin).toEqual({ name: 'a/b', type: 'metricprovider' });
    expect(declarationOf(sha.findings[1]!)?.effect).toBeUndefined();
  });

  it('does not report unused plugins when resources were not listed', () => {
    const r = lintConfigMapData(list('metricProviderPlugins', entry('a/prom')), [], { resourcesScanned: false });
    expect(r.findings.filter((f) => f.id === 'plugin-unused')).toEqual([]);
  });
});

describe('extractPluginReferences', () => {
  it('finds every reference with its resource and path, skipping odd shapes', () => {
    const refs = extractPluginReferences([
      rollout('web', { router: 'argoproj-labs/gatewayAPI', step: 'org/exec' }),
      template('ClusterAnalysisTemplate', 'a/prom'),
      { kind: 'Rollout', metadata: { name: 'odd' }, spec: { strategy: { canary: { steps: [null, { plugin: { name: 7 } }] } } } },
      { kind: 'Deployment', spec: {} },
      'not an object',
      null,
    ]);
    expect(refs.map((r) => [r.type, r.name, r.resource, r.path])).toEqual([
      ['trafficrouter', 'argoproj-labs/gatewayAPI', 'Rollout shop/web', 'spec.strategy.canary.trafficRouting.plugins'],
      ['step', 'org/exec', 'Rollout shop/web', 'spec.strategy.canary.steps[1].plugin'],
      ['metricprovider', 'a/prom', 'ClusterAnalysisTemplate success-rate', 'spec.metrics[0].provider.plugin'],
    ]);
  });
});
