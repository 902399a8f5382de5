/** `kubectl rollouts-plugins ... | head -1`: the reader goes away early, and the tool stops quietly. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from '../support/cli.js';
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
