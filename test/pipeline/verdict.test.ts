/**
 * The two verdicts, through the real checks: lint and probe checks produce findings whose declared
 * effects decide the verdicts, folded and selected as a report would be.
 */
import { describe, expect, it } from 'vitest';
import { checks as binaryChecks } from '../../src/checks/binary/index.js';
import { checks as probeChecks } from '../../src/checks/probe/index.js';
import { lintConfigMapData } from '../../src/config/lint.js';
import { entriesReadByController } from '../../src/config/parse.js';
import { runChecks } from '../../src/core/check.js';
import type { Verdict } from '../../src/core/report.js';
import { probeGaps } from '../../src/pipeline/coverage.js';
import { buildReport } from '../../src/pipeline/report.js';
import { NO_SELECTION } from '../../src/pipeline/selection.js';
import type { DownloadOutcome, ProbeFacts } from '../../src/probe/types.js';
import { ROLLOUT_USING_ROUTER, ROUTER } from '../support/used-router.js';

const HTTP_PLUGIN = ROUTER;
const rollout = ROLLOUT_USING_ROUTER;

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

function verdictWith(probes: ProbeFacts[] | undefined, data: Record<string, string> = { trafficRouterPlugins: HTTP_PLUGIN }, judgesNow = false): Verdict {
  const result = lint(data);
  const findings = [...result.findings, ...(probes ?? []).flatMap((p) => [...runChecks(probeChecks, p), ...runChecks(binaryChecks, p)])];
  return buildReport({
    command: 'test',
    source: result.source,
    plugins: result.plugins,
    findings,
    selection: NO_SELECTION,
    notChecked: probeGaps(entriesReadByController(result.config), probes, 'not probed'),
    references: result.references,
    judgesNow,
    logsCurrent: false,
  }).verdict;
}

