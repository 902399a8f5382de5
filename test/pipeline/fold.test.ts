/**
 * One cause, one finding, under the right cause: a crash loop is folded into the finding of the
 * plugin its fatal log line names; with no such line, into the cause the controller reaches first in
 * its own download order (traffic routers, metric providers, step plugins, each in list order), not
 * the first one the report happens to list.
 */
import { describe, expect, it } from 'vitest';
import { checks as clusterChecks } from '../../src/checks/cluster/index.js';
import type { ClusterFacts } from '../../src/cluster/facts.js';
import { scanLog } from '../../src/cluster/logs.js';
import { lintConfigMapData } from '../../src/config/lint.js';
import { runChecks, variantKey } from '../../src/core/check.js';
import type { Report } from '../../src/core/report.js';
import { buildReport } from '../../src/pipeline/report.js';
import { NO_SELECTION } from '../../src/pipeline/selection.js';
import { healthyFacts, pod } from '../checks/cluster/facts-builder.js';

const METRIC = 'https://plugins.example.com/metric-plugin-linux-amd64';
// sample-prometheus first, with a 40-character sha256; other after it, with a headersFrom Secret that does not exist.
const DATA = {
  metricProviderPlugins: `- name: argoproj-labs/sample-prometheus\n  location: ${METRIC}\n  sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c\n- name: argoproj-labs/other\n  location: https://plugins.example.com/other\n  headersFrom:\n    - secretRef:\n        name: missing-secret\n`,
};
const PREVIOUS_LOG = [
  'time="2026-11-26T08:31:04Z" level=info msg="Argo Rollouts starting" version=v1.8.3',
  `time="2026-11-26T08:31:04Z" level=info msg="Downloading plugin argoproj-labs/sample-prometheus from: ${METRIC}"`,
  'time="2026-11-26T08:31:05Z" level=info msg="Download complete, it took 388ms"',
  `time="2026-11-26T08:31:05Z" level=fatal msg="Failed to download plugins: sha256 hash of downloaded plugin (${METRIC}) does not match expected hash"`,
].join('\n');

/** doctor's report: the cluster's findings first, then the configuration's, as doctor lists them. */
function doctorReport(log: string | undefined, { data = DATA, lastChanged = '2026-11-26T07:55:00Z' }: { data?: Record<string, string>; lastChanged?: string } = {}): Report {
  const lint = lintConfigMapData(data, []);
  const crashing = pod('argo-rollouts-b', { ready: false, controller: { name: 'argo-rollouts', ready: false, restarts: 7, state: 'waiting', reason: 'CrashLoopBackOff', lastTerminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-26T08:31:05Z' } } });
  const scan = log === undefined ? undefined : scanLog(log, 'argo-rollouts-b', true);
  const facts: ClusterFacts = healthyFacts({
    pods: [pod('argo-rollouts-a', { leader: true }), crashing],
    configMap: { source: 'argo-rollouts/argo-rollouts-config', exists: true, data, lastChanged, lastChangedFrom: 'managedFields' },
    plugins: lint.config.entries,
    headerSecrets: data === DATA ? [{ name: 'missing-secret', exists: false, headerNames: [], plugins: ['argoproj-labs/other'] }] : [],
    ...(scan && { logMatches: scan.matches }),
  });
  const findings = [...runChecks(clusterChecks, facts), ...lint.findings];
  // doctor's rule: the fatal lines describe the configuration while it is unchanged since the pods started.
  const logsCurrent = Date.parse(lastChanged) < Date.parse('2026-11-20T08:00:00Z');
  return buildReport({ command: 'doctor', source: lint.source, plugins: lint.plugins, findings, selection: NO_SELECTION, notChecked: [], references: [], judgesNow: true, logsCurrent });
}

const causes = (report: Report) => report.findings.filter((f) => f.severity === 'error').map((f) => `${f.id}@${f.plugin?.name} [${(f.symptoms ?? []).map((s) => s.id).join(',')}]`);

describe('a crash loop with two broken entries', () => {
  it('its fatal line names sample-prometheus: the crash loop and the line are folded into that sha256 finding, not the missing Secret of the entry after it', () => {
    const report = doctorReport(PREVIOUS_LOG);
    // On restart leads with what stops the controller first.
    expect(report.verdict.onRestart.summary).toMatch(/^A restart now would fail: argoproj-labs\/sample-prometheus: sha256 is not 64 characters.* \(and 1 more\)\.$/);
    expect(causes(report)).toEqual([
      'headers-secret-missing@argoproj-labs/other []',
      'sha256-wrong-length@argoproj-labs/sample-prometheus [controller-crashloop,controller-fatal-download]',
    ]);
  });

  it('no fatal line read: into the entry the controller downloads first (sample-prometheus), although the report lists the Secret first', () => {
    expect(causes(doctorReport(undefined))).toEqual([
      'headers-secret-missing@argoproj-labs/other []',
      'sha256-wrong-length@argoproj-labs/sample-prometheus [controller-crashloop]',
    ]);
  });
});

describe('a crash log older than the configuration', () => {
  // Edited at 08:40, after the crash at 08:31: sample-prometheus now has another location, with its right sha256.
  const edited = { metricProviderPlugins: `- name: argoproj-labs/sample-prometheus\n  location: https://plugins.example.com/bin/metricprovider-ok\n  sha256: ${'a'.repeat(64)}\n` };

  it('the crash loop is the finding, its line about the earlier configuration folded in: no ERROR with a fix to set the sha256 the entry has already', () => {
    const report = doctorReport(PREVIOUS_LOG, { data: edited, lastChanged: '2026-11-26T08:40:00Z' });
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.id} [${(f.symptoms ?? []).map((s) => variantKey(s.id, s.variant)).join(',')}]`)).toEqual([
      'error controller-crashloop [controller-fatal-download/earlier-config]',
      'warning config-drift-restart-pending []',
    ]);
    const crashloop = report.findings[0]!;
    expect(crashloop.fix).toContain('It exited on a configuration that has changed since');
    expect(report.findings.map((f) => f.fix).join('\n')).not.toContain('64-character');
    expect(report.verdict.now.state).toBe('broken');
    expect(report.verdict.onRestart.state).toBe('ok');
  });
});
