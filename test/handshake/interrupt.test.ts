/**
 * The tool itself interrupted (Ctrl-C) or exiting while a plugin runs: the plugin's group and
 * temp dir must still go. A small host script, bundled from src/handshake/process.ts, starts a
 * plugin and then gets SIGINT or calls process.exit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive } from '../support/processes.js';
import { REPO_ROOT } from '../support/go-build.js';
import { buildHandshakeBinaries, type HandshakeBinaries } from '../support/handshake-fixtures.js';

let bin: HandshakeBinaries;
let scratch: string;
let hostScript: string;

beforeAll(async () => {
  bin = await buildHandshakeBinaries();
  scratch = mkdtempSync(join(tmpdir(), 'handshake-interrupt-'));
  hostScript = join(scratch, 'host.mjs');
  const entry = join(scratch, 'entry.ts');
  writeFileSync(
    entry,
    `import { PluginProcess } from ${JSON.stringify(join(REPO_ROOT, 'src/handshake/process.ts'))};
const plugin = new PluginProcess({ binaryPath: process.argv[2], args: [], cookie: 'trafficrouter' });
const first = await plugin.nextLine(10000);
console.log(JSON.stringify({ pid: plugin.pid, dir: plugin.tempDir, first }));
if (process.argv[3] === 'exit') process.exit(0);
if (process.argv[3] === 'exit-while-stopping') {
  // stop() ends the plugin, looks at /proc a few reads per turn, then removes the dir in the
  // background: exit a given number of turns after the plugin died, somewhere in that window.
  void plugin.stop();
  await plugin.exited;
  for (let turn = 0; turn < Number(process.argv[4]); turn++) await new Promise((resolve) => setImmediate(resolve));
  process.exit(0);
}
setInterval(() => {}, 1000);
`,
  );
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: hostScript, logLevel: 'warning' });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** SIGKILL is sent before the host exits, but the kernel finishes the plugin a moment later. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

async function runHost(mode: 'sigint' | 'exit' | 'exit-while-stopping', turns = 0): Promise<{ pid: number; dir: string; exit: { code: number | null; signal: string | null } }> {
  const host = spawn(process.execPath, [hostScript, bin.plugins['trafficrouter-ok'] as string, mode, String(turns)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const timer = setTimeout(() => host.kill('SIGKILL'), 20_000);
  try {
    const line = await new Promise<string>((resolve) => host.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
    const started = JSON.parse(line) as { pid: number; dir: string; first: { kind: string } };
    expect(started.first.kind).toBe('line');
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => host.once('exit', (code, signal) => resolve({ code, signal })));
    if (mode === 'sigint') {
      expect(alive(started.pid)).toBe(true); // (in 'exit' mode the host may already be gone)
      host.kill('SIGINT');
    }
    return { ...started, exit: await exited };
  } finally {
    clearTimeout(timer);
  }
}

describe('when the tool is interrupted or exits', () => {
  it('Ctrl-C (SIGINT) ends the plugin, removes its dir, and still ends the tool by the signal', async () => {
    const { pid, dir, exit } = await runHost('sigint');
    expect(exit).toEqual({ code: null, signal: 'SIGINT' });
    expect(await gone(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it.each([0, 1, 2, 4, 8, 12, 16, 24])('exiting %i turns after stop() saw the plugin die leaves no dir behind', async (turns) => {
    const { pid, dir, exit } = await runHost('exit-while-stopping', turns);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await gone(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('process.exit ends the plugin and removes its dir', async () => {
    const { pid, dir, exit } = await runHost('exit');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await gone(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
