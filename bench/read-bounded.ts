/**
 * Memory of reading a small input the user names through core/read-bounded.ts: a 1 KiB kubeconfig
 * through a named pipe (as `--kubeconfig <(…)` or `-f /dev/stdin` give it) against the same bytes
 * in a regular file, the baseline, in the same run. Each read's result is held, as a caller holds
 * the text it parses; the figure is the ArrayBuffer memory held per read (and RSS growth) after
 * ROUNDS reads of each kind.
 *
 *   npx esbuild bench/read-bounded.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=build/bench/read-bounded.mjs && node_modules/.bin/node --expose-gc build/bench/read-bounded.mjs [rounds]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_KUBECONFIG_BYTES, readBounded } from '../src/core/read-bounded.js';

const rounds = Number(process.argv[2] ?? 50);
const payload = Buffer.alloc(1024, 'a');
const dir = mkdtempSync(join(tmpdir(), 'bench-read-bounded-'));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

async function viaPipe(i: number): Promise<Buffer> {
  const fifo = join(dir, `fifo-${i}`);
  execFileSync('mkfifo', [fifo]);
  const reading = readBounded(fifo, MAX_KUBECONFIG_BYTES, AbortSignal.timeout(10_000));
  const writer = await open(fifo, 'w');
  await writer.write(payload);
  await writer.close();
  return reading;
}

async function viaFile(i: number): Promise<Buffer> {
  const file = join(dir, `file-${i}`);
  writeFileSync(file, payload);
  return readBounded(file, MAX_KUBECONFIG_BYTES);
}

/** Memory held by `rounds` results of `read`, per read. */
async function held(read: (i: number) => Promise<Buffer>): Promise<{ arrayBuffers: number; rss: number }> {
  gc!();
  const before = process.memoryUsage();
  const kept: Buffer[] = [];
  for (let i = 0; i < rounds; i++) kept.push(await read(i));
  gc!();
  const after = process.memoryUsage();
  if (kept.some((b) => !b.equals(payload))) throw new Error('a read returned other bytes');
  return { arrayBuffers: (after.arrayBuffers - before.arrayBuffers) / rounds, rss: (after.rss - before.rss) / rounds };
}

try {
  const file = await held(viaFile);
  const pipe = await held(viaPipe);
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`${rounds} reads of 1 KiB, held; per read:`);
  console.log(`  regular file (baseline): ArrayBuffer ${kib(file.arrayBuffers)}, RSS ${kib(file.rss)}`);
  console.log(`  named pipe:              ArrayBuffer ${kib(pipe.arrayBuffers)}, RSS ${kib(pipe.rss)}`);
  // The baseline holds about nothing (its bytes share Node's buffer pool), so the excess is the figure, not a ratio.
  console.log(`  a pipe holds ${kib(pipe.arrayBuffers - file.arrayBuffers)} of ArrayBuffer more than the file per read; RSS ${(pipe.rss / Math.max(file.rss, 1)).toFixed(2)}x the file's`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
