/**
 * The rendering policy of docs/output.md: a fix pastes as it is, at 80 and 200 columns and in a
 * pipe; in a pipe no name, URL or marker is cut, so grep finds them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintInputs } from '../../src/config/lint.js';
import { finalizeReport, type PluginRow, type Report } from '../../src/core/report.js';
import type { Finding } from '../../src/core/finding.js';
import { renderTable, wrap } from '../../src/render/table.js';
import { runCli } from '../support/cli.js';
import { EXAMPLES } from '../config/examples-expected.js';

const LONG_URL = 'https://github.com/argoproj-labs/rollouts-plugin-metric-sample-prometheus/releases/download/v0.0.4/metric-plugin-linux-amd64';

/** Findings of the real engine on every example, plus a fix whose YAML holds a URL longer than 80 columns. */
async function exampleFindings(): Promise<Finding[]> {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => join(EXAMPLES, f));
  const results = await lintInputs(files);
  const findings = results.flatMap((r) => r.findings);
  findings.push({
    id: 'sha256-missing',
    severity: 'warning',
    step: 'config',
    plugin: { name: 'argoproj-labs/sample-prometheus', type: 'metricprovider' },
    title: 'argoproj-labs/sample-prometheus has no sha256',
    evidence: [`location: ${LONG_URL}`],
    fix: `Pin it:\nmetricProviderPlugins:\n  - name: argoproj-labs/sample-prometheus\n    location: ${LONG_URL}\n    sha256: 0f3c1b2a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8`,
  });
  return findings;
}

function report(findings: Finding[], plugins: PluginRow[] = []): Report {
  return finalizeReport({
    metadata: { command: 'lint', generatedAt: '2026-11-26T10:00:00.000Z', toolVersion: '0.1.0' },
    source: { kind: 'file', description: 'examples' },
    verdict: {
      now: { state: 'not-checked', summary: 'Not checked.', reasons: [] },
      onRestart: { state: 'broken', summary: `A restart now would fail: sha256 hash of downloaded plugin (${LONG_URL}) does not match expected hash, then: kubectl -n argo-rollouts rollout restart deployment/argo-rollouts`, reasons: [] },
      affectedResources: [],
    },
    notChecked: [],
    plugins,
    findings,
  });
}

/** The code part of a fix as JSON carries it: its lines after a first line of prose. */
function codeOf(fix: string): string[] {
  const [first = '', ...rest] = fix.split('\n');
  if (rest.length === 0) return [];
  return /^[\w.-]+:( |$)/.test(first) ? [first, ...rest] : rest;
}

/** The table groups findings by plugin, in order of first appearance. */
function renderedOrder(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.plugin ? `${f.plugin.name} (${f.plugin.type})` : 'General';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].flat();
}

/**
 * Every finding's fix section of the rendered table, in order: from its `fix:` label to the next
 * finding, group or the end.
 */
function fixSections(text: string): string[][] {
  const lines = text.split('\n');
  const sections: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^ {6}fix:/.test(lines[i]!)) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '' && !/^(ERROR|WARN |INFO ) /.test(lines[end]!)) end++;
    sections.push(lines.slice(i, end));
  }
  return sections;
}

