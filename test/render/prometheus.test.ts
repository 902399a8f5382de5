/** `-o prometheus`: the one-shot report in the Prometheus text format, checked by the real promtool. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue } from '../../src/render/prometheus.js';
import { runCli } from '../support/cli.js';
import { EXAMPLES } from '../config/examples-expected.js';

describe('lint -o prometheus', () => {
  it('prints the verdicts and findings as gauges that promtool accepts, and exits as the report does', async () => {
    const { code, stdout } = await runCli(['lint', '-f', join(EXAMPLES, 'upstream-docs-sha256.yaml'), '-o', 'prometheus']);
    expect(code).toBe(1);
    // promtool's linter exits non-zero on a malformed exposition or a metric breaking its naming rules
    execFileSync('promtool', ['check', 'metrics'], { input: stdout, timeout: 10_000 });
    const samples = stdout.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(samples).toContain('rollouts_plugins_verdict{verdict="on_restart",state="broken"} 1');
    expect(samples).toContain('rollouts_plugins_verdict{verdict="now",state="not-checked"} 1');
    expect(samples).toContain('rollouts_plugins_findings{id="sha256-wrong-length",variant="",severity="error",plugin="argoproj-labs/sample-prometheus",plugin_type="metricprovider"} 1');
    expect(samples.filter((l) => l.startsWith('rollouts_plugins_verdict{')).map((l) => l.split(' ')[1])).toEqual(['0', '0', '0', '1', '0', '1', '0', '0']);
  });

  it('a good configuration not downloaded: on_restart unknown (never ok unseen), the gap counted, no finding series', async () => {
    const { code, stdout } = await runCli(['lint', '-f', join(EXAMPLES, 'good-configmap.yaml'), '-o', 'prometheus']);
    expect(code).toBe(0);
    expect(stdout).toContain('rollouts_plugins_verdict{verdict="on_restart",state="unknown"} 1');
    expect(stdout).toContain('rollouts_plugins_verdict{verdict="on_restart",state="ok"} 0');
    expect(stdout).toContain('rollouts_plugins_not_checked{verdict="on_restart"} 1');
    expect(stdout).not.toContain('rollouts_plugins_findings{');
  });

  it('label values escape backslash, quote and newline', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
