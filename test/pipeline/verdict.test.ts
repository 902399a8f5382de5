import { describe, expect, it } from 'vitest';
import { lintConfigMapData } from '../../src/config/lint.js';
import type { DownloadOutcome, ProbeFacts } from '../../src/probe/types.js';
import { computeVerdict } from '../../src/pipeline/verdict.js';

const HTTP_PLUGIN = `- name: acme/router
  location: https://plugins.example.com/router-linux-amd64
`;
const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { namespace: 'shop', name: 'checkout' },
  spec: { strategy: { canary: { trafficRouting: { plugins: { 'acme/router': {} } } } } },
};

function lint(data: Record<string, string>) {
  return lintConfigMapData(data, [rollout]);
}

function probeOf(outcome: DownloadOutcome, extra: Partial<ProbeFacts> = {}): ProbeFacts {
  const entry = lint({ trafficRouterPlugins: HTTP_PLUGIN }).config.entries[0]!;
  return {
    entry,
    kind: 'http',
    download: { url: entry.location, outcome, hops: [], finalUrl: entry.location, decompressed: false, bytes: 0, totalMs: 5, ...(outcome === 'http-status' ? { status: 404 } : {}) },
    sha256: { state: 'unpinned' },
    ...extra,
  };
}

function verdictWith(probes: ProbeFacts[] | undefined, data = { trafficRouterPlugins: HTTP_PLUGIN }) {
  const result = lint(data);
  return computeVerdict({ config: result.config, ...(probes ? { probes } : {}), findings: result.findings, references: result.references });
}

describe('restart verdict', () => {
  it('is "no" with the controller’s own fatal line when the configuration is rejected', () => {
    const verdict = verdictWith(undefined, { trafficRouterPlugins: '- name: no-namespace\n  location: https://x.example/p\n' });
    expect(verdict.restartSafe).toBe('no');
    expect(verdict.summary).toContain('must be in the format of <namespace>/<name>');
  });

  it('is "no" when the download answers an HTTP error, and names the plugin', () => {
    const verdict = verdictWith([probeOf('http-status')]);
    expect(verdict.restartSafe).toBe('no');
    expect(verdict.summary).toBe('A restart now would fail: the controller would exit at start-up because acme/router: its download fails (HTTP 404).');
  });

  it('is "no" on a sha256 mismatch', () => {
    expect(verdictWith([probeOf('ok', { sha256: { state: 'mismatch', expected: 'a'.repeat(64), actual: 'b'.repeat(64) } })]).restartSafe).toBe('no');
  });

  it.each(['dns-failure', 'timeout', 'proxy-error', 'too-large'] as const)('is "unknown" when the download fails with %s from here', (outcome) => {
    const verdict = verdictWith([probeOf(outcome)]);
    expect(verdict.restartSafe).toBe('unknown');
    expect(verdict.summary).toContain(`acme/router (${outcome} from here)`);
  });

  it.each([401, 403, 404])('is "unknown", not "no", for HTTP %i when the headersFrom headers were not sent', (status) => {
    const probe = probeOf('http-status', { headersNotSent: ['plugin-token'] });
    probe.download!.status = status;
    const verdict = verdictWith([probe]);
    expect(verdict.restartSafe).toBe('unknown');
    expect(verdict.summary).toBe(
      `The controller accepts this configuration; these could not be checked: acme/router (HTTP ${status} without headers: headersFrom Secret plugin-token not read).`,
    );
  });

  it('is still "no" for HTTP 500 without the headers: credentials do not explain a server error', () => {
    const probe = probeOf('http-status', { headersNotSent: ['plugin-token'] });
    probe.download!.status = 500;
    expect(verdictWith([probe]).restartSafe).toBe('no');
  });

  const saved = { content: { sha256: 'b'.repeat(64), size: 9 } };
  it('does not block on a 3xx without Location: the controller saves its body, so the sha256 decides', () => {
    expect(verdictWith([probeOf('redirect-without-location', saved)]).restartSafe).toBe('yes');
    const pinned = probeOf('redirect-without-location', { ...saved, sha256: { state: 'mismatch', expected: 'a'.repeat(64), actual: 'b'.repeat(64) } });
    expect(verdictWith([pinned]).summary).toBe('A restart now would fail: the controller would exit at start-up because acme/router: its sha256 does not match the download.');
  });

  it('does not block on an error page a controller before v1.8 saves, unless a pinned sha256 rejects it', () => {
    expect(verdictWith([probeOf('http-status', saved)]).restartSafe).toBe('yes');
    expect(verdictWith([probeOf('http-status', { ...saved, sha256: { state: 'mismatch', expected: 'a'.repeat(64), actual: 'b'.repeat(64) } })]).restartSafe).toBe('no');
  });

  it('is "no" when Go rejects a headersFrom header value', () => {
    const verdict = verdictWith([probeOf('invalid-header')]);
    expect(verdict.restartSafe).toBe('no');
    expect(verdict.summary).toContain('acme/router: its download fails (invalid-header)');
  });

  it('is "unknown" when downloads were not probed at all', () => {
    expect(verdictWith(undefined).summary).toContain('downloads were not checked');
  });

  it('is "yes" when every download works', () => {
    expect(verdictWith([probeOf('ok')])).toEqual({ restartSafe: 'yes', summary: 'The controller would start: every plugin downloads.', affectedResources: [] });
  });

  it('lists the resources that use a plugin with an error, configured or not', () => {
    const result = lint({ metricProviderPlugins: HTTP_PLUGIN.replace('acme/router', 'acme/metrics') });
    const verdict = computeVerdict({ config: result.config, findings: result.findings, references: result.references });
    expect(verdict.affectedResources).toEqual(['Rollout shop/checkout']);
  });
});
