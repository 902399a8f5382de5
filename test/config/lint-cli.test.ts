/** `kubectl rollouts-plugins lint -f` end to end: the bundled CLI on the examples and on bad input. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { runCli } from '../support/cli.js';
import { buildGo } from '../support/go-build.js';
import { startServer, type LoopbackServer } from '../support/hostile-http.js';
import { EXAMPLES, EXPECTED } from './examples-expected.js';

const dir = mkdtempSync(join(tmpdir(), 'lint-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lint -f docs/examples/*', () => {
  it.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const { code, stdout } = await runCli(['lint', '-f', join(EXAMPLES, name), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    // A symptom is reported inside its cause (one cause, one finding); the ids found are the same as the engine's.
    expect([...new Set(report.findings.flatMap((f) => [f.id, ...(f.symptoms ?? []).map((s) => s.id)]))].sort()).toEqual(expected.ids);
    if (expected.starts) expect(report.verdict.onRestart.state).not.toBe('broken');
    else expect(report.verdict.onRestart.state).toBe('broken');
    expect(report.verdict.now.state).toBe('not-checked');
    expect(code).toBe(report.findings.some((f) => f.severity === 'error') ? 1 : 0);
  });
});

describe('lint -f: bad input exits 2 with one sentence', () => {
  it.each([
    ['a missing file', ['-f', join(dir, 'missing.yaml')], '', /missing\.yaml: no such file/],
    ['binary garbage', ['-f', writeTo('garbage.bin', Buffer.from([0, 1, 2, 3, 255, 254]))], '', /is binary data, not YAML/],
    ['an empty stdin', ['--filename=-'], '', /stdin is empty/],
    ['tabs in the manifest', ['-f', writeTo('tabs.yaml', 'kind: ConfigMap\nmetadata:\n\tname: argo-rollouts-config\n')], '', /line 3: found a tab character/],
    ['an unreadable --controller-version', ['-f', join(EXAMPLES, 'good-configmap.yaml'), '--controller-version', 'latest'], '', /invalid --controller-version "latest"/],
    ['a --chart-version that is a range', ['-f', join(EXAMPLES, 'good-configmap.yaml'), '--chart-version', '~2.37.0'], '', /invalid --chart-version "~2.37.0": use an argo-rollouts chart release such as 2.37.7/],
  ])('%s', async (_name, args, stdin, message) => {
    const { code, stderr } = await runCli(['lint', ...args], { stdin });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  // doctor is kept off any real cluster by a kubeconfig that does not exist (probe of a URL reads none).
  it.each([['probe', 'https://example.com/p'], ['doctor', '--kubeconfig', join(dir, 'no-kubeconfig')]])('%s --chart-version without -f is a usage error', async (...command) => {
    const { code, stderr } = await runCli([...command, '--chart-version', '2.37.7']);
    expect(stderr).toMatch(/--chart-version says which chart release -f helm values are for: give -f FILE/);
    expect(code).toBe(2);
  });

  it.each([[['--filename=-']], [['-f', '-']], [['--filename', '-']]])('reads stdin for %j', async (flags) => {
    const cm = 'kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  stepPlugins: |\n    - name: bad\n      location: file:///p\n';
    const { code, stdout } = await runCli(['lint', ...flags, '-o', 'json'], { stdin: cm });
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((f) => f.id)).toContain('name-invalid-format');
    expect(code).toBe(1);
  });
});

describe('lint -f: one cause, one finding', () => {
  it('plugins under the pre-release `plugins:` key and a template using one: key-unknown, with "not configured" as its evidence', async () => {
    // The shape old metric plugin READMEs show: a ConfigMap the controller reads nothing from, and a template using the plugin.
    const stream = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  plugins: |-\n    metrics:\n    - name: "prometheus"\n      location: "https://example.com/releases/v0.0.3/metric-plugin-linux-amd64"\n',
      'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: error-rate\nspec:\n  metrics:\n  - name: errors\n    provider:\n      plugin:\n        acme/prometheus:\n          query: up\n',
    ].join('---\n');
    const { code, stdout } = await runCli(['lint', '-f', writeTo('legacy-plugins-key.yaml', stream), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => [f.id, (f.symptoms ?? []).map((s) => `${s.id}/${s.variant}`)])).toEqual([
      ['key-unknown', ['plugin-not-configured/under-unknown-key']],
    ]);
    const symptom = report.findings[0]!.symptoms![0]!;
    expect(symptom.plugin).toEqual({ name: 'acme/prometheus', type: 'metricprovider' });
    expect(symptom.evidence.join('\n')).toContain('plugin acme/prometheus not configured in configmap');
    // The controller starts (it reads no plugin), and the template still depends on a plugin it does not have.
    expect(report.verdict.onRestart.state).toBe('ok');
    expect(report.verdict.affectedResources).toEqual(['AnalysisTemplate error-rate']);
    expect(code).toBe(1);
  });

  it('a darwin asset under its old name: one finding, whose fix is the Linux asset that release publishes', async () => {
    const location = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gateway-api-plugin-darwin-amd64';
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  trafficRouterPlugins: |-\n    - name: argoproj-labs/gatewayAPI\n      location: ${location}\n      sha256: ${'a'.repeat(64)}\n`;
    const { stdout } = await runCli(['lint', '-f', writeTo('darwin-old-name.yaml', cm), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => [f.id, (f.symptoms ?? []).map((s) => s.id)])).toEqual([
      ['location-asset-not-in-release', ['location-asset-other-platform']],
    ]);
    expect(report.findings[0]!.fix).toContain('/download/v0.4.0/gatewayapi-plugin-linux-amd64"');
  });

  it('a placeholder left in an unpinned release URL, as docs write it: one finding, and no command printed for the placeholder URL', async () => {
    const location = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/<version>/gatewayapi-plugin-linux-amd64';
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  trafficRouterPlugins: |-\n    - name: argoproj-labs/gatewayAPI\n      location: "${location}"\n`;
    const file = writeTo('placeholder-unpinned.yaml', cm);
    const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as Report;
    // The location is not real yet: sha256-missing's checksum command would fetch the placeholder (a 404); location-placeholder's fix ends with the pin.
    expect(report.findings.map((f) => f.id)).toEqual(['location-placeholder']);
    expect(report.findings[0]!.fix).toContain('then run kubectl rollouts-plugins checksum URL with the real URL: it prints the sha256 to pin');
    const table = await runCli(['lint', '-f', file]);
    expect(table.stdout).toContain('Findings: 1 error, 0 warnings, 0 info');
    const printedCommands = table.stdout.split('\n').filter((line) => line.includes('kubectl rollouts-plugins'));
    expect(printedCommands.length).toBeGreaterThan(0);
    for (const line of printedCommands) expect(line).not.toMatch(/%3C|<version>/);
    expect(table.code).toBe(1);
  });
});

describe('lint -f: the exit line is the first error the controller meets at its release', () => {
  // The gatewayAPI docs' placeholder URL with the docs' 40-character sha256: the controller downloads, then compares.
  const LOCATION = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/<version>/gatewayapi-plugin-linux-amd64';
  const REQUESTED = LOCATION.replace('<version>', '%3Cversion%3E');
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  trafficRouterPlugins: |-\n    - name: argoproj-labs/gatewayAPI\n      location: "${LOCATION}"\n      sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c\n`;
  const notFound = `the controller would exit with: level=fatal msg="Failed to download plugins: failed to download plugin from ${LOCATION}: failed to download file from ${REQUESTED}: response code Not Found"`;
  const mismatch = `the controller would exit with: level=fatal msg="Failed to download plugins: sha256 hash of downloaded plugin (${LOCATION}) does not match expected hash"`;

  it.each([
    // From v1.8.0 a download answered with an error status fails before the sha256 is compared: GitHub answers 404.
    ['v1.8.0', notFound, mismatch],
    ['v1.9.1', notFound, mismatch],
    // Before, GitHub's error page is saved as the plugin and the sha256 compared with it.
    ['v1.7.2', mismatch, notFound],
  ])('controller %s', async (version, line, notLine) => {
    const { code, stdout } = await runCli(['lint', '-f', writeTo(`exit-line-${version}.yaml`, cm), '--controller-version', version]);
    const evidence = stdout.split('\n').map((l) => l.trim());
    expect(evidence.filter((l) => l === `evidence: ${line}`)).toHaveLength(1);
    expect(stdout).not.toContain(notLine);
    expect(stdout).toMatch(/On restart\s+BROKEN/);
    expect(code).toBe(1);
  });
});

describe('lint -f: the verdict\'s reasons are the findings the report shows', () => {
  it('old map-shaped helm values: the reason is helm-values-map-shape, worded for the values (not value-not-a-list about data.…), in JSON and -o github', async () => {
    const file = join(EXAMPLES, 'helm-values-old-shape.yaml');
    const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as Report;
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(report.verdict.onRestart.reasons).toEqual([{ finding: 'helm-values-map-shape', text: 'helm values: controller.trafficRouterPlugins has the old map shape; the chart renders a mapping the controller rejects' }]);
    const github = (await runCli(['lint', '-f', file, '-o', 'github'])).stdout;
    expect(github).toContain('::error title=On restart%3A BROKEN::A restart now would fail: helm values: controller.trafficRouterPlugins has the old map shape');
    expect(github).not.toContain('data.trafficRouterPlugins');
  });
});

describe('lint -f: a ConfigMap the controller does not read', () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config-7h2k9m5t4b\ndata:\n  trafficRouterPlugins: |-\n    - name: acme/router\n      location: file:///plugins/router\n    - name: bad name\n      location: ftp://x/y\n';

  it('kustomize\'s hash suffix: a restart starts (the controller runs without it); what its entries would do once it is named argo-rollouts-config is said as configmap-wrong-name/fails-after-rename', async () => {
    const file = writeTo('generated-name.yaml', cm);
    const { code, stdout } = await runCli(['lint', '-f', file, '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.verdict.onRestart.state).toBe('ok');
    expect(report.findings.map((f) => (f.variant ? `${f.id}/${f.variant}` : f.id)).sort()).toEqual(['configmap-wrong-name', 'configmap-wrong-name/fails-after-rename', 'configmap-wrong-name/fails-after-rename']);
    const name = report.findings.find((f) => f.evidence.some((e) => e.includes('(then reported as name-invalid-format)')));
    expect(name?.title).toBe('Once ConfigMap argo-rollouts-config-7h2k9m5t4b is named argo-rollouts-config, the controller would not start: plugin name "bad name" is not in the form <namespace>/<name>');
    // Named as it is, the controller would exit: the fix is never the rename alone.
    expect(report.findings.find((f) => f.id === 'configmap-wrong-name' && !f.variant)?.fix).toMatch(/^First fix bad name \(configmap-wrong-name\/fails-after-rename\); then name it argo-rollouts-config:\nconfigMapGenerator:/);
    expect(code).toBe(1);
    const text = (await runCli(['lint', '-f', file])).stdout;
    expect(text).toMatch(/On restart {2}OK\n {12}The controller would start/);
    expect(text).not.toContain('A restart now would fail');
  });

  it('a plain manifest with a typo of the name: the fix renames it in its metadata, not with a kustomize generator', async () => {
    const file = writeTo('typo-name.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollout-config\ndata:\n  trafficRouterPlugins: |-\n    - name: acme/router\n      location: file:///plugins/router\n');
    const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as Report;
    expect(report.findings.find((f) => f.id === 'configmap-wrong-name')?.fix).toBe('metadata:\n  name: argo-rollouts-config');
    expect((await runCli(['lint', '-f', file])).stdout).not.toContain('configMapGenerator');
  });

  it.each([
    ['kustomize\'s hash suffix', 'argo-rollouts-config-7h2k9m5t4b'],
    ['a typo of the name', 'argo-rollout-config'],
  ])('%s: the OK line says the controller loads none of its plugins, not that nothing in them stops it', async (_name, name) => {
    const file = writeTo(`unread-${name}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  trafficRouterPlugins: |-\n    - name: acme/router\n      location: file:///plugins/router\n    - name: acme/other\n      location: file:///plugins/other\n`);
    const { stdout } = await runCli(['lint', '-f', file]);
    expect(stdout).toContain(`On restart  OK\n            The controller would start, but loads none of the 2 configured plugins: it reads argo-rollouts-config, not ConfigMap ${name}.\n`);
    expect(stdout).not.toContain('nothing in the 2 configured plugins stops it');
  });

  it('a controller release that ignores the key: the OK line says which plugins it does not load', async () => {
    const file = writeTo('steps-v1.7.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  stepPlugins: |-\n    - name: acme/step\n      location: file:///plugins/step\n');
    const old = (await runCli(['lint', '-f', file, '--controller-version', 'v1.4.0'])).stdout;
    expect(old).toContain('The controller would start, but does not load the configured plugin: controller v1.4.0 has no plugin support (v1.5.0 and later).');
    const v17 = (await runCli(['lint', '-f', file, '--controller-version', 'v1.7.0'])).stdout;
    expect(v17).toContain('The controller would start, but does not load the configured plugin: controller v1.7.0 does not read data.stepPlugins (v1.8.0 and later).');
  });
});

describe('lint -f: a finding about a data key points at that key', () => {
  it('old map-shaped helm values: helm-values-map-shape at controller.trafficRouterPlugins (line 2), not at the top of the file', async () => {
    const values = 'controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: "argoproj-labs/gatewayAPI"\n        location: "file:///plugins/gatewayapi"\n';
    const file = writeTo('old-shape-values.yaml', values);
    const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as Report;
    expect(report.findings.find((f) => f.id === 'helm-values-map-shape')?.location).toMatchObject({ file, key: 'trafficRouterPlugins', line: 2, column: 3 });
  });

  it('old map-shaped helm values: a finding about an entry points at the entry in the string the map holds (text and SARIF), whether the chart renders it or not', async () => {
    // Line 4 is the entry; its sha256 has 40 characters.
    const values = `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: argoproj-labs/gatewayAPI\n        location: https://example.com/v0.4.0/gatewayapi-plugin-linux-amd64\n        sha256: ${'0123456789abcdef'.repeat(2)}01234567\n`;
    const file = writeTo('old-shape-entry.yaml', values);
    // Chart 2.37.7 renders the string into the ConfigMap; a newer chart renders a mapping, and the entry is judged as it is meant.
    for (const chart of [['--chart-version', '2.37.7'], []]) {
      const lines = (await runCli(['lint', '-f', file, ...chart])).stdout.split('\n');
      expect(lines[lines.indexOf('ERROR sha256-wrong-length') + 2]?.trim()).toBe(`at: ${file}:4:7, trafficRouterPlugins[0]`);
      const sarif = JSON.parse((await runCli(['lint', '-f', file, ...chart, '-o', 'sarif'])).stdout) as {
        runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }>;
      };
      const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'sha256-wrong-length');
      expect(result?.locations[0]?.physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 7 });
    }
  });
});

describe('lint -f: a misspelt key over entries that would stop the controller, or leave its start unconfirmed, once renamed', () => {
  const PROM = 'https://github.com/argoproj-labs/sample-rollouts-metric-plugin/releases/download/v0.0.4/metric-plugin-linux-amd64';
  const cm = (key: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  ${key}: |\n    - name: argoproj-labs/sample-prometheus\n      location: ${PROM}\n      sha256: ${'0123456789abcdef'.repeat(2)}01234567\n`;

  it('two causes, two findings: the key, whose fix is not a bare rename, and the 40-character sha256; the controller starts today', async () => {
    const { code, stdout } = await runCli(['lint', '-f', writeTo('misspelt-key-bad-sha.yaml', cm('metricPlugins')), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((f) => (f.variant ? `${f.id}/${f.variant}` : f.id))).toEqual(['key-unknown', 'key-unknown/fails-after-rename']);
    const [key, sha] = report.findings as [Report['findings'][number], Report['findings'][number]];
    expect(key.fix).toBe('First fix argoproj-labs/sample-prometheus (key-unknown/fails-after-rename), then rename data.metricPlugins to data.metricProviderPlugins: renamed as it is, the controller would not start.');
    // The controller's exit line is the after-rename finding's evidence, said once.
    expect(key.evidence.join('\n')).not.toContain('does not match expected hash');
    expect(sha.evidence.join('\n')).toContain(`sha256 hash of downloaded plugin (${PROM}) does not match expected hash`);
    expect(sha.title).toBe('Once data.metricPlugins is renamed to metricProviderPlugins, the controller would not start: argoproj-labs/sample-prometheus: sha256 is not 64 characters and matches no plugin binary');
    expect(sha.evidence.at(-1)).toBe('under data.metricPlugins, which the controller does not read: today it ignores the key and starts; renamed to metricProviderPlugins as it is, it would exit at start-up (then reported as sha256-wrong-length)');
    expect(sha.fix).toBe(`Replace it with the binary's digest: kubectl rollouts-plugins checksum "${PROM}"`);
    // The controller ignores the key today: the restart verdict is not flipped.
    expect(report.verdict.onRestart.state).toBe('ok');
    expect(code).toBe(1);

    // The same entry under the right key: the finding the rename would bring, and a broken restart.
    const renamed = JSON.parse((await runCli(['lint', '-f', writeTo('renamed-bad-sha.yaml', cm('metricProviderPlugins')), '-o', 'json'])).stdout) as Report;
    expect(renamed.findings.map((f) => f.id)).toEqual(['sha256-wrong-length']);
    expect(renamed.verdict.onRestart.state).toBe('broken');
  });

  const ids = (report: Report) => report.findings.map((f) => (f.variant ? `${f.id}/${f.variant}` : f.id));
  const PLACEHOLDER = 'https://github.com/argoproj-labs/sample-rollouts-metric-plugin/releases/download/<version>/metric-plugin-linux-amd64';
  const list = (key: string, entries: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  ${key}: |\n${entries}`;
  const entry = (name: string, location: string, sha256?: string) => `    - name: ${name}\n      location: ${location}\n${sha256 ? `      sha256: ${sha256}\n` : ''}`;
  const SHA40 = `${'0123456789abcdef'.repeat(2)}01234567`;

  it('a placeholder location under it: once renamed the start could not be confirmed, said as key-unknown/undecided-after-rename; today the restart verdict stays ok', async () => {
    const placeholder = entry('argoproj-labs/sample-prometheus', PLACEHOLDER);
    const { code, stdout } = await runCli(['lint', '-f', writeTo('misspelt-key-placeholder.yaml', list('metricPlugins', placeholder)), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    // No sha256-missing: location-placeholder (here inside key-unknown/undecided-after-rename) says it, pin included.
    expect(ids(report)).toEqual(['key-unknown', 'key-unknown/undecided-after-rename']);
    const [key, undecided] = report.findings as [Report['findings'][number], Report['findings'][number]];
    expect(key.fix).toBe('First fix argoproj-labs/sample-prometheus (key-unknown/undecided-after-rename), then rename data.metricPlugins to data.metricProviderPlugins: renamed as it is, whether the controller starts could not be confirmed.');
    expect(undecided.severity).toBe('error');
    expect(undecided.plugin).toEqual({ type: 'metricprovider', name: 'argoproj-labs/sample-prometheus' });
    expect(undecided.title).toBe('Once data.metricPlugins is renamed to metricProviderPlugins, whether the controller starts could not be confirmed: argoproj-labs/sample-prometheus: the location still holds the placeholder <version>');
    expect(undecided.evidence.at(-1)).toBe('under data.metricPlugins, which the controller does not read: today it ignores the key and starts; renamed to metricProviderPlugins as it is, whether it starts could not be decided from here (then reported as location-placeholder)');
    expect(undecided.fix).toBe('location: "https://github.com/OWNER/REPO/releases/download/vX.Y.Z/ASSET-linux-amd64"   # the real tag and asset\nthen run kubectl rollouts-plugins checksum URL with the real URL: it prints the sha256 to pin');
    expect(report.verdict.onRestart.state).toBe('ok');
    expect(code).toBe(1);

    // Under the right key the placeholder leaves the restart open: what the rename would bring.
    const renamed = JSON.parse((await runCli(['lint', '-f', writeTo('renamed-placeholder.yaml', list('metricProviderPlugins', placeholder)), '-o', 'json'])).stdout) as Report;
    expect(ids(renamed)).toEqual(['location-placeholder']);
    expect(renamed.verdict.onRestart.state).toBe('unknown');
  });

  it('each finding points at what it is about in the file: the key, and each entry under it (text and SARIF)', async () => {
    // Line 6 is the misspelt key, line 7 its first entry, line 10 its second.
    const file = writeTo('misspelt-key-where.yaml', list('metricPlugins', entry('argoproj-labs/sample-prometheus', PROM, SHA40) + entry('acme/other', 'https://example.com/<version>/p')));
    const text = (await runCli(['lint', '-f', file])).stdout;
    // A finding's lines: its heading, its title, then where it is.
    const lines = text.split('\n');
    const at = (heading: string) => lines[lines.indexOf(heading) + 2]?.trim();
    expect(at('ERROR key-unknown')).toBe(`at: ${file}:6:3, metricPlugins`);
    expect(at('ERROR key-unknown/fails-after-rename')).toBe(`at: ${file}:7:5, metricPlugins[0]`);
    expect(at('ERROR key-unknown/undecided-after-rename')).toBe(`at: ${file}:10:5, metricPlugins[1]`);

    const sarif = JSON.parse((await runCli(['lint', '-f', file, '-o', 'sarif'])).stdout) as {
      runs: Array<{ results: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } }; logicalLocations?: Array<{ name: string }> }> }> }>;
    };
    const where = sarif.runs[0]!.results.map((r) => {
      const [location] = r.locations;
      return `${location!.physicalLocation.region.startLine}:${location!.physicalLocation.region.startColumn} ${location!.logicalLocations?.[0]?.name} ${r.message.text.split('\n')[0]!.slice(0, 30)}`;
    });
    expect(where.sort()).toEqual([
      '10:5 metricPlugins[1] Once data.metricPlugins is ren',
      '6:3 metricPlugins data.metricPlugins is not read',
      '7:5 metricPlugins[0] Once data.metricPlugins is ren',
    ]);
  });

  it('a misspelt key in a flow mapping: key-unknown points at the key itself, not at the line\'s first character', async () => {
    const file = writeTo('misspelt-key-flow.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata: {metricPlugins: "name: a/b"}\n');
    const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as Report;
    // line 4: 'data: {metricPlugins: …}', the key at column 8
    expect(report.findings.find((f) => f.id === 'key-unknown')?.location).toMatchObject({ file, key: 'metricPlugins', line: 4, column: 8 });
  });

  it('a value that is no list under the key: fails-after-rename points at the key, and its declared title says the value can be what fails', async () => {
    const file = writeTo('misspelt-key-value.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  metricPlugins: "name: a/b"\n');
    const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as Report;
    const fails = report.findings.find((f) => f.variant === 'fails-after-rename');
    expect(fails?.plugin).toBeUndefined();
    expect(fails?.location).toMatchObject({ file, key: 'metricPlugins', line: 6, column: 3 });
    const { stdout } = await runCli(['checks']);
    expect(stdout).toMatch(/key-unknown\/fails-after-rename +error +What a misspelt key holds \(one of its entries, or its value itself\) would stop the controller once the key is renamed as suggested\n/);
  });

  it('several entries to fix first: the fix names every one, in the list\'s order, under what each would do once renamed', async () => {
    const entries = [
      entry('argoproj-labs/first', 'https://example.com/first', SHA40),
      entry('argoproj-labs/placeholder', PLACEHOLDER),
      entry('argoproj-labs/third', 'https://example.com/third', SHA40),
      entry('no-namespace', 'https://example.com/fourth', 'a'.repeat(64)),
    ].join('');
    const { stdout } = await runCli(['lint', '-f', writeTo('misspelt-key-several.yaml', list('metricPlugins', entries)), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(ids(report).filter((id) => id.startsWith('key-unknown/')).sort()).toEqual(['key-unknown/fails-after-rename', 'key-unknown/fails-after-rename', 'key-unknown/fails-after-rename', 'key-unknown/undecided-after-rename']);
    expect(report.findings[0]!.fix).toBe(
      'First fix argoproj-labs/first, argoproj-labs/third, no-namespace (key-unknown/fails-after-rename) and argoproj-labs/placeholder (key-unknown/undecided-after-rename), then rename data.metricPlugins to data.metricProviderPlugins: renamed as it is, the controller would not start.',
    );
    expect(report.verdict.onRestart.state).toBe('ok');
  });

  it('a value that is no list: the fix names the value, and what the controller would log once renamed is its own finding', async () => {
    const { stdout } = await runCli(['lint', '-f', writeTo('misspelt-key-map.yaml', list('metricPlugins', '    name: argoproj-labs/sample-prometheus\n    location: https://example.com/p\n')), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(ids(report)).toEqual(['key-unknown', 'key-unknown/fails-after-rename']);
    const [key, value] = report.findings as [Report['findings'][number], Report['findings'][number]];
    expect(key.fix).toBe('First fix the value of data.metricPlugins (key-unknown/fails-after-rename), then rename data.metricPlugins to data.metricProviderPlugins: renamed as it is, the controller would not start.');
    expect(value.plugin).toBeUndefined();
    expect(value.title).toBe('Once data.metricPlugins is renamed to metricProviderPlugins, the controller would not start: data.metricProviderPlugins is a mapping, not a list: the controller exits at start-up');
    expect(value.evidence.at(-1)).toBe('under data.metricPlugins, which the controller does not read: today it ignores the key and starts; renamed to metricProviderPlugins as it is, it would exit at start-up (then reported as value-not-a-list)');
    expect(report.verdict.onRestart.state).toBe('ok');
  });
});

describe('lint -f: helm values in the old map shape', () => {
  const GW = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download';

  it('two keys in the old shape: two findings, each with the rendered key it breaks as its evidence', async () => {
    const values = `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: acme/router\n        location: "file://./router"\n  metricProviderPlugins:\n    metricProviderPlugins: |-\n      - name: acme/metrics\n        location: "file://./metrics"\n`;
    const { stdout } = await runCli(['lint', '-f', writeTo('old-shape-two-keys.yaml', values), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((f) => [f.id, f.location?.key, (f.symptoms ?? []).map((s) => s.title)])).toEqual([
      ['helm-values-map-shape', 'metricProviderPlugins', ['data.metricProviderPlugins is a mapping, not a list: the controller exits at start-up']],
      ['helm-values-map-shape', 'trafficRouterPlugins', ['data.trafficRouterPlugins is a mapping, not a list: the controller exits at start-up']],
    ]);
  });

  it('the entries the old shape holds are judged too: the list its fix prints would 404 on a tag without its v', async () => {
    const values = `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: "argoproj-labs/gatewayAPI"\n        location: "${GW}/0.3.0/gateway-api-plugin-linux-amd64"\n        sha256: "${'ab'.repeat(32)}"\n`;
    const { code, stdout } = await runCli(['lint', '-f', writeTo('old-shape-tag.yaml', values), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((f) => (f.variant ? `${f.id}/${f.variant}` : f.id))).toEqual(['helm-values-map-shape', 'location-asset-not-in-release/tag-without-v']);
    const tag = report.findings[1]!;
    expect(tag.evidence.at(-1)).toBe('in the list controller.trafficRouterPlugins holds in the old map shape: what the controller meets once that shape is fixed');
    expect(tag.fix).toContain(`${GW}/v0.3.0/gateway-api-plugin-linux-amd64`);
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(code).toBe(1);
  });

  it('the list the old shape\'s fix prints has the location tag-without-v corrects: pasted, it downloads', async () => {
    const values = `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: "argoproj-labs/gatewayAPI"\n        location: "${GW}/0.3.0/gateway-api-plugin-linux-amd64"\n`;
    const { stdout } = await runCli(['lint', '-f', writeTo('old-shape-tag-fix.yaml', values), '-o', 'json']);
    const shape = (JSON.parse(stdout) as Report).findings.find((f) => f.id === 'helm-values-map-shape');
    expect(shape?.fix).toBe(`controller:\n  trafficRouterPlugins:\n    - name: "argoproj-labs/gatewayAPI"\n      location: "${GW}/v0.3.0/gateway-api-plugin-linux-amd64"`);
  });
});

describe('lint -f: a ConfigMap the API server rejects never reaches the controller', () => {
  it.each([
    ['data is a list (what argo-helm 2.37.7 rendered from list-shaped values)', 'data:\n  - location: https://example.com/p\n    name: acme/router\n'],
    ['a data value is a list, not a string', 'data:\n  trafficRouterPlugins:\n    - name: acme/router\n      location: https://example.com/p\n'],
  ])('%s: on restart unknown (the controller keeps the ConfigMap it has), not ok', async (name, data) => {
    const { code, stdout } = await runCli(['lint', '-f', writeTo(`rejected-${name.length}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\n${data}`), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.verdict.onRestart.state).toBe('unknown');
    expect(report.verdict.onRestart.summary).toContain('the API server rejects this ConfigMap');
    // The file is named once in the evidence, not twice.
    expect(report.findings[0]!.evidence[0]).not.toMatch(/(rejected-\d+\.yaml).*\1/);
    expect(code).toBe(1);
  });
});

function writeTo(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('lint -f helm values: the controller release they are judged for', () => {
  const values = 'controller:\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI\n      location: https://example.com/v0.4.0/gatewayapi-plugin-linux-amd64\n      sha256: a3f1c0e0b8d2c6f4e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6\n';
  it('an unknown chart release is said under Not checked, with what was assumed; it leaves no verdict open', async () => {
    const { code, stdout } = await runCli(['lint', '-f', writeTo('plain-values.yaml', values), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    const assumed = report.notChecked.find((n) => n.what === 'the controller release the helm values install');
    expect(assumed?.why).toBe(
      'no argo-rollouts chart release is known (no Chart.yaml beside it naming an exact release, no --chart-version): judged as the newest argo-helm chart the tool knows (2.41.0, controller v1.9.0) renders and runs it; give --chart-version or --controller-version to judge it for your release',
    );
    expect(assumed?.blinds).toEqual([]);
    expect(code).toBe(0);
  });
  it('--chart-version 2.36.1 judges the values for its controller v1.7.0 (the stock install defect); nothing is assumed', async () => {
    const mapShape = 'controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n' + values.split('\n').slice(2).map((l) => (l ? `    ${l}` : l)).join('\n');
    const { code, stdout } = await runCli(['lint', '-f', writeTo('values-2.36.yaml', mapShape), '--chart-version', '2.36.1', '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((f) => `${f.id}/${f.variant ?? ''}`)).toEqual(['feature-needs-newer-controller/stock-install-no-plugin-bin']);
    expect(report.findings[0]!.title).toMatch(/^controller v1\.7\.0: its stock install\.yaml/);
    expect(report.notChecked.map((n) => n.what)).not.toContain('the controller release the helm values install');
    expect(code).toBe(0);
  });
});

describe('lint -f: a Chart.yaml beside the values that cannot be used is said, never waited on', () => {
  const values = 'controller:\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI\n      location: https://example.com/v0.4.0/gatewayapi-plugin-linux-amd64\n      sha256: a3f1c0e0b8d2c6f4e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6\n';
  const assumed = 'judged as the newest argo-helm chart the tool knows (2.41.0, controller v1.9.0) renders and runs it; give --chart-version or --controller-version to judge it for your release';
  /** What Not checked says of the controller release, for each values file linted. */
  const assumptions = async (args: string[]) => {
    const { code, stdout, stderr } = await runCli(['lint', ...args, '-o', 'json'], { timeoutMs: 15_000 });
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as Report;
    return { code, why: report.notChecked.filter((n) => n.what.endsWith('the controller release the helm values install')).map((n) => n.why) };
  };
  function fifoChart(name: string): string {
    const root = join(dir, name);
    mkdirSync(join(root, 'env'), { recursive: true });
    execFileSync('mkfifo', [join(root, 'env', 'Chart.yaml')]);
    writeFileSync(join(root, 'env', 'values.yaml'), values);
    writeFileSync(join(root, 'env', 'values-prod.yaml'), values);
    return root;
  }

  it('a named pipe called Chart.yaml beside values files: not read (it would wait for a writer), said for each of them', async () => {
    const root = fifoChart('fifo-chart');
    const { code, why } = await assumptions(['-f', join(root, 'env', 'values.yaml'), '-f', join(root, 'env', 'values-prod.yaml')]);
    expect(why).toEqual([1, 2].map(() => `the Chart.yaml beside it is not a regular file, and no --chart-version: ${assumed}`));
    expect(code).toBe(0);
  }, 20_000);

  it('-R over a directory holding that named pipe: a usage error naming it at once, not a wait until --timeout', async () => {
    const root = fifoChart('fifo-walk');
    const started = Date.now();
    const { code, stdout, stderr } = await runCli(['lint', '-f', root, '-R'], { timeoutMs: 15_000 });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const pipe = join(root, 'env', 'Chart.yaml');
    expect(stderr).toContain(`error: ${pipe} is not a regular file (a named pipe, a socket or a device): give it with -f ${pipe} to read it, or remove it from ${join(root, 'env')}`);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('a Chart.yaml far bigger than any chart metadata is not read: its release is not taken, and that is said', async () => {
    const root = join(dir, 'big-chart');
    mkdirSync(root);
    // A valid chart after 2 MiB of comments: reading it whole would find 2.36.1 and judge for v1.7.0.
    writeFileSync(join(root, 'Chart.yaml'), `${'# padding\n'.repeat(200 * 1024)}apiVersion: v2\nname: argo-rollouts\nversion: 2.36.1\n`);
    writeFileSync(join(root, 'values.yaml'), values);
    const { why } = await assumptions(['-f', join(root, 'values.yaml')]);
    expect(why).toEqual([`the Chart.yaml beside it is 2.0 MiB, more than the 1 MiB a Chart.yaml may be, and no --chart-version: ${assumed}`]);
  });
});

