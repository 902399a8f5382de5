/**
 * The fixture plugins under test/go/plugins and the go-plugin reference host under test/go/host,
 * built once per run with buildGo() (cached by source hash), and a runner for the host.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginType } from '../../src/core/finding.js';
import { buildGo, REPO_ROOT } from './go-build.js';

export const FIXTURE_NAMES = readdirSync(join(REPO_ROOT, 'test/go/plugins')).sort();

export interface HandshakeBinaries {
  plugins: Record<string, string>;
  host: string;
}

/** Builds every fixture and the host, two at a time (CI has 2 cores). */
export async function buildHandshakeBinaries(): Promise<HandshakeBinaries> {
  const packages = ['host', ...FIXTURE_NAMES.map((n) => `plugins/${n}`)];
  const built: Record<string, string> = {};
  const queue = [...packages];
  const worker = async (): Promise<void> => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) built[pkg] = await buildGo(pkg);
  };
  await Promise.all([worker(), worker()]);
  const plugins = Object.fromEntries(FIXTURE_NAMES.map((n) => [n, built[`plugins/${n}`] as string]));
  return { plugins, host: built.host as string };
}

/** What go-plugin's own client made of a plugin (see test/go/host/main.go). */
export interface GoHostResult {
  started: boolean;
  startError?: string;
  pingError?: string;
  dispensed: boolean;
  dispenseError?: string;
  type?: string;
  typeError?: string;
  initError?: string;
  ms: number;
}

export interface GoHostRun {
  result: GoHostResult;
  /** Each round, Kill included. */
  roundMs: number[];
  /** Each round, until its last Plugin.Type answer. */
  typeMs: number[];
}

export async function runGoHost(
  host: string,
  binary: string,
  options: { type: PluginType; args?: string[]; init?: boolean; timeoutMs?: number; repeat?: number; parallel?: number },
): Promise<GoHostRun> {
  const argv = [
    `-binary=${binary}`,
    `-type=${options.type}`,
    `-init=${options.init ?? false}`,
    `-timeout=${options.timeoutMs ?? 10_000}`,
    `-repeat=${options.repeat ?? 1}`,
    `-parallel=${options.parallel ?? 1}`,
    '--',
    ...(options.args ?? []),
  ];
  // Its own process group, ended afterwards: go-plugin's Kill() ends the plugin, not what the plugin started.
  // Its own TMPDIR, removed afterwards: a killed go-plugin server leaves its unix socket there.
  const tmp = mkdtempSync(join(tmpdir(), 'go-host-'));
  const child = spawn(host, argv, { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tmp } });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`go-plugin host exited with ${code}: ${stdout}`);
    return JSON.parse(stdout) as GoHostRun;
  } finally {
    clearTimeout(timer);
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

