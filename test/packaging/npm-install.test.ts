/**
 * The npm package as a user gets it: the working tree copied like a fresh clone (tracked and new
 * files, no dist/), `npm pack` (whose `prepack` builds the bundle), `npm install -g` of the tarball
 * into a private prefix, offline, and the installed command run against the fixture API server.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScenario, type ScenarioHandle } from '../cluster/scenarios.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGE = 'kubectl-rollouts-plugins';
// The pinned Node first, as a user with Node 24 on PATH has it.
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
const NPM_TIMEOUT_MS = 180_000;
// Asynchronous, so the test worker stays responsive while npm works.
const run = promisify(execFile);

let work: string;
let installed: string;
let installStderr: string;
let bin: string;
let scenario: ScenarioHandle;

function treeBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const path = join(dir, e.name);
    return sum + (e.isDirectory() ? treeBytes(path) : statSync(path).size);
  }, 0);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'krp-npm-'));
  const clone = join(work, 'clone');
  const { stdout: files } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  for (const file of files.split('\0').filter((f) => f && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  // What `npm ci` would put there: the build inputs (the bundle's libraries, esbuild).
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  const npmEnv = { ...process.env, PATH, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' };
  const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: clone, env: npmEnv, encoding: 'utf8', timeout: NPM_TIMEOUT_MS });
  const tarball = join(work, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  const prefix = join(work, 'prefix');
  ({ stderr: installStderr } = await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: work, env: npmEnv, encoding: 'utf8', timeout: NPM_TIMEOUT_MS }));
  installed = join(prefix, 'lib', 'node_modules', PACKAGE);
  bin = join(prefix, 'bin', 'kubectl-rollouts_plugins');
  scenario = await startScenario();
}, 2 * NPM_TIMEOUT_MS);

afterAll(async () => {
  await scenario?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the installed command with this (the pinned) Node; asynchronous, as the fixture API server lives in this process. */
function runInstalled(args: string[], nodeArgs: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const options = { cwd: work, env: { PATH, HOME: work, NO_COLOR: '1', XDG_CACHE_HOME: join(work, 'cache') }, encoding: 'utf8' as const, timeout: 60_000 };
    execFile(process.execPath, [...nodeArgs, bin, ...args], options, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('npm pack + npm install -g', () => {
  it('installs the bundle alone: no dependency tree, a few MB', () => {
    expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'docs', 'package.json']);
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    const mib = treeBytes(installed) / 1024 / 1024;
    expect(mib).toBeLessThan(8);
  });

  it('installs without a word from npm: the package has no install-time script to allow', () => {
    // npm 11 lists a package's prepare/install scripts and suggests --allow-scripts, which would run the
    // checkout's build without its sources; the build belongs to prepack, which only the packer runs.
    expect(installStderr).toBe('');
  });

  it('runs doctor against a cluster', async () => {
    const result = await runInstalled(['doctor', '--kubeconfig', scenario.kubeconfig(), '--skip', 'probe', '--skip', 'binary', '--skip', 'handshake']);
    expect(result.stdout).toContain('Controller: argo-rollouts/argo-rollouts');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sha256-missing');
  });

  it('installs the completion helper kubectl runs', () => {
    const result = spawnSync(process.execPath, [join(dirname(bin), 'kubectl_complete-rollouts_plugins'), 'ch'], { env: { PATH }, encoding: 'utf8', timeout: 30_000 });
    expect(result.stdout).toBe('checksum\nchecks\n:4\n');
  });

  it('says which Node it needs on an older one, and exits 2', async () => {
    // This Node reporting itself as 20.19.0: what the check reads before the bundle is loaded.
    const asNode20 = `data:text/javascript,Object.defineProperty(process.versions, 'node', { value: '20.19.0' })`;
    const result = await runInstalled(['lint', '-f', 'x.yaml'], ['--import', asNode20]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: kubectl rollouts-plugins needs Node.js 24 or newer, but \S+ is Node.js 20.19.0.\nPut Node.js 24 first on PATH, or install the standalone executable/);
  });
});
