/** Runs the bundled CLI (bin/kubectl-rollouts_plugins) as a user would, with the pinned Node. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './go-build.js';

export const CLI_BIN = join(REPO_ROOT, 'bin/kubectl-rollouts_plugins');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return runProcess(process.execPath, [CLI_BIN, ...args], { ...options, env: { ...process.env, NO_COLOR: '1', ...options.env } });
}

/** Runs a command to its end under a deadline, with `stdin` as its input: its exit code and output. */
export function runProcess(
  command: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
