/** `npm run check:real-world -- DIR` over a directory the test writes: one row per file, as lint judges it. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess, type CliResult } from '../support/cli.js';
import { REPO_ROOT } from '../support/go-build.js';

const dir = mkdtempSync(join(tmpdir(), 'real-world-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const configMap = (entries: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n${entries.split('\n').map((l) => `    ${l}`).join('\n')}\n`;

function run(args: string[]): Promise<CliResult> {
  return runProcess(process.execPath, [join(REPO_ROOT, 'scripts/check-real-world.mjs'), ...args], { timeoutMs: 120_000 });
}

describe('check:real-world', () => {
  it('prints one row per YAML file (subdirectories too) with its exit code, restart verdict and findings, honouring # lint-args', async () => {
    writeFileSync(join(dir, 'darwin.yaml'), configMap('- name: argoproj-labs/gatewayAPI\n  location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.0.1/gateway-api-plugin-darwin-arm64'));
    writeFileSync(join(dir, 'old-sha.yaml'), `# lint-args: --controller-version v1.6.6\n${configMap('- name: a/b\n  location: https://example.com/p\n  sha256: a3f1c0e0b8d2c6f4e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6')}`);
    mkdirSync(join(dir, 'helm'));
    writeFileSync(join(dir, 'helm', 'ci-values.yaml'), 'installCRDs: false\n');
    writeFileSync(join(dir, 'helm', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [x.yaml]\n');
    writeFileSync(join(dir, 'notes.txt'), 'not YAML, not listed');
    const { code, stdout } = await run([dir]);
    expect(code).toBe(0);
    const rows = stdout.split('\n');
    const row = (file: string) => rows.find((r) => r.startsWith(file)) ?? '';
    expect(row('darwin.yaml')).toMatch(/^darwin\.yaml\s+1\s+unknown\s+E:location-asset-other-platform W:sha256-missing$/);
    expect(row('old-sha.yaml [--controller-version v1.6.6]')).toMatch(/\s1\s+broken\s+E:feature-needs-newer-controller\/sha256-always-fails$/);
    expect(row('helm/ci-values.yaml')).toMatch(/\s0\s+ok\s+\(no errors or warnings\)$/);
    expect(row('helm/kustomization.yaml')).toMatch(/\s2\s+-\s+error: .*is a kustomization/);
    expect(stdout).not.toContain('notes.txt');
    expect(stdout).toContain('4 files; exit codes: 0: 1, 1: 2, 2: 1');
  });

  it('says how to use it without a directory', async () => {
    const { code, stderr } = await run([join(dir, 'missing')]);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npm run check:real-world -- DIR');
  });
});