describe('probe -f - reads the ConfigMap from stdin', () => {
  it('probes the entries of a ConfigMap piped in', async () => {
    const cm = 'kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n    - name: acme/router\n      location: file:///plugins/router\n';
    const { code, stdout, stderr } = await runCli(['probe', '-f', '-', '--no-cache', '-o', 'json'], { stdin: cm });
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as Report;
    expect(report.source.description).toBe('stdin');
    expect(report.plugins.map((p) => [p.name, p.target])).toEqual([['acme/router', '/plugins/router']]);
    expect(code).toBe(0);
  });
});

describe('lint -f: a finding points at the line it is about (text and SARIF region)', () => {
  /** The `at:` line of the finding whose title (the line under its heading) contains `title`. */
  const atIn = (text: string, title: string) => {
    const lines = text.split('\n');
    return lines[lines.findIndex((l, i) => l.includes(title) && /^(ERROR|WARN|INFO) /.test(lines[i - 1]?.trim() ?? '')) + 1]?.trim();
  };
  type Sarif = { runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; locations?: Array<{ physicalLocation?: { region?: { startLine: number; startColumn?: number } } }> }> }> };
  /** Each result's rule and region, `id line:column`, sorted. */
  const regions = async (file: string, ids: readonly string[]) => {
    const sarif = JSON.parse((await runCli(['lint', '-f', file, '-o', 'sarif'])).stdout) as Sarif;
    return sarif.runs[0]!.results.filter((r) => ids.includes(r.ruleId)).map((r) => {
      const region = r.locations?.[0]?.physicalLocation?.region;
      return `${r.ruleId} ${region?.startLine}:${region?.startColumn}`;
    }).sort();
  };
  const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  trafficRouterPlugins: |-\n    - name: "acme/router"\n      location: "file:///plugins/router"\n';

  it('input-yaml-syntax: the broken document and the line and column the YAML error is at, whichever document it is', async () => {
    // Document 2 is lines 10-11; its error is reported at the `---` of line 11, where document 3 starts.
    const after = writeTo('broken-second.yaml', `${CONFIGMAP}---\nfoo: [\n---\napiVersion: v1\nkind: Secret\n`);
    expect(atIn((await runCli(['lint', '-f', after])).stdout, 'line 11: Flow sequence')).toBe(`at: ${after}:11:1, document 2`);
    expect(await regions(after, ['input-yaml-syntax'])).toEqual(['input-yaml-syntax 11:1']);
    // The broken document first: its error is at the `---` of line 2, in document 1.
    const first = writeTo('broken-first.yaml', `foo: [\n---\n${CONFIGMAP}`);
    expect(atIn((await runCli(['lint', '-f', first])).stdout, 'line 2: Flow sequence')).toBe(`at: ${first}:2:1, document 1`);
    expect(await regions(first, ['input-yaml-syntax'])).toEqual(['input-yaml-syntax 2:1']);
  });

  it('helm values for chart 2.35.0: configmap-data-not-mapping at controller.trafficRouterPlugins (line 2), helm-plugins-not-rendered at controller.stepPlugins (line 6)', async () => {
    const chart = join(dir, 'chart-2.35.0');
    mkdirSync(chart, { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: argo-rollouts\nversion: 2.35.0\nappVersion: v1.6.6\n');
    const values = join(chart, 'values.yaml');
    writeFileSync(values, 'controller:\n  trafficRouterPlugins:\n    - name: "acme/router"\n      location: "https://example.com/router"\n  replicas: 2\n  stepPlugins:\n    - name: "acme/step"\n      location: "https://example.com/step"\n');
    const text = (await runCli(['lint', '-f', values])).stdout;
    expect(atIn(text, 'as the ConfigMap\'s whole data')).toBe(`at: ${values}:2:3`);
    expect(atIn(text, 'controller.stepPlugins is set, but chart 2.35.0')).toBe(`at: ${values}:6:3`);
    expect(await regions(values, ['configmap-data-not-mapping', 'helm-plugins-not-rendered'])).toEqual(['configmap-data-not-mapping 2:3', 'helm-plugins-not-rendered 6:3']);
  });

  it('plugin-not-configured: at the Rollout\'s reference that names the plugin, not at the ConfigMap', async () => {
    // Document 2: the router plugin is named at line 19, the step at line 23 (its `name`).
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        plugins:\n          acme/missing-router: {}\n      steps:\n        - pause: {}\n        - plugin:\n            name: acme/missing-step\n';
    const file = writeTo('rollout-references.yaml', `${CONFIGMAP}---\n${rollout}`);
    const text = (await runCli(['lint', '-f', file])).stdout;
    expect(atIn(text, 'uses acme/missing-router, which is not in trafficRouterPlugins')).toBe(`at: ${file}:19:11, document 2`);
    expect(atIn(text, 'uses acme/missing-step, which is not in stepPlugins')).toBe(`at: ${file}:23:13, document 2`);
    expect(await regions(file, ['plugin-not-configured'])).toEqual(['plugin-not-configured 19:11', 'plugin-not-configured 23:13']);
  });

  it('plugin-not-configured in flow mappings: at the column of the plugin name, not the line\'s first character', async () => {
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  strategy:\n    canary:\n      trafficRouting: {plugins: {acme/missing-router: {}}}\n      steps:\n        - {plugin: {name: acme/missing-step}}\n';
    const template = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: rate}\nspec:\n  metrics:\n    - {name: rate, provider: {plugin: {acme/missing-metric: {}}}}\n';
    // Document 2 starts at line 10: the router at line 16, the step's `name` at line 18; document 3 at line 20: the metric at line 25.
    const file = writeTo('flow-references.yaml', `${CONFIGMAP}---\n${rollout}---\n${template}`);
    expect(await regions(file, ['plugin-not-configured'])).toEqual(['plugin-not-configured 16:34', 'plugin-not-configured 18:21', 'plugin-not-configured 25:40']);
    const { stdout } = await runCli(['lint', '-f', file, '-o', 'json']);
    const locations = (JSON.parse(stdout) as Report).findings.filter((f) => f.id === 'plugin-not-configured').map((f) => f.location);
    expect(locations).toHaveLength(3);
    expect(locations).toEqual(
      expect.arrayContaining([
        { file, document: 2, line: 16, column: 34 },
        { file, document: 2, line: 18, column: 21 },
        { file, document: 3, line: 25, column: 40 },
      ]),
    );
  });

  it('a JSON manifest (kubectl create cm --from-literal -o json): an entry\'s finding at its text inside the data string, not at 1:1 (text, SARIF, -o github, JSON)', async () => {
    // What `kubectl create cm argo-rollouts-config -n argo-rollouts --dry-run=client -o json --from-literal=trafficRouterPlugins=…` writes.
    const json = '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "argo-rollouts-config",\n        "namespace": "argo-rollouts",\n        "creationTimestamp": null\n    },\n    "data": {\n        "trafficRouterPlugins": "- name: argoproj-labs/sample-prometheus\\n  location: https://example.com/x\\n"\n    }\n}\n';
    const file = writeTo('from-literal.json', json);
    // line 10: the key at column 9, its string's opening quote at column 33, the entry's `-` at column 34
    expect(atIn((await runCli(['lint', '-f', file])).stdout, 'argoproj-labs/sample-prometheus is downloaded without a sha256')).toBe(`at: ${file}:10:34, trafficRouterPlugins[0]`);
    expect(await regions(file, ['sha256-missing'])).toEqual(['sha256-missing 10:34']);
    expect((await runCli(['lint', '-f', file, '-o', 'github'])).stdout).toContain(`::warning title=sha256-missing (argoproj-labs/sample-prometheus),file=${file},line=10,col=34::`);
    const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as Report;
    expect(report.findings.find((f) => f.id === 'sha256-missing')?.location).toEqual({ file, key: 'trafficRouterPlugins', entry: 0, line: 10, column: 34 });
  });

  it('a quoted data value in a flow mapping: each entry at its own text inside the string, escapes counted as written', async () => {
    // line 4: the string opens at column 30; the second entry starts at column 82, after the escaped quotes and \n
    const file = writeTo('flow-quoted-data.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata: {trafficRouterPlugins: "- name: acme/one\\n  location: \\"https://e.com/x\\"\\n- name: acme/two\\n  location: https://e.com/y\\n"}\n');
    expect(await regions(file, ['sha256-missing'])).toEqual(['sha256-missing 4:31', 'sha256-missing 4:82']);
    const text = (await runCli(['lint', '-f', file])).stdout;
    expect(atIn(text, 'acme/two is downloaded without a sha256')).toBe(`at: ${file}:4:82, trafficRouterPlugins[1]`);
  });

  it('a quoted data value that folds lines: an entry after the fold is at its key (its place in the string is not exact), one before it at its text', async () => {
    // line 5: the key at column 3, the string at column 25; an escaped line break joins line 6, so the second entry is not where the string's lines are
    const file = writeTo('folded-quoted-data.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: "- name: acme/one\\n  location: https://e.com/x\\n\\\n    - name: acme/two\\n  location: https://e.com/y\\n"\n');
    expect(await regions(file, ['sha256-missing'])).toEqual(['sha256-missing 5:26', 'sha256-missing 5:3']);
  });

  it('a data value the controller cannot decode: config-unmarshal-error, args-not-string-list, disabled-not-boolean, headers-from-malformed at their data key, not at 1:1 (JSON manifest and literal block)', async () => {
    // What `kubectl create cm … -o json --from-literal=…` writes: metricProviderPlugins at line 10, stepPlugins at 11, trafficRouterPlugins at 12, each key at column 9.
    const json = '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "argo-rollouts-config",\n        "namespace": "argo-rollouts",\n        "creationTimestamp": null\n    },\n    "data": {\n        "metricProviderPlugins": "- name: acme/metric\\n  location: https://example.com/m\\n  disabled: \\"true\\"\\n",\n        "stepPlugins": "- name: acme/step\\n  location: https://example.com/s\\n  args: --debug\\n",\n        "trafficRouterPlugins": "- name: acme/router\\n  location: [https://example.com/x]\\n"\n    }\n}\n';
    const file = writeTo('undecodable.json', json);
    expect(await regions(file, ['config-unmarshal-error', 'args-not-string-list', 'disabled-not-boolean'])).toEqual(['args-not-string-list 11:9', 'config-unmarshal-error 12:9', 'disabled-not-boolean 10:9']);
    expect(atIn((await runCli(['lint', '-f', file])).stdout, 'data.trafficRouterPlugins cannot be decoded')).toBe(`at: ${file}:12:9, trafficRouterPlugins`);
    // Literal blocks: a tab under the key at line 5, a headersFrom of the wrong shape under the key at line 8 (column 3).
    const block = writeTo('undecodable-block.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n    - name: acme/router\n    \tlocation: https://example.com/x\n  stepPlugins: |\n    - name: acme/step\n      location: https://example.com/s\n      headersFrom:\n        - secretRef: github-token\n');
    expect(await regions(block, ['config-unmarshal-error', 'headers-from-malformed'])).toEqual(['config-unmarshal-error 5:3', 'headers-from-malformed 8:3']);
  });

  it('plugin-name-mismatch (another case): at the Rollout\'s reference, whose spelling the fix changes first', async () => {
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        plugins:\n          acme/Router: {}\n';
    const file = writeTo('rollout-case.yaml', `${CONFIGMAP}---\n${rollout}`);
    expect(atIn((await runCli(['lint', '-f', file])).stdout, 'uses acme/Router but the ConfigMap says acme/router')).toBe(`at: ${file}:19:11, document 2`);
    expect(await regions(file, ['plugin-name-mismatch'])).toEqual(['plugin-name-mismatch 19:11']);
  });

  it('plugin-name-mismatch (another type): at the entry the fix moves, not at the start of the ConfigMap', async () => {
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  strategy:\n    canary:\n      steps:\n        - plugin:\n            name: acme/router\n';
    const file = writeTo('rollout-other-type.yaml', `${CONFIGMAP}---\n${rollout}`);
    // line 7: '    - name: "acme/router"', under trafficRouterPlugins
    expect(atIn((await runCli(['lint', '-f', file])).stdout, 'uses acme/router as a step plugin, but it is configured under trafficRouterPlugins')).toBe(`at: ${file}:7:5, document 1, trafficRouterPlugins[0]`);
    expect(await regions(file, ['plugin-name-mismatch'])).toEqual(['plugin-name-mismatch 7:5']);
    const { stdout } = await runCli(['lint', '-f', file, '-o', 'json']);
    expect((JSON.parse(stdout) as Report).findings.find((f) => f.id === 'plugin-name-mismatch')?.location).toEqual({ file, document: 1, key: 'trafficRouterPlugins', entry: 0, line: 7, column: 5 });
  });
});

