import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../../src/core/finding.js';
import { exitCodeFor, finalizeReport, type Report } from '../../src/core/report.js';
import { renderJson } from '../../src/render/json.js';
import { renderTable } from '../../src/render/table.js';
import { renderYaml } from '../../src/render/yaml.js';
import { reportSchemaErrors } from '../support/report-schema.js';

const gateway = { name: 'argoproj-labs/gatewayAPI', type: 'trafficrouter' as const };
const findings: Finding[] = [
  {
    id: 'sha256-unpinned',
    severity: 'warning',
    step: 'probe',
    plugin: { name: 'argoproj-labs/metrics', type: 'metricprovider' },
    title: 'The download is not pinned: anything served at this URL will run',
    evidence: ['sha256 (actual): 0f3c1b2a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8'],
    fix: 'Add sha256: 0f3c1b2a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8 to the entry.',
  },
  {
    id: 'sha256-wrong-length',
    severity: 'error',
    step: 'config',
    plugin: gateway,
    title: 'sha256 has 40 characters; the controller compares 64 and will refuse to start',
    evidence: ['sha256: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" (40 characters)'],
    fix: 'trafficRouterPlugins:\n  - name: argoproj-labs/gatewayAPI\n    location: https://example.com/gatewayapi-plugin-linux-amd64\n    sha256: <64 hex characters, from `kubectl rollouts-plugins checksum URL`>',
  },
];

function sampleReport(): Report {
  return finalizeReport({
    metadata: { command: 'doctor', generatedAt: '2026-11-26T10:00:00.000Z', toolVersion: '0.1.0' },
    source: { kind: 'cluster', description: 'argo-rollouts/argo-rollouts-config', lastChanged: '2026-11-26T09:00:00Z', changedSincePodsStarted: true },
    controller: {
      context: 'prod',
      server: 'https://10.0.0.1:6443',
      namespace: 'argo-rollouts',
      deployment: 'argo-rollouts',
      version: 'v1.8.3',
      pods: [
        { name: 'argo-rollouts-7d9c-abcde', phase: 'Running', ready: true, restarts: 0, state: 'Running', leader: true },
        { name: 'argo-rollouts-7d9c-fghij', phase: 'Running', ready: false, restarts: 7, state: 'CrashLoopBackOff' },
      ],
    },
    verdict: {
      now: { state: 'broken', summary: 'Broken now: Controller pod argo-rollouts-7d9c-fghij is in CrashLoopBackOff.', reasons: [{ finding: 'controller-crashloop', text: 'Controller pod argo-rollouts-7d9c-fghij is in CrashLoopBackOff' }] },
      onRestart: {
        state: 'broken',
        summary: 'A restart now would fail: argoproj-labs/gatewayAPI: sha256 can never match the download.',
        reasons: [{ finding: 'sha256-wrong-length', plugin: 'argoproj-labs/gatewayAPI', text: 'argoproj-labs/gatewayAPI: sha256 can never match the download' }],
      },
      affectedResources: ['Rollout shop/checkout'],
    },
    notChecked: [],
    plugins: [
      { type: 'trafficrouter', name: 'argoproj-labs/gatewayAPI', location: 'https://example.com/gatewayapi-plugin-linux-amd64', sha256: 'cannot-match', usedBy: ['Rollout shop/checkout'] },
      { type: 'metricprovider', name: 'argoproj-labs/metrics', location: 'https://example.com/metric-plugin', sha256: 'unpinned', download: { ok: true, summary: '200 12MiB', status: 200 }, usedBy: [] },
    ],
    findings,
  });
}

describe('report model', () => {
  it('orders findings errors first and counts them', () => {
    const report = sampleReport();
    expect(report.findings.map((f) => f.id)).toEqual(['sha256-wrong-length', 'sha256-unpinned']);
    expect(report.summary).toEqual({ errors: 1, warnings: 1, infos: 0 });
    expect(report.plugins.map((p) => p.type)).toEqual(['metricprovider', 'trafficrouter']);
  });

  it('exit code follows --fail-on, a broken verdict, and nothing read', () => {
    const ok = { state: 'ok' as const, summary: '', reasons: [] };
    const healthy = { now: ok, onRestart: ok, affectedResources: [] };
    const seen = { verdict: healthy, notChecked: [] };
    expect(exitCodeFor({ ...seen, findings }, 'error')).toBe(1);
    expect(exitCodeFor({ ...seen, findings: findings.filter((f) => f.severity !== 'error') }, 'error')).toBe(0);
    expect(exitCodeFor({ ...seen, findings: findings.filter((f) => f.severity !== 'error') }, 'warning')).toBe(1);
    expect(exitCodeFor({ ...seen, findings: [], verdict: { ...healthy, onRestart: { ...ok, state: 'broken' } } }, 'error')).toBe(1);
    expect(exitCodeFor({ ...seen, findings: [], nothingRead: true }, 'error')).toBe(3);
    // a refused read that leaves a verdict open is never green; a step the user skipped is
    const refused = { what: 'get configmaps', why: '403 Forbidden', blinds: ['onRestart' as const], failed: true as const };
    expect(exitCodeFor({ ...seen, findings: [], notChecked: [refused] }, 'error')).toBe(1);
    expect(exitCodeFor({ ...seen, findings: [], notChecked: [{ what: 'downloads', why: 'lint does not download', blinds: ['onRestart'] }] }, 'error')).toBe(0);
  });
});

