/**
 * The plugin as kubectl sees it: the real kubectl on this machine, with bin/ on PATH. kubectl runs
 * bin/kubectl-rollouts_plugins (`#!/usr/bin/env node`), so the pinned Node 24 comes first on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/go-build.js';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const KUBECTL_DIR = (process.env.PATH ?? '').split(delimiter).find((dir) => dir && existsSync(join(dir, 'kubectl')));
if (!KUBECTL_DIR) throw new Error('kubectl is not on PATH: these tests run the real kubectl');
const PATH = [join(REPO_ROOT, 'node_modules', '.bin'), join(REPO_ROOT, 'bin'), KUBECTL_DIR].join(delimiter);

let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'krp-kubectl-'));
  const kubeconfig = (contexts: string[]) =>
    `apiVersion: v1\nkind: Config\ncontexts:\n${contexts.map((c) => `- name: ${c}\n  context: {cluster: c, user: u}\n`).join('')}`;
  writeFileSync(join(home, 'first.yaml'), kubeconfig(['prod-eu', 'prod-us']));
  writeFileSync(join(home, 'second.yaml'), kubeconfig(['staging']));
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

function kubectl(args: string[]) {
  const result = spawnSync(join(KUBECTL_DIR!, 'kubectl'), args, {
    env: { PATH, HOME: home, NO_COLOR: '1', KUBECONFIG: [join(home, 'first.yaml'), join(home, 'second.yaml')].join(delimiter) },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kubectl finds and runs the plugin', () => {
  it('runs `kubectl rollouts-plugins version` with the pinned Node', () => {
    const result = kubectl(['rollouts-plugins', 'version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`kubectl-rollouts_plugins ${version} (node ${process.versions.node})\n`);
    expect(process.versions.node).toMatch(/^24\./);
  });

  it('lists it in `kubectl plugin list` without warnings', () => {
    const result = kubectl(['plugin', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toContain(join(REPO_ROOT, 'bin', 'kubectl-rollouts_plugins'));
    expect(result.stderr).not.toMatch(/warning/i);
  });

  it('passes the plugin\'s exit code 2 for a usage error through kubectl', () => {
    const result = kubectl(['rollouts-plugins', 'lnt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: unknown command or argument "lnt": did you mean "lint"?');
  });
});

describe('kubectl plugin completion (kubectl 1.26+ runs kubectl_complete-rollouts_plugins)', () => {
  it.each([
    [['ch'], 'checksum\nchecks\n:4\n'],
    [['version', '-o', ''], 'table\njson\nyaml\n:4\n'],
    [['--cont'], '--context\n--controller-version\n:4\n'],
    [['--context', ''], 'prod-eu\nprod-us\nstaging\n:4\n'],
  ])('kubectl __complete rollouts-plugins %j', (words, expected) => {
    const result = kubectl(['__complete', 'rollouts-plugins', ...words]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected);
    expect(result.stderr).toContain(`About to call: ${join(REPO_ROOT, 'bin', 'kubectl_complete-rollouts_plugins')}`);
  });
});