describe('lint -f helm values with controller.createConfigmap: false', () => {
  const restartLines = (stdout: string) => /^On restart .*\n.*$/m.exec(stdout)?.[0].replace(/\s+/g, ' ');
  const unseen = 'On restart UNKNOWN Cannot tell whether a restart would start: the plugin configuration (argo-rollouts-config): the helm values do not create it (controller.createConfigmap: false): the controller reads one applied some other way: lint that one, or run doctor without -f to judge the live one.';

  it.each([
    ['with plugins listed (dropped: helm-plugins-not-rendered)', 'controller:\n  createConfigmap: false\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI\n      location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.8.0/gatewayapi-plugin-linux-amd64\n'],
    ['with none', 'controller:\n  createConfigmap: false\n'],
  ])('%s: the ConfigMap the controller reads is not in them, so On restart is UNKNOWN, not OK; exit 0', async (_name, values) => {
    const { code, stdout } = await runCli(['lint', '-f', writeTo('no-configmap-values.yaml', values), '--chart-version', '2.40.7']);
    expect(restartLines(stdout)).toBe(unseen);
    expect(stdout).toContain('\n  - the plugin configuration (argo-rollouts-config): the helm values do not create it');
    expect(code).toBe(0);
  });

  it('a chart before 2.40.7 ignores the value and renders the ConfigMap: judged as it is', async () => {
    const { stdout } = await runCli(['lint', '-f', writeTo('old-chart-values.yaml', 'controller:\n  createConfigmap: false\n'), '--chart-version', '2.40.6']);
    expect(restartLines(stdout)).toBe('On restart OK The controller would start: no plugin is configured.');
  });
});

