/**
 * A download's memory does not grow with its body: the CLI keeps V8's young generation small, so the
 * socket read buffers die young and are freed as the bytes go by, instead of piling up to ~64 MiB
 * before V8 collects them.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runDirs, spawnCli, type RunDirs } from '../support/e2e.js';
import { startServer, type LoopbackServer } from '../support/hostile-http.js';
import { watchPeakMemory } from '../support/memory.js';

const MiB = 1024 * 1024;
// Starts with #!: the cache keeps only what can be launched.
const PIECE = Buffer.alloc(MiB, '#!rollouts-plugin-');

let dirs: RunDirs[] = [];
let servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.remove();
});

/** GET /?mib=N: N MiB of a fixed pattern, streamed with backpressure (nothing held whole here either). */
async function patternServer(): Promise<LoopbackServer> {
  const server = await startServer((req, res) => {
    let left = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('mib'));
    res.writeHead(200, { 'content-length': String(left * MiB) });
    const pump = () => {
      while (left > 0) {
        left--;
        if (!res.write(PIECE)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  servers.push(server);
  return server;
}

function patternSha256(mib: number): string {
  const hash = createHash('sha256');
  for (let i = 0; i < mib; i++) hash.update(PIECE);
  return hash.digest('hex');
}

/** Peak RSS of `checksum URL` for a body of `mib` MiB (hashed and cached, as doctor does). */
async function checksumPeak(origin: string, mib: number): Promise<number> {
  const d = runDirs();
  dirs.push(d);
  const cli = spawnCli(['checksum', `${origin}/plugin?mib=${mib}`, '--timeout', '150s'], d.env, 170_000);
  const memory = watchPeakMemory(cli.child.pid!, 5);
  const run = await cli.done;
  memory.stop();
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.split(' ')[0]).toBe(patternSha256(mib));
  // The verified copy is in the cache, and nothing half-written beside it.
  expect(readdirSync(`${d.cache}/kubectl-rollouts-plugins`)).toEqual([patternSha256(mib)]);
  return memory.peakBytes();
}

describe('downloading a large plugin', () => {
  it('peaks at about the memory of a small one: 256 MiB within 1.25x of 8 MiB', async () => {
    const server = await patternServer();
    // Three pairs, their median ratio: one peak of a fresh process varies by ±10% (a small download's
    // peak measured 86-94 MiB across runs of one build), and one pair alone failed CI at 1.27x.
    const pairs: [number, number][] = [];
    for (let i = 0; i < 3; i++) pairs.push([await checksumPeak(server.origin, 8), await checksumPeak(server.origin, 256)]);
    const ratios = pairs.map(([small, large]) => large / small).sort((a, b) => a - b);
    const said = pairs.map(([small, large]) => `${(small / MiB).toFixed(0)} MiB for 8 MiB, ${(large / MiB).toFixed(0)} MiB for 256 MiB`).join('; ');
    // Without the small young generation this is ~1.4x and more (the buffers pile up to ~64 MiB).
    expect(ratios[1], `peak RSS: ${said}`).toBeLessThanOrEqual(1.25);
  }, 360_000);
});