describe('table renderer', () => {
  const text = renderTable(sampleReport(), { color: false, wide: false, width: 80 });

  it('fits an 80-column terminal and has no colour codes when colour is off', () => {
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('the header says when the configuration was judged at another release than the running controller (--controller-version)', () => {
    expect(text).toContain('Controller: argo-rollouts/argo-rollouts v1.8.3\n');
    const report = sampleReport();
    const judged = renderTable({ ...report, controller: { ...report.controller!, judgedAs: 'v1.7.2' } }, { color: false, wide: false, width: 80 });
    expect(judged).toMatch(/Controller: argo-rollouts\/argo-rollouts v1\.8\.3\s+\(configuration judged at v1\.7\.2\)\n/);
  });

  it('says the verdict first, in words, with what depends on the broken plugin', () => {
    expect(text).toMatch(/Now\s+BROKEN\n\s+Broken now: Controller pod argo-rollouts-7d9c-fghij/);
    expect(text).toMatch(/On restart\s+BROKEN\n\s+A restart now would fail: argoproj-labs\/gatewayAPI/);
    expect(text).toContain('Depend on a broken plugin: Rollout shop/checkout');
    expect(text.indexOf('On restart')).toBeLessThan(text.indexOf('TYPE'));
  });

  it('shows the header, one row per plugin and findings grouped by plugin, errors first', () => {
    expect(text).toContain('Context:    prod (https://10.0.0.1:6443)');
    expect(text).toMatch(/argo-rollouts-7d9c-fghij\s+CrashLoopBackOff\s+restarts 7/);
    expect(text).toMatch(/changed 2026-11-26T09:00:00Z\s+after the pods started/);
    expect(text).toMatch(/^router\s+argoproj-labs\/gatewayAPI\s+-\s+invalid\s+-\s+-\s+1$/m);
    
    expect(text).toContain('Findings: 1 error, 1 warning, 0 info');
    expect(text.indexOf('ERROR sha256-wrong-length')).toBeLessThan(text.indexOf('WARN  sha256-unpinned'));
    expect(text).toContain('argoproj-labs/gatewayAPI (trafficrouter)');
    // A multi-line fix is a code block at column 2: the entry with its sha256 pastes whole.
    expect(text).toContain('      fix:\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI\n');
  });

  it('never splits a command: a line of code runs on as it is, and prose breaks only before the command', () => {
    const command = 'kubectl rollouts-plugins checksum "https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64"';
    const report = sampleReport();
    report.findings[0]!.fix = `Add the digest: ${command}\nsha256: "<that value>"`;
    const lines = renderTable(report, { color: false, wide: false, width: 80 }).split('\n');
    expect(lines).toContain('      fix: Add the digest:');
    expect(lines).toContain(`        ${command}`);
    expect(lines).toContain('  sha256: "<that value>"');
  });

  it('-o wide adds the full location', () => {
    const wide = renderTable(sampleReport(), { color: false, wide: true, width: 200 });
    const row = (t: string) => t.split('\n').find((l) => l.startsWith('router'))!;
    expect(row(wide)).toContain('https://example.com/gatewayapi-plugin-linux-amd64');
    expect(row(text)).not.toContain('https://');
  });

  it('the HANDSHAKE column says how long a handshake took as every other duration is said', () => {
    const report = sampleReport();
    report.plugins.find((p) => p.type === 'trafficrouter')!.handshake = { ok: true, summary: 'ok', ms: 1234 };
    const row = renderTable(report, { color: false, wide: false, width: 200 }).split('\n').find((l) => l.startsWith('router'))!;
    expect(row).toMatch(/ ok 1\.2 s( |$)/); // before: ok 1234ms
  });

  it('colours the verdict when colour is on', () => {
    expect(renderTable(sampleReport(), { color: true, wide: false })).toMatch(/\x1b\[\d+m/);
  });

  it('with colour on, escape sequences in the data are shown escaped while its own colours stay codes', () => {
    const report = sampleReport();
    report.plugins[1]!.download = { ok: true, summary: '200 \x1b]0;pwned\x07', status: 200 };
    report.plugins[1]!.name = 'acme/\x1b[2Jx';
    for (const wide of [false, true]) {
      const out = renderTable(report, { color: true, wide, width: 200 });
      expect(out).toMatch(/\x1b\[3\dm/); // chalk's own colours
      expect(out).not.toContain('\x1b[2J');
      expect(out).not.toContain('\x1b]0;');
      expect(out).toContain(String.raw`acme/\x1b[2Jx`);
    }
  });
});

describe('json and yaml renderers', () => {
  it('JSON is valid against docs/report.schema.json', () => {
    const json = JSON.parse(renderJson(sampleReport()));
    expect(reportSchemaErrors(json)).toEqual([]);
    expect(json.apiVersion).toBe('rollouts-plugins.kubectl.dev/v1alpha2');
    expect(json.kind).toBe('PluginReport');
  });

  it('YAML carries the same document', () => {
    expect(parse(renderYaml(sampleReport()))).toEqual(JSON.parse(renderJson(sampleReport())));
  });

  it('the schema rejects a finding without a fix', () => {
    const json = JSON.parse(renderJson(sampleReport()));
    delete json.findings[0].fix;
    expect(reportSchemaErrors(json).join()).toContain("must have required property 'fix'");
  });
});