describe('lint -f: a headersFrom Secret, which the controller reads at start-up from v1.8.0, is never seen by lint', () => {
  const restartLines = (stdout: string) => /^On restart .*\n.*$/m.exec(stdout)?.[0].replace(/\s+/g, ' ');
  const env = { HTTP_PROXY: '', HTTPS_PROXY: '' };
  let server: LoopbackServer;
  let configMap: string;
  beforeAll(async () => {
    const plugin = readFileSync(await buildGo('plugins/metricprovider-ok'));
    server = await startServer((_req, res) => void res.writeHead(200, { 'content-length': String(plugin.length) }).end(plugin));
    const sha256 = createHash('sha256').update(plugin).digest('hex');
    configMap = writeTo(
      'headers-from.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config, namespace: argo-rollouts}\ndata:\n  metricProviderPlugins: |\n    - name: acme/metric\n      location: ${server.origin}/metric\n      sha256: ${sha256}\n      headersFrom:\n        - secretRef:\n            name: nope-secret\n`,
    );
  });
  afterAll(() => server.close());

  it('lint --probe, its download verified: On restart UNKNOWN, the Secret under Not checked, not OK; exit 0, as a step lint does not take', async () => {
    const { code, stdout } = await runCli(['lint', '--probe', '-f', configMap, '--no-cache', '--controller-version', 'v1.8.3'], { env });
    expect(restartLines(stdout)).toBe("On restart UNKNOWN Cannot tell whether a restart would start: Secret nope-secret in the controller's namespace: not read: lint reads no cluster; doctor checks it.");
    expect(stdout).toContain("\n  - Secret nope-secret in the controller's namespace: not read: lint reads no cluster; doctor checks it\n");
    expect(code).toBe(0);
  });

  it('plain lint lists it under Not checked beside the downloads it did not make', async () => {
    const { stdout } = await runCli(['lint', '-f', configMap], { env });
    expect(stdout).toContain("\n  - downloads, checksums and binaries: lint does not download: add --probe\n  - Secret nope-secret in the controller's namespace: not read: lint reads no cluster; doctor checks it\n");
  });

  it('at v1.7.x, which ignores headersFrom, no Secret is read: no such entry, On restart OK', async () => {
    const { code, stdout } = await runCli(['lint', '--probe', '-f', configMap, '--no-cache', '--controller-version', 'v1.7.2'], { env });
    expect(restartLines(stdout)).toBe('On restart OK The controller would start: nothing in the 1 configured plugin stops it.');
    expect(stdout).not.toContain("Secret nope-secret in the controller's namespace");
    expect(code).toBe(0);
  });
});
