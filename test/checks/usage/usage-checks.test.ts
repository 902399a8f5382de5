/** Every usage check, ESLint style, through lintConfigMapData with plain parsed k8s objects. */
import { describe, expect, it } from 'vitest';
import { testChecks } from '../../support/check-tester.js';
import { checks } from '../../../src/checks/usage/index.js';
import { lintConfigMapData } from '../../../src/config/lint.js';
import { extractPluginReferences } from '../../../src/config/usage.js';
import type { Finding } from '../../../src/core/finding.js';

const GW = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64';

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
      { name: 'metric plugin under a wrong key', data: { metricPlugins: entry('argoproj-labs/prometheus') }, objects: [template('AnalysisTemplate', 'argoproj-labs/prometheus')], says: 'plugin argoproj-labs/prometheus not configured in configmap' },
      { name: 'step plugins on a v1.7 controller', data: list('stepPlugins', entry('org/exec')), objects: [rollout('web', { step: 'org/exec' })], version: 'v1.7.2', says: 'data.stepPlugins is not read by controller v1.7.2' },
      { name: 'ClusterAnalysisTemplate', data: {}, objects: [template('ClusterAnalysisTemplate', 'a/b')], says: 'ClusterAnalysisTemplate success-rate' },
    ],
  },
  'plugin-name-mismatch': {
    valid: [{ name: 'exact', data: list('metricProviderPlugins', entry('a/prom')), objects: [template('AnalysisTemplate', 'a/prom')] }],
    invalid: [
      { name: 'case differs', data: list('trafficRouterPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/GatewayAPI' })], says: 'same name in another case' },
      { name: 'wrong type key', data: list('metricProviderPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })], says: 'configured under metricProviderPlugins, not trafficRouterPlugins' },
    ],
  },
  'plugin-registered-name-mismatch': {
    valid: [{ name: 'expected name', data: list('trafficRouterPlugins', entry('argoproj-labs/gatewayAPI', GW)), objects: [rollout('web', { router: 'argoproj-labs/gatewayAPI' })] }],
    invalid: [
      { name: 'gateway plugin as another name, used', data: list('trafficRouterPlugins', entry('acme/gateway', GW)), objects: [rollout('web', { router: 'acme/gateway' })], says: 'used by Rollout shop/web' },
      { name: 'openshift plugin, unused', data: list('trafficRouterPlugins', entry('org/routes', 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-openshift/releases/download/v0.1.0/plugin')), objects: [], says: 'argoproj-labs/openshift', variant: 'unused' },
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