describe.each([
  ['an 80-column terminal', 80],
  ['a 200-column terminal', 200],
  ['a pipe', undefined],
])('in %s', (_name, width) => {
  it('every code block of a fix parses as the YAML of the JSON fix, line for line', async () => {
    const findings = await exampleFindings();
    const r = report(findings);
    const sections = fixSections(renderTable(r, { color: false, wide: false, ...(width ? { width } : {}) }));
    const rendered = renderedOrder(r.findings);
    expect(sections).toHaveLength(rendered.length);
    let blocks = 0;
    rendered.forEach((finding, i) => {
      const code = codeOf(finding.fix);
      if (code.length === 0) return;
      blocks++;
      const block = sections[i]!.slice(-code.length);
      // verbatim at column 2: not one character added, split or cut
      expect(block).toEqual(code.map((l) => `  ${l}`.trimEnd()));
      const pasted = block.map((l) => l.slice(2)).join('\n');
      expect(parse(pasted)).toEqual(parse(code.join('\n')));
    });
    expect(blocks).toBeGreaterThanOrEqual(5);
  });

  it('no URL, name or command is split over lines', async () => {
    const text = renderTable(report(await exampleFindings()), { color: false, wide: false, ...(width ? { width } : {}) });
    expect(text.split('\n').filter((l) => l.includes(LONG_URL)).length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('kubectl -n argo-rollouts rollout restart deployment/argo-rollouts');
    if (width) for (const line of text.split('\n')) if (line.length > width) expect(line, 'only a line holding one long piece runs on').toMatch(/\S{60,}|kubectl /);
  });
});

describe('prose wrapping', () => {
  it('wraps between words, keeps a `backtick span` and a command after a colon whole', () => {
    const text = 'Check the install with `kubectl -n argo-rollouts get deploy,rs,pods` first, then: kubectl -n argo-rollouts rollout restart deployment/argo-rollouts';
    const lines = wrap(text, 30);
    expect(lines).toContain('`kubectl -n argo-rollouts get deploy,rs,pods`');
    expect(lines).toContain('kubectl -n argo-rollouts rollout restart deployment/argo-rollouts');
    expect(lines.join(' ')).toBe(text);
  });
  it('never breaks inside a word longer than a line', () => {
    expect(wrap(`see ${LONG_URL} now`, 40)).toEqual(['see', LONG_URL, 'now']);
  });
});

describe('the plugin table', () => {
  const row = (name: string, binary: PluginRow['binary']): PluginRow => ({
    type: 'metricprovider',
    name,
    location: LONG_URL,
    sha256: 'ok',
    download: { ok: true, summary: '200 12MiB', status: 200, bytes: 12 * 1024 * 1024 },
    binary,
    usedBy: [],
  });
  const rows = [
    row('argoproj-labs/sample-prometheus-with-a-long-name', { ok: false, summary: 'ELF linux/amd64, dynamically linked', os: 'linux', arch: 'amd64', static: false }),
    row('argoproj-labs/gatewayAPI', { ok: true, summary: 'ELF linux/amd64', os: 'linux', arch: 'amd64', static: true }),
  ];

  it('in a pipe, every name and marker is whole and every column is there', () => {
    const text = renderTable(report([], rows), { color: false, wide: false });
    expect(text).toMatch(/^metric argoproj-labs\/sample-prometheus-with-a-long-name +200 12MiB +ok +linux\/amd64 dyn +- +0$/m);
    expect(text).not.toContain('…');
  });

  it('on a narrow terminal, columns are left out (and said so) before a name is cut', () => {
    const text = renderTable(report([], rows), { color: false, wide: false, width: 60 });
    const table = text.slice(text.indexOf('TYPE'), text.indexOf('Findings'));
    expect(table).toContain('argoproj-labs/sample-prometheus-with-a-long-name');
    expect(table).toMatch(/left\s+out\s+to\s+fit\s+60\s+columns/);
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(text).not.toContain('…');
  });

  it('at 80 columns the dyn marker is whole', () => {
    const text = renderTable(report([], rows), { color: false, wide: false, width: 80 });
    expect(text).toContain('linux/amd64 dyn');
  });
});

describe('the CLI in a pipe', () => {
  it('`lint | grep NAME` finds the row of a long plugin name', async () => {
    const { stdout } = await runCli(['lint', '-f', join(EXAMPLES, 'kustomize-build.yaml')]);
    const names = [...stdout.matchAll(/^(?:router|metric|step) +(\S+)/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).not.toContain('…');
    expect(stdout.split('\n').some((l) => l.length > 80)).toBe(true); // nothing wrapped to a guessed width
  });
});
