/** lint -f inputs: what is found where, and bad input ending in one clear sentence, fast. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintInputs, type LintResult } from '../../src/config/lint.js';
import { chartAppVersion } from '../../src/config/helm-chart.js';
import { lintOne } from '../support/lint.js';
import { loadSources, UsageError } from '../../src/config/sources.js';
import { billionLaughs } from './corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const CM = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\n  namespace: argo-rollouts\ndata:\n${data}`;
const TR = `  trafficRouterPlugins: |\n    - name: argoproj-labs/gatewayAPI\n      location: https://example.com/gatewayapi-plugin-linux-amd64\n`;

async function usageError(paths: string[], readStdin?: () => Promise<string | Buffer>): Promise<string> {
  const started = Date.now();
  const error = await loadSources(paths, readStdin ? { readStdin } : {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as UsageError).message;
  expect(message).not.toContain('\n'); // one sentence, never a stack
  expect(Date.now() - started).toBeLessThan(3000);
  return message;
}

describe('loadSources: usage errors (exit 2)', () => {
  it('missing file', async () => {
    expect(await usageError([join(dir, 'nope.yaml')])).toMatch(/nope\.yaml: no such file$/);
  });
  it('a directory', async () => {
    mkdirSync(join(dir, 'adir'));
    expect(await usageError([join(dir, 'adir')])).toContain('is a directory');
  });
  it('a 50 MB file is refused without being read', async () => {
    const path = file('huge.yaml', '');
    truncateSync(path, 50 * 1024 * 1024);
    expect(await usageError([path])).toContain('is 50.0 MiB, too large');
  });
  it('binary garbage', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(await usageError([file('garbage.bin', bytes)])).toContain('is binary data, not YAML');
  });
  it('non-UTF-8 bytes, with the offset', async () => {
    const latin1 = Buffer.concat([Buffer.from(CM('  note: caf')), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(await usageError([file('latin1.yaml', latin1)])).toMatch(/not valid UTF-8 \(byte 0xe9 at offset \d+\)/);
  });
  it('an empty stream', async () => {
    expect(await usageError([file('empty.yaml', '---\n# nothing\n')])).toContain('is empty');
  });

  it('a kustomization is not linted as if it were its output: the message says how to lint what it renders', async () => {
    const message = await usageError([file('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [install.yaml]\n')]);
    expect(message).toContain('is a kustomization, not what it renders');
    expect(message).toMatch(/kustomize build \S+ \| kubectl rollouts-plugins lint -f -/);
  });

  it('a kustomization found in a directory refuses the directory: its base alone would pass without the plugin it patches in', async () => {
    const kdir = join(dir, 'kdir');
    mkdirSync(kdir);
    writeFileSync(join(kdir, 'base-config.yaml'), CM('  {}\n').replace('data:\n  {}', 'data: {}'));
    writeFileSync(join(kdir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [base-config.yaml]\npatches:\n  - path: plugins.yaml\n');
    const error = await loadSources([kdir], { recursive: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`${join(kdir, 'kustomization.yaml')} is a kustomization, not what it renders: lint its output, e.g. kustomize build ${kdir} | kubectl rollouts-plugins lint -f -`);
  });

  it('a values file with comments only is the chart\'s defaults: a ConfigMap with no plugins, not a usage error', async () => {
    const loaded = await loadSources([file('default-values.yaml', '# chart defaults\n')]);
    expect(loaded.description).toContain("none set: the chart's defaults");
    expect(loaded.data).toEqual({});
  });
  it('malformed YAML, with line and column', async () => {
    expect(await usageError([file('bad.yaml', 'kind: ConfigMap\nmetadata: {name: [x\n')])).toMatch(/line \d+, column \d+/);
  });
  it('tabs used for indentation', async () => {
    expect(await usageError([file('tabs.yaml', 'kind: ConfigMap\nmetadata:\n\tname: argo-rollouts-config\n')])).toContain('line 3: found a tab character that violates indentation');
  });
  it('a billion-laughs alias bomb is stopped, like go-yaml does', async () => {
    expect(await usageError([file('bomb.yaml', billionLaughs())])).toContain('document contains excessive aliasing');
  });
  it('YAML that holds nothing to lint', async () => {
    expect(await usageError([file('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n')])).toContain(
      'has no argo-rollouts-config ConfigMap, argo-rollouts helm values, Rollout or AnalysisTemplate',
    );
  });
  it('stdin not available', async () => {
    expect(await usageError(['-'])).toContain('stdin');
  });
});

describe('loadSources: what is found', () => {
  it('picks the ConfigMap out of a multi-document stream and says which document', async () => {
    const stream = `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: argo-rollouts}\n---\n${CM(TR)}---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        plugins:\n          argoproj-labs/gatewayAPI: {httpRoute: web}\n`;
    const result = await lintOne([file('stream.yaml', stream)]);
    expect(result.source.description).toMatch(/stream\.yaml \(document 2\)$/);
    expect(result.plugins).toEqual([
      expect.objectContaining({ name: 'argoproj-labs/gatewayAPI', target: 'https://example.com/gatewayapi-plugin-linux-amd64', sha256: 'unpinned', usedBy: ['Rollout shop/web'] }),
    ]);
    expect(result.verdict.outcome).toBe('accepted');
  });

  it('reads stdin for -', async () => {
    const result = await lintOne(['-'], { readStdin: async () => CM(TR) });
    expect(result.source.description).toBe('stdin');
    expect(result.plugins).toHaveLength(1);
  });

  it('takes Rollouts from another file for the usage cross-check', async () => {
    const rollout = `kind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        plugins:\n          argoproj-labs/gatewayapi: {}\n`;
    const result = await lintOne([file('cm.yaml', CM(TR)), file('rollout.yaml', rollout)]);
    expect(result.findings.find((f) => f.id === 'plugin-name-mismatch')?.title).toBe('Rollout shop/web uses argoproj-labs/gatewayapi but the ConfigMap says argoproj-labs/gatewayAPI');
  });

  it('renders helm values the way the chart does and flags the old map shape', async () => {
    const values = `controller:\n  replicas: 2\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: argoproj-labs/gatewayAPI\n        location: https://example.com/gatewayapi-plugin-linux-amd64\n`;
    const result = await lintOne([file('values.yaml', values)]);
    expect(result.source.description).toContain('helm values');
    expect(result.verdict.fatal?.message).toBe(
      'Failed to init config: failed to unmarshal traffic router plugins while initializing: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []types.PluginItem',
    );
    const ids = result.findings.map((f) => f.id);
    expect(ids).toContain('helm-values-map-shape');
    expect(ids).toContain('value-not-a-list');
    expect(result.findings.find((f) => f.id === 'helm-values-map-shape')?.fix).toContain('    - name: argoproj-labs/gatewayAPI');
  });

  it('reads current helm values (a list) as the ConfigMap the chart renders', async () => {
    const values = `controller:\n  metricProviderPlugins:\n    - name: argoproj-labs/sample-prometheus\n      location: file://./metric-plugin\n`;
    const result = await lintOne([file('values-ok.yaml', values)]);
    expect(result.plugins).toEqual([expect.objectContaining({ type: 'metricprovider', target: '/home/argo-rollouts/metric-plugin', sha256: 'unchecked' })]);
    expect(result.verdict.outcome).toBe('accepted');
  });

  it('accepts kubectl get -o yaml List output', async () => {
    const listed = `apiVersion: v1\nkind: List\nitems:\n- ${CM(TR).split('\n').join('\n  ')}\n`;
    const result = await lintOne([file('list.yaml', listed)]);
    expect(result.plugins).toHaveLength(1);
  });

  it('a broken document next to a good one is a finding, not an exit', async () => {
    const result = await lintOne([file('half.yaml', `${CM(TR)}---\nkind: [\n`)]);
    expect(result.findings.map((f) => f.id)).toContain('input-yaml-syntax');
    expect(result.plugins).toHaveLength(1);
  });

  it('an alias bomb inside a data value is the controller fatal, found in bounded time', async () => {
    const bomb = billionLaughs().split('\n').map((l) => `    ${l}`).join('\n');
    const started = Date.now();
    const result = await lintOne([file('bomb-in-data.yaml', CM(`  trafficRouterPlugins: |\n${bomb}\n`))]);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.verdict.fatal?.message).toContain('error converting YAML to JSON: yaml: document contains excessive aliasing');
  });
});

describe('lint -f options', () => {
  it('an unreadable --controller-version is a usage error', async () => {
    const path = file('cm-version.yaml', CM(TR));
    await expect(lintOne([path], { controllerVersion: 'latest' })).rejects.toThrow(UsageError);
    expect((await lintOne([path], { controllerVersion: 'v1.6.6' })).config.versionKnown).toBe(true);
  });

  it('helm values with createConfigmap: false render no ConfigMap: the plugins they list are said to be dropped, once', async () => {
    const values = `controller:\n  createConfigmap: false\n  trafficRouterPlugins:\n    - name: a/b\n      location: file:///p\n`;
    const result = await lintOne([file('values-nocm.yaml', values)]);
    expect(result.config.configMapFound).toBe(false);
    expect(result.findings.map((f) => f.id)).toEqual(['helm-plugins-not-rendered']);
    const bare = await lintOne([file('values-nocm-bare.yaml', 'controller:\n  createConfigmap: false\n')]);
    expect(bare.findings.find((f) => f.id === 'configmap-missing')?.evidence[0]).toContain('createConfigmap is false');
  });
});

describe('loadSources: pipes', () => {
  it('reads a path that is a pipe (no size), e.g. <(kustomize build)', async () => {
    const { spawn } = await import('node:child_process');
    const fifo = join(dir, 'fifo');
    const mk = spawn('mkfifo', [fifo]);
    await new Promise((resolve) => mk.on('close', resolve));
    const writer = import('node:fs/promises').then((fs) => fs.writeFile(fifo, CM(TR)));
    const result = await lintOne([fifo]);
    await writer;
    expect(result.plugins).toHaveLength(1);
  });

  it('reads a pipe larger than its first buffer whole (the entry comes after 300 kB)', async () => {
    const fifo = join(dir, 'fifo-large');
    execFileSync('mkfifo', [fifo]);
    const writer = import('node:fs/promises').then((fs) => fs.writeFile(fifo, `# ${'x'.repeat(300_000)}\n${CM(TR)}`));
    const result = await lintOne([fifo]);
    await writer;
    expect(result.plugins).toHaveLength(1);
  });
});

describe('helm values: the chart release from the Chart.yaml beside them', () => {
  const GW = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64';
  const SHA = 'a3f1c0e0b8d2c6f4e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6';
  const mapShape = `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: argoproj-labs/gatewayAPI\n        location: ${GW}\n        sha256: ${SHA}\n`;
  const listShape = `controller:\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI\n      location: ${GW}\n      sha256: ${SHA}\n`;
  function chartDir(name: string, chartYaml: string, values: string): string {
    const d = join(dir, name);
    mkdirSync(d);
    writeFileSync(join(d, 'Chart.yaml'), chartYaml);
    writeFileSync(join(d, 'values.yaml'), values);
    return join(d, 'values.yaml');
  }
  const ids = async (path: string) => (await lintOne([path])).findings.map((f) => f.id);

  it('the map shape is right for chart 2.37.7 itself: the ConfigMap gets the plugin string, no finding', async () => {
    const path = chartDir('chart-2.37.7', 'apiVersion: v2\nname: argo-rollouts\nversion: 2.37.7\n', mapShape);
    const result = await lintOne([path]);
    expect(result.source.description).toContain('as argo-rollouts chart 2.37.7 renders them');
    expect(result.findings.map((f) => f.id)).toEqual([]);
    expect(result.plugins.map((p) => p.name)).toEqual(['argoproj-labs/gatewayAPI']);
  });

  it('the map shape with an umbrella chart depending on 2.37.8 is fatal; without a Chart.yaml the newest chart is assumed', async () => {
    const umbrella = 'apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n  - name: argo-rollouts\n    version: 2.37.8\n    repository: https://argoproj.github.io/argo-helm\n';
    expect(await ids(chartDir('umbrella-2.37.8', umbrella, mapShape))).toContain('helm-values-map-shape');
    expect(await ids(file('no-chart-values.yaml', mapShape))).toContain('helm-values-map-shape');
  });

  it('the list shape with chart 2.37.7 renders a list as the whole data (argo-helm #2957)', async () => {
    const path = chartDir('chart-2.37.7-list', 'apiVersion: v2\nname: argo-rollouts\nversion: 2.37.7\n', listShape);
    const result = await lintOne([path]);
    expect(result.findings.map((f) => f.id)).toEqual(['configmap-data-not-mapping']);
    expect(result.findings[0]!.fix).toContain('trafficRouterPlugins: |-');
  });

  it('a version range is not a release: the newest chart is assumed', async () => {
    const umbrella = 'apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n  - {name: argo-rollouts, version: "~2.37.0"}\n';
    expect(await ids(chartDir('umbrella-range', umbrella, listShape))).toEqual([]);
  });

  it('stepPlugins before chart 2.39.1 and createConfigmap before 2.40.7 are not read by the chart', async () => {
    const steps = `controller:\n  stepPlugins:\n    - name: a/b\n      location: file:///p\n`;
    expect(await ids(chartDir('chart-2.39.0', 'apiVersion: v2\nname: argo-rollouts\nversion: 2.39.0\n', steps))).toEqual(['helm-plugins-not-rendered', 'no-plugins-configured']);
    const noCm = `controller:\n  createConfigmap: false\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI\n      location: ${GW}\n      sha256: ${SHA}\n`;
    const old = await lintOne([chartDir('chart-2.40.6', 'apiVersion: v2\nname: argo-rollouts\nversion: 2.40.6\n', noCm)]);
    expect(old.config.configMapFound).toBe(true);
    expect(old.findings.map((f) => f.id)).toEqual([]);
    expect(await ids(chartDir('chart-2.40.7', 'apiVersion: v2\nname: argo-rollouts\nversion: 2.40.7\n', noCm))).toEqual(['helm-plugins-not-rendered']);
  });
});

describe('helm values: the controller release of their chart (appVersion) gates the checks', () => {
  const GW = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64';
  const SHA = 'a3f1c0e0b8d2c6f4e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6';
  const plugin = `controller:\n  trafficRouterPlugins:\n    - name: argoproj-labs/gatewayAPI\n      location: ${GW}\n      sha256: ${SHA}\n`;
  // Charts before 2.37.8 take the plugins as a map holding the ConfigMap string.
  const mapPlugin = `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: argoproj-labs/gatewayAPI\n        location: ${GW}\n        sha256: ${SHA}\n`;
  const keyed = (result: LintResult) => result.findings.map((f) => `${f.id}${f.variant ? `/${f.variant}` : ''}`);

  it.each([
    ['2.0.0', 'v1.0.2'],
    ['2.28.0', 'v1.5.0'],
    ['2.35.3', 'v1.6.6'],
    ['2.36.0', 'v1.7.0'],
    ['2.36.2', 'v1.7.0'],
    ['2.37.0', 'v1.7.1'],
    ['2.37.7', 'v1.7.2'],
    ['2.37.8', 'v1.7.2'],
    ['2.38.2', 'v1.7.2'],
    ['2.39.0', 'v1.8.0'],
    ['2.39.1', 'v1.8.0'],
    ['2.40.7', 'v1.8.4'],
    ['2.40.8', 'v1.9.0'],
    ['2.41.0', 'v1.9.0'],
    ['2.41.1', undefined],
    ['1.0.4', undefined],
    ['~2.37.0', undefined],
  ])('chart %s installs controller %s (argo-helm Chart.yaml appVersion)', (chart, controller) => {
    expect(chartAppVersion(chart)).toBe(controller);
  });

  it('chart 2.36.x (Chart.yaml beside the values) is controller v1.7.0, whose stock install has no writable plugin-bin; 2.37.0 (v1.7.1) fixed it', async () => {
    const d = join(dir, 'gen-2.36');
    mkdirSync(d);
    writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: argo-rollouts\nversion: 2.36.2\n');
    writeFileSync(join(d, 'values.yaml'), mapPlugin);
    const result = await lintOne([join(d, 'values.yaml')]);
    expect(result.config.controllerVersion).toBe('v1.7.0');
    expect(result.assumed).toBeUndefined();
    expect(keyed(result)).toEqual(['feature-needs-newer-controller/stock-install-no-plugin-bin']);
    expect(keyed(await lintOne([join(d, 'values.yaml')], { chartVersion: '2.37.0' }))).toEqual([]);
  });

  it('--chart-version 2.37.7 vs 2.37.8: the old map shape renders fine, then becomes a mapping the controller rejects', async () => {
    const mapShape = `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: argoproj-labs/gatewayAPI\n        location: ${GW}\n        sha256: ${SHA}\n`;
    const path = file('map-shape-flag.yaml', mapShape);
    const old = await lintOne([path], { chartVersion: '2.37.7' });
    expect(old.source.description).toContain('as argo-rollouts chart 2.37.7 renders them');
    expect(old.config.controllerVersion).toBe('v1.7.2');
    expect(keyed(old)).toEqual([]);
    expect(keyed(await lintOne([path], { chartVersion: '2.37.8' }))).toContain('helm-values-map-shape');
  });

  it('--chart-version wins over the Chart.yaml beside the values', async () => {
    const d = join(dir, 'flag-over-chart');
    mkdirSync(d);
    writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: argo-rollouts\nversion: 2.36.0\n');
    writeFileSync(join(d, 'values.yaml'), plugin);
    expect((await lintOne([join(d, 'values.yaml')], { chartVersion: '2.40.0' })).config.controllerVersion).toBe('v1.8.3');
  });

  it('chart 2.38.2 is controller v1.7.2, which ignores headersFrom; 2.39.0 (v1.8.0) reads it', async () => {
    const headers = `${plugin}      headersFrom:\n        - secretRef:\n            name: download-token\n`;
    const path = file('headers-values.yaml', headers);
    const old = await lintOne([path], { chartVersion: '2.38.2' });
    expect(keyed(old)).toEqual(['feature-needs-newer-controller/headers-ignored']);
    expect(old.findings[0]!.title).toContain('controller v1.7.2 ignores headersFrom');
    expect(keyed(await lintOne([path], { chartVersion: '2.39.0' }))).toEqual([]);
  });

  it('chart 2.39.0 renders no stepPlugins; 2.39.1 renders them for controller v1.8.0, which reads them', async () => {
    const steps = `controller:\n  stepPlugins:\n    - name: acme/notify\n      location: file:///plugins/notify\n`;
    const path = file('steps-values.yaml', steps);
    expect(keyed(await lintOne([path], { chartVersion: '2.39.0' }))).toEqual(['helm-plugins-not-rendered', 'no-plugins-configured']);
    const current = await lintOne([path], { chartVersion: '2.39.1' });
    expect(current.config.controllerVersion).toBe('v1.8.0');
    expect(current.plugins.map((p) => p.name)).toEqual(['acme/notify']);
    expect(keyed(current)).not.toContain('feature-needs-newer-controller/key-ignored');
  });

  it('chart 2.40.6 ignores createConfigmap: false; 2.40.7 honours it and renders no ConfigMap', async () => {
    const path = file('no-cm-values.yaml', `controller:\n  createConfigmap: false\n${plugin.replace('controller:\n', '')}`);
    const old = await lintOne([path], { chartVersion: '2.40.6' });
    expect(old.config.configMapFound).toBe(true);
    expect(old.config.controllerVersion).toBe('v1.8.4');
    expect(keyed(await lintOne([path], { chartVersion: '2.40.7' }))).toEqual(['helm-plugins-not-rendered']);
  });

  it('precedence: --controller-version, then controller.image.tag, then the chart appVersion', async () => {
    const d = join(dir, 'precedence');
    mkdirSync(d);
    writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: argo-rollouts\nversion: 2.36.1\n');
    writeFileSync(join(d, 'values.yaml'), mapPlugin);
    writeFileSync(join(d, 'tagged-values.yaml'), `${mapPlugin.replace('controller:\n', 'controller:\n  image:\n    tag: v1.7.1\n')}`);
    expect(keyed(await lintOne([join(d, 'values.yaml')]))).toEqual(['feature-needs-newer-controller/stock-install-no-plugin-bin']);
    expect((await lintOne([join(d, 'values.yaml')], { controllerVersion: 'v1.8.3' })).findings).toEqual([]);
    const tagged = await lintOne([join(d, 'tagged-values.yaml')]);
    expect(tagged.config.controllerVersion).toBe('v1.7.1');
    expect(tagged.findings).toEqual([]);
    // `latest` is not the chart's appVersion: the release is not known, and that is said.
    writeFileSync(join(d, 'latest-values.yaml'), `${mapPlugin.replace('controller:\n', 'controller:\n  image:\n    tag: latest\n')}`);
    const latest = await lintOne([join(d, 'latest-values.yaml')]);
    expect(latest.config.versionKnown).toBe(false);
    expect(latest.assumed).toMatch(/^controller\.image\.tag latest names no release: judged as the newest/);
  });

  it('unknown: no Chart.yaml, a version range, or a chart newer than the table: the assumption is said', async () => {
    const [plain] = await lintInputs([file('unknown-values.yaml', plugin)]);
    expect(plain!.assumed).toMatch(/^no argo-rollouts chart release is known .*judged as the newest argo-helm chart the tool knows \(2\.41\.0, controller v1\.9\.0\)/);
    expect(plain!.config.versionKnown).toBe(false);
    expect((await lintOne([file('newer-values.yaml', plugin)], { chartVersion: '2.99.0' })).assumed).toMatch(/^argo-rollouts chart 2\.99\.0 \(--chart-version\) is newer than the releases the tool knows/);
    // A ConfigMap is no helm values: nothing about charts is assumed for it.
    expect((await lintOne([file('cm-no-chart.yaml', CM(TR))])).assumed).toBeUndefined();
  });
});