describe('verdict on restart', () => {
  it('is broken, naming the finding, when the configuration is rejected', () => {
    const { onRestart } = verdictWith(undefined, { trafficRouterPlugins: '- name: no-namespace\n  location: https://x.example/p\n' });
    expect(onRestart.state).toBe('broken');
    expect(onRestart.reasons[0]!.finding).toBe('name-invalid-format');
  });

  it('is broken when the download answers an HTTP error, and names the plugin', () => {
    const { onRestart } = verdictWith([probeOf('http-status')]);
    expect(onRestart.state).toBe('broken');
    expect(onRestart.reasons).toEqual([expect.objectContaining({ finding: 'download-http-status', plugin: 'acme/router' })]);
    expect(onRestart.summary).toMatch(/^A restart now would fail: .*answers 404/);
  });

  it('is broken on a sha256 mismatch', () => {
    expect(verdictWith([probeOf('ok', { sha256: { state: 'mismatch', expected: 'a'.repeat(64), actual: 'b'.repeat(64) } })]).onRestart.state).toBe('broken');
  });

  it.each(['dns-failure', 'timeout', 'proxy-error', 'too-large'] as const)('is unknown when the download fails with %s from here', (outcome) => {
    const { onRestart } = verdictWith([probeOf(outcome)]);
    expect(onRestart.state).toBe('unknown');
    expect(onRestart.reasons[0]!.plugin).toBe('acme/router');
  });

  it.each(['dns-failure', 'proxy-error', 'tls-error', 'timeout'] as const)('is unknown with no finding when %s here meets a controller whose pod downloaded the plugin', (outcome) => {
    const { onRestart } = verdictWith([probeOf(outcome, { controllerDownload: { result: 'loaded', pod: 'argo-rollouts-0' } })]);
    expect(onRestart.state).toBe('unknown');
    expect(onRestart.reasons).toEqual([{ text: expect.stringMatching(/^the download of acme\/router: it failed on this machine's network \(.*\), while controller pod argo-rollouts-0 downloaded it at its start;/) }]);
  });

  it("keeps the finding for a host that does not resolve here when nothing shows the controller's own download, even through its proxy settings", () => {
    const { onRestart } = verdictWith([probeOf('dns-failure', { controllerProxy: true })]);
    expect(onRestart.reasons.map((r) => r.finding)).toEqual(['download-dns-failure']);
  });

  it("is still broken for HTTP 404 when the controller's pod downloaded the plugin: the server's answer is the controller's too", () => {
    expect(verdictWith([probeOf('http-status', { controllerDownload: { result: 'loaded', pod: 'argo-rollouts-0' } })]).onRestart.state).toBe('broken');
  });

  it.each([401, 403, 404])('is unknown, not broken, for HTTP %i when the headersFrom headers were not sent', (status) => {
    const probe = probeOf('http-status', { headersNotSent: ['plugin-token'] });
    probe.download!.status = status;
    const { onRestart } = verdictWith([probe]);
    expect(onRestart.state).toBe('unknown');
    expect(onRestart.reasons[0]!.finding).toBe('download-http-status/without-headers');
  });

  it('is still broken for HTTP 500 without the headers: credentials do not explain a server error', () => {
    const probe = probeOf('http-status', { headersNotSent: ['plugin-token'] });
    probe.download!.status = 500;
    expect(verdictWith([probe]).onRestart.state).toBe('broken');
  });

  const saved = { content: { sha256: 'b'.repeat(64), size: 9 } };
  it('does not block on a 3xx without Location: the controller saves its body, so the sha256 decides', () => {
    expect(verdictWith([probeOf('redirect-without-location', saved)]).onRestart.state).toBe('ok');
    const pinned = probeOf('redirect-without-location', { ...saved, sha256: { state: 'mismatch', expected: 'a'.repeat(64), actual: 'b'.repeat(64) } });
    expect(verdictWith([pinned]).onRestart.reasons.map((r) => r.finding)).toEqual(['sha256-mismatch']);
  });

  it('does not block on an error page a controller before v1.8 saves, unless a pinned sha256 rejects it', () => {
    expect(verdictWith([probeOf('http-status', saved)]).onRestart.state).toBe('ok');
    expect(verdictWith([probeOf('http-status', { ...saved, sha256: { state: 'mismatch', expected: 'a'.repeat(64), actual: 'b'.repeat(64) } })]).onRestart.state).toBe('broken');
  });

  it('is broken when Go rejects a headersFrom header value', () => {
    expect(verdictWith([probeOf('invalid-header')]).onRestart.reasons[0]!.finding).toBe('download-invalid-header');
  });

  it('is unknown, saying why, when downloads were not probed at all', () => {
    const { onRestart } = verdictWith(undefined);
    expect(onRestart.state).toBe('unknown');
    expect(onRestart.summary).toContain('not probed');
  });

  it('is ok when every download works', () => {
    expect(verdictWith([probeOf('ok')]).onRestart).toEqual({ state: 'ok', summary: 'The controller would start: nothing in the 1 configured plugin stops it.', reasons: [] });
  });
});

describe('verdict now', () => {
  it('is not checked by a command that judges files', () => {
    expect(verdictWith([probeOf('ok')]).now.state).toBe('not-checked');
  });

  it('is broken when a plugin a Rollout uses fails when used (an HTML page saved as the plugin)', () => {
    const html = probeOf('ok', { content: { sha256: 'b'.repeat(64), size: 30 }, binary: { format: 'html', summary: 'an HTML page', starts: '<!DOCTYPE html>' } as never });
    const { now } = verdictWith([html], undefined, true);
    expect(now.state).toBe('broken');
    expect(now.reasons[0]!.finding).toBe('binary-is-html');
  });

  it('lists the resources that use a plugin with an error, configured or not', () => {
    const verdict = verdictWith(undefined, { metricProviderPlugins: HTTP_PLUGIN.replace('acme/router', 'acme/metrics') }, true);
    expect(verdict.affectedResources).toEqual(['Rollout shop/checkout']);
    expect(verdict.now.state).toBe('broken');
  });
});

describe('a hidden cause and its visible symptom', () => {
  it('--ignore of the cause: the crash loop stands alone in the list, yet the verdict still names the ignored cause', () => {
    const result = lint({ trafficRouterPlugins: HTTP_PLUGIN });
    const probe = probeOf('ok', { sha256: { state: 'mismatch', expected: 'a'.repeat(64), actual: 'b'.repeat(64) } });
    const crashloop = { id: 'controller-crashloop', severity: 'error', step: 'cluster', title: 'A controller pod keeps crashing', evidence: ['restarts 7'], fix: 'fix the cause' } as const;
    const report = buildReport({
      command: 'test',
      source: result.source,
      plugins: result.plugins,
      findings: [...result.findings, ...runChecks(probeChecks, probe), { ...crashloop, evidence: [...crashloop.evidence] }],
      selection: { ...NO_SELECTION, ignore: ['sha256-mismatch'] },
      notChecked: [],
      references: result.references,
      judgesNow: true,
      logsCurrent: false,
    });
    // Listed: the symptom on its own (its cause is hidden), not folded away with it.
    const listed = report.findings.filter((f) => f.id !== 'sha256-missing');
    expect(listed.map((f) => `${f.id} [${(f.symptoms ?? []).map((s) => s.id).join(',')}]`)).toEqual(['controller-crashloop []']);
    // Judged: the ignored mismatch still stops the restart, and the crash loop is its echo.
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(report.verdict.onRestart.reasons.map((r) => r.finding)).toEqual(['sha256-mismatch']);
  });
});
