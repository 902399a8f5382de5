/**
 * CI correctness: every input given is judged, typos in selection flags are usage errors, and the
 * verdict line and the exit code agree. The real bundled CLI, on files and the fixture API server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { runCli } from '../support/cli.js';
import { runDoctor } from '../support/e2e.js';
import { useScenario } from '../cluster/scenarios.js';

const dir = mkdtempSync(join(tmpdir(), 'ci-correctness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\n  namespace: argo-rollouts\ndata:\n${data}`;
const GOOD = configMap(`  trafficRouterPlugins: |\n    - name: argoproj-labs/gatewayAPI\n      location: file:///plugins/gatewayapi\n`);
/** Alone it stops the controller: a 40-character sha256 can never match. */
const BROKEN = configMap(
  `  metricProviderPlugins: |\n    - name: argoproj-labs/sample-prometheus\n      location: https://example.com/metric-plugin-linux-amd64\n      sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c\n`,
);

async function lintJson(args: string[]): Promise<{ code: number | null; report: Report }> {
  const { code, stdout, stderr } = await runCli(['lint', ...args, '-o', 'json']);
  expect(stderr).toBe('');
  return { code, report: JSON.parse(stdout) as Report };
}

describe('lint judges every input', () => {
  const good = write('good.yaml', GOOD);
  const broken = write('broken.yaml', BROKEN);

  it('-f good -f broken fails on the second file and says where', async () => {
    const { code, report } = await lintJson(['-f', good, '-f', broken]);
    expect(code).toBe(1);
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(report.verdict.onRestart.reasons.map((r) => r.finding)).toContain('sha256-wrong-length');
    // what could not be checked names the file it is about
    expect(report.notChecked.map((g) => g.what).join('\n')).toContain(`${good}: `);
    const wrongLength = report.findings.find((f) => f.id === 'sha256-wrong-length');
    // Line 8 of broken.yaml is the entry's `- name:` line, column 5 its dash.
    expect(wrongLength?.location).toEqual({ file: broken, key: 'metricProviderPlugins', entry: 0, line: 8, column: 5 });
    expect(report.plugins.map((p) => p.name).sort()).toEqual(['argoproj-labs/gatewayAPI', 'argoproj-labs/sample-prometheus']);
  });

  it('the table names each file', async () => {
    const { code, stdout } = await runCli(['lint', '-f', good, '-f', broken]);
    expect(code).toBe(1);
    expect(stdout).toContain(`Config:     ${good}; ${broken}`);
    expect(stdout).toContain(`${broken}:8:5`);
  });

  it('-f good -f good passes', async () => {
    const { code, report } = await lintJson(['-f', good, '-f', write('good-too.yaml', GOOD)]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });

  it('a directory is its .yaml/.yml/.json files; -R adds its subdirectories, as kubectl', async () => {
    const tree = join(dir, 'tree');
    write('tree/10-config.yaml', GOOD);
    write('tree/README.md', 'not a manifest');
    // rendered manifests are mostly other kinds: in a directory they are passed over, not an error
    write('tree/00-service.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n');
    write('tree/nested/20-broken.yml', BROKEN);
    const flat = await lintJson(['-f', tree]);
    expect(flat.code).toBe(0);
    expect(flat.report.source.description).toBe(join(tree, '10-config.yaml'));
    const recursive = await lintJson(['-f', tree, '-R']);
    expect(recursive.code).toBe(1);
    expect(recursive.report.findings.find((f) => f.id === 'sha256-wrong-length')?.location?.file).toBe(join(tree, 'nested/20-broken.yml'));
  });

  it('a directory with no manifest, or none this tool lints, is a usage error', async () => {
    mkdirSync(join(dir, 'empty'));
    const empty = await runCli(['lint', '-f', join(dir, 'empty')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('is a directory with no .yaml, .yml or .json file (add -R to read its subdirectories)');
    write('services/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n');
    const services = await runCli(['lint', '-f', join(dir, 'services')]);
    expect(services.code).toBe(2);
    expect(services.stderr).toContain('no argo-rollouts-config ConfigMap, argo-rollouts helm values, Rollout or AnalysisTemplate in any of its manifests');
  });

  it('a file named on its own that holds nothing to lint is still a usage error', async () => {
    const { code, stderr } = await runCli(['lint', '-f', write('svc-alone.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n')]);
    expect(code).toBe(2);
    expect(stderr).toContain('svc-alone.yaml has no argo-rollouts-config ConfigMap');
  });

  it('Rollouts in a file of their own are cross-checked with the configuration; those of another configuration are not', async () => {
    const rollout = (plugin: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        plugins:\n          ${plugin}: {}\n`;
    const alone = write('rollout.yaml', rollout('argoproj-labs/gatewayAPI'));
    const withOwn = write('other-cluster.yaml', `${BROKEN}---\n${rollout('argoproj-labs/sample-prometheus').replace('web', 'metrics')}`);
    const { report } = await lintJson(['-f', good, '-f', alone, '-f', withOwn]);
    const gateway = report.plugins.find((p) => p.name === 'argoproj-labs/gatewayAPI');
    expect(gateway?.usedBy).toEqual(['Rollout shop/web']);
    // good.yaml does not configure sample-prometheus, but the Rollout using it goes with other-cluster.yaml only;
    // rollout.yaml, which holds no configuration, goes with both.
    // The finding points at the Rollout's reference (rollout.yaml, line 9); its evidence names the configuration that lacks the plugin.
    const notConfigured = report.findings.filter((f) => f.id === 'plugin-not-configured');
    expect(notConfigured.map((f) => `${f.location?.file}:${f.location?.line} ${f.plugin?.name}`)).toEqual([`${alone}:9 argoproj-labs/gatewayAPI`]);
    expect(notConfigured[0]?.evidence[1]).toContain(withOwn);
  });
});

describe('typos in selection flags are usage errors (exit 2), before anything is read', () => {
  it.each([
    [['--only', 'nosuchstep'], 'unknown --only "nosuchstep": give a step (config, usage, cluster, probe, binary, handshake) or a check id'],
    [['--only', 'handshak'], 'did you mean "handshake"?'],
    [['--skip', 'probes'], 'unknown --skip "probes"'],
    [['--ignore', 'sha256-mising'], 'unknown --ignore "sha256-mising": give a check id (or id/variant); did you mean "sha256-missing"?'],
    [['--ignore', 'probe'], 'unknown --ignore "probe"'],
  ])('%j', async (args, sentence) => {
    const { code, stdout, stderr } = await runCli(['doctor', '--kubeconfig', '/nonexistent/kubeconfig', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(sentence);
  });
});

describe('doctor against the fixture API server', () => {
  const fixture = useScenario();

  it('--plugin with a name that is not configured is a usage error naming the closest', async () => {
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '--plugin', 'argoproj-labs/gatewayapi', '--only', 'config'], fixture.dirs().env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--plugin "argoproj-labs/gatewayapi" is not in argo-rollouts/argo-rollouts-config');
    expect(result.stderr).toContain('did you mean "argoproj-labs/gatewayAPI"?');
  });

  it('doctor -f: findings point at the line of the file judged', async () => {
    const broken = write('doctor-broken.yaml', BROKEN);
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '-f', broken, '--skip', 'probe', '-o', 'json'], fixture.dirs().env);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.find((f) => f.id === 'sha256-wrong-length')?.location).toEqual({ file: broken, key: 'metricProviderPlugins', entry: 0, line: 8, column: 5 });
  });

  it('--only handshake on a configuration the controller rejects: the verdict and the exit code agree', async () => {
    const rejected = write('rejected.yaml', configMap('  trafficRouterPlugins: "not a list"\n'));
    const only = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '-f', rejected, '--only', 'handshake', '-o', 'json'], fixture.dirs().env);
    const report = JSON.parse(only.stdout) as Report;
    const broken = report.verdict.now.state === 'broken' || report.verdict.onRestart.state === 'broken';
    expect(broken ? 1 : 0).toBe(only.code);
    // the config step did not run: nobody can say it starts
    expect(report.verdict.onRestart.state).toBe('unknown');
    expect(report.notChecked.map((g) => g.why)).toContain('the config step was skipped (--only/--skip)');
    const all = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '-f', rejected, '--skip', 'probe', '-o', 'json'], fixture.dirs().env);
    expect((JSON.parse(all.stdout) as Report).verdict.onRestart.state).toBe('broken');
    expect(all.code).toBe(1);
  });
});
