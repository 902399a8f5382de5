/** `kubectl rollouts-plugins ... | head -1`: the reader goes away early, and the tool stops quietly. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/go-build.js';

/** Runs the CLI with a stdout pipe that is closed before it writes (what `| true` does). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout', () => {
  it.each(['checks', 'checks sha256-mismatch', '--help', 'completion bash'])('%s ends quietly, exit 0', async (args) => {
    expect(await runWithClosedStdout(args.split(' '))).toEqual({ code: 0, stderr: '' });
  });
});

/** Runs the CLI and closes its stdout after the first byte arrives (what `| head -c1` does). */
function runClosingAfterFirstByte(args: string[]): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let read = 0;
    child.stdout.once('data', (d: Buffer) => {
      read = d.length;
      child.stdout.destroy();
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('a reader that goes away after the first byte, with more output to come', () => {
  const dir = mkdtempSync(join(tmpdir(), 'closed-stdout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // 400 plugins: the report is far bigger than a pipe's buffer (64 KiB), so writes are still pending when the reader leaves.
  const entries = Array.from({ length: 400 }, (_, i) => `    - name: acme/router-${i}\n      location: https://plugins.example.com/v1.0.${i}/router-linux-amd64\n`).join('');
  const file = join(dir, 'argo-rollouts-config.yaml');
  writeFileSync(file, `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n${entries}`);

  it.each(['json', 'wide'])('lint -f FILE -o %s: no error or stack trace on stderr, the exit code of the whole run', async (format) => {
    const args = ['lint', '-f', file, '-o', format];
    const whole = await runCli(args);
    expect(whole.stdout.length).toBeGreaterThan(256 * 1024);
    const closed = await runClosingAfterFirstByte(args);
    expect(closed.read).toBeGreaterThan(0);
    expect(closed.read).toBeLessThan(whole.stdout.length);
    expect(closed).toEqual({ code: whole.code, stderr: '', read: closed.read });
  });
});
