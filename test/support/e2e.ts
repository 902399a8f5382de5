/**
 * End-to-end helpers: the real bundled CLI as a child process (asynchronously: the fixture servers
 * live in the test process), each run in its own temp dirs, a loopback plugin download server, and
 * golden files for the table output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { CLI_BIN, runProcess, type CliResult } from './cli.js';
import { REPO_ROOT } from './go-build.js';
import { alive, allPids } from './processes.js';

export interface DoctorRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/** One CLI process: its handle, what it wrote so far, and its end. */
export interface CliProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  done: Promise<DoctorRun>;
}

/**
 * A sandbox for one run: the download cache (XDG_CACHE_HOME) and TMPDIR (where the handshake makes
 * its working dirs and sockets) are fresh, so a test can prove the run left nothing there.
 */
export interface RunDirs {
  root: string;
  cache: string;
  tmp: string;
  env: Record<string, string>;
  remove(): void;
}

export function runDirs(): RunDirs {
  const root = mkdtempSync(join(tmpdir(), 'e2e-'));
  const cache = join(root, 'cache');
  const tmp = join(root, 'tmp');
  mkdirSync(tmp);
  return {
    root,
    cache,
    tmp,
    env: { XDG_CACHE_HOME: cache, TMPDIR: tmp, NO_COLOR: '1' },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Starts `bin/kubectl-rollouts_plugins ARGS` with the pinned Node; stdout and stderr are pipes (not a terminal). */
export function spawnCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): CliProcess {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (output.stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output.stderr += d.toString('utf8')));
  const done = new Promise<DoctorRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, ...output, ms: Date.now() - started }));
  });
  return { child, output, done };
}

export function runDoctor(args: string[], env: Record<string, string> = {}, timeoutMs?: number): Promise<DoctorRun> {
  return spawnCli(['doctor', ...args], env, timeoutMs).done;
}

/**
 * Runs a printed command line as pasted into a shell, with the real kubectl and no KUBECONFIG of its
 * own (HOME is in `dirs`); `kubectl rollouts-plugins` is this build, installed as kubectl finds a plugin (on PATH).
 */
export async function pasteLine(dirs: RunDirs, line: string): Promise<CliResult> {
  const home = join(dirs.root, 'home');
  const bin = join(dirs.root, 'bin');
  mkdirSync(home, { recursive: true });
  mkdirSync(bin, { recursive: true });
  const installed = join(bin, 'kubectl-rollouts_plugins');
  if (!existsSync(installed)) symlinkSync(CLI_BIN, installed);
  return runProcess('sh', ['-c', line], { env: { PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`, HOME: home }, timeoutMs: 30_000 });
}

/** Resolves when `predicate` holds, polling; fails after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a path on the plugin server answers: bytes, a status, or nothing at all (the request hangs). */
export type PluginRoute = { body: Buffer } | { status: number } | { hang: true };

export interface PluginServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Connections the server holds open now (a client that went away has closed its own). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startPluginServer(routes: Record<string, PluginRoute>): Promise<PluginServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://plugins').pathname;
    requests.push(path);
    const route = routes[path] ?? { status: 404 };
    if ('hang' in route) return;
    if ('status' in route) {
      res.writeHead(route.status, { 'Content-Type': 'text/plain' }).end(http.STATUS_CODES[route.status] ?? '');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': route.body.length }).end(route.body);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    openConnections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A ConfigMap overlay (scenario YAML) with these data keys, changed before the pods started. */
export function configMapOverlay(data: Record<string, string>): string {
  const indent = (text: string) => text.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: argo-rollouts-config',
    '  namespace: argo-rollouts',
    '  creationTimestamp: "2026-11-01T10:00:00Z"',
    'data:',
    ...Object.entries(data).map(([key, value]) => `  ${key}: |\n${indent(value)}`),
    '',
  ].join('\n');
}

/** Replaces what differs between runs (ports, temp dirs, digests of Go builds, timings, sizes). */
export function normalize(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(new RegExp(`${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[\\w.-]+`, 'g'), '<tmp>')
    .replace(/\b[0-9a-f]{64}\b/g, '<sha256>')
    // the rest of a digest the table wrapped or shortened (cache paths)
    .replace(/\b[0-9a-f]{16,}/g, '<hex>')
    .replace(/\b\d+ bytes\b/g, '<n> bytes')
    // a time or size in a table cell: the padding after it depends on its width
    .replace(/\b\d+(\.\d+)?\s?(ms|µs|s)\b(\*?)( {2,})?/g, (_m, _f, _u, star: string, pad?: string) => `<time>${star}${pad ? ' ' : ''}`)
    .replace(/\b\d+(\.\d+)?\s?(B|KiB|MiB|GiB)\b( {2,})?/g, (_m, _f, _u, pad?: string) => (pad ? '<size> ' : '<size>'));
}

const GOLDEN_DIR = join(REPO_ROOT, 'test/e2e/golden');

/** Compares normalized output with test/e2e/golden/NAME; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(name: string, output: string): void {
  const path = join(GOLDEN_DIR, name);
  const actual = normalize(output);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${path}: run UPDATE_GOLDEN=1 npx vitest run test/e2e, review and commit it`);
  expect(actual, `table output differs from ${path} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, 'utf8'));
}

/** Plugin rows whose cells were cut (`…`): in a pipe nothing is (docs/output.md). */
export function cutNames(text: string): string[] {
  return text.split('\n').filter((line) => /^(router|metric|step) /.test(line) && line.includes('…'));
}

/** Process ids whose command line mentions `needle` (to prove a run left no child behind). */
export function processesMentioning(needle: string): number[] {
  return livingProcesses((cmdline) => cmdline.includes(needle));
}

/** Living processes whose argv[0] mentions `name`: the ones that have exec'd into it, not their launchers. */
export function processesRunning(name: string): number[] {
  return livingProcesses((cmdline) => cmdline.split('\0')[0]!.includes(name));
}

function livingProcesses(matches: (cmdline: string) => boolean): number[] {
  return allPids().filter((pid) => {
    try {
      return matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) && alive(pid);
    } catch {
      return false; // the process ended while we looked
    }
  });
}

/** Files and directories left under `dir`, relative. */
export function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).sort();
}
