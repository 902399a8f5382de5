import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_PLUGINS, assetNamingAt, expectedNameAt, knownPluginFor } from '../../src/config/known-plugins.js';
import { PLUGIN_NAME_PATTERN } from '../../src/config/types.js';
import { renderKnownPluginsMarkdown } from '../../src/render/known-plugins-doc.js';
import { REPO_ROOT } from '../support/go-build.js';

describe('known plugins', () => {
  it('docs/known-plugins.md is what the catalogue generates (run `npm run docs` after changing it)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/known-plugins.md'), 'utf8')).toBe(renderKnownPluginsMarkdown(KNOWN_PLUGINS));
  });

  it('each plugin is recognised by its release URL or image path, and only one plugin matches it', () => {
    const locations: [string, string][] = [
      ['https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64', 'argoproj-labs/gatewayAPI'],
      ['file:/plugins/rollouts-trafficrouter-openshift/openshift-route-plugin', 'argoproj-labs/openshift'],
      ['file:///plugin-bin/hashicorp/rollouts-plugin-trafficrouter-consul', 'hashicorp/consul'],
      ['https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-glooedge/releases/download/v0.1.0-beta1/glooedge-plugin-linux-amd64', 'solo-io/glooedge'],
      ['https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-glooplatform/releases/download/v0.0.0-beta3/glooplatform-api-plugin-linux-amd64', 'solo-io/glooplatform'],
      ['https://github.com/kedify/argo-rollouts-plugin/releases/download/v0.1.0/rollouts-plugin-kedify-linux-amd64', 'kedify/http'],
      ['file:///plugins/rollouts-plugin-trafficrouter-gcloud', 'sentry-io/gcloud'],
      ['file:///plugins/rollouts-plugin-trafficrouter-contour', 'argoproj-labs/contour'],
    ];
    for (const [location, name] of locations) {
      const matches = KNOWN_PLUGINS.filter((p) => p.locationPattern.test(location));
      expect(matches.map((p) => expectedNameAt(p, location)), location).toEqual([name]);
    }
    expect(knownPluginFor('file:///plugins/rollouts-plugin-trafficrouter-consul', 'metricprovider')).toBeUndefined();
  });

  it('the sample Prometheus plugin expects "prometheus" up to v0.0.3 and argoproj-labs/sample-prometheus after', () => {
    const prom = knownPluginFor('https://github.com/argoproj-labs/sample-rollouts-metric-plugin/releases/download/v0.0.3/metric-plugin-linux-amd64', 'metricprovider')!;
    expect(expectedNameAt(prom, 'https://github.com/argoproj-labs/sample-rollouts-metric-plugin/releases/download/v0.0.3/metric-plugin-linux-amd64')).toBe('prometheus');
    expect(expectedNameAt(prom, 'https://github.com/argoproj-labs/rollouts-plugin-metric-sample-prometheus/releases/download/v0.0.4/metric-plugin-linux-amd64')).toBe('argoproj-labs/sample-prometheus');
    expect(expectedNameAt(prom, 'file:///plugins/sample-rollouts-metric-plugin')).toBe('argoproj-labs/sample-prometheus');
  });

  it('the gateway API plugin renamed its assets at v0.4.0', () => {
    const gw = KNOWN_PLUGINS[0]!;
    const at = (tag: string) => assetNamingAt(gw, `https://github.com/${gw.repository}/releases/download/${tag}/x`)?.pattern;
    expect([at('v0.2.0'), at('v0.3.0'), at('v0.4.0'), at('v0.15.0')]).toEqual([
      'gateway-api-plugin-<os>-<arch>', 'gateway-api-plugin-<os>-<arch>', 'gatewayapi-plugin-<os>-<arch>', 'gatewayapi-plugin-<os>-<arch>',
    ]);
    expect(at('v0.4.0-rc1')).toBe('gatewayapi-plugin-<os>-<arch>');
    expect([at('0.3.0'), at('v0.3'), at('latest')]).toEqual([undefined, undefined, undefined]);
  });

  it('every newest registration name is one the controller accepts', () => {
    for (const p of KNOWN_PLUGINS) expect(p.names[p.names.length - 1]!.name, p.repository).toMatch(PLUGIN_NAME_PATTERN);
  });
});
