#!/usr/bin/env node
/**
 * Probe benchmark (a script, not a test). Run with the pinned Node: `node_modules/.bin/node bench/probe.mjs`.
 *  1. Throughput: 100 MiB over loopback HTTP, probe (hash + cache write) vs `curl -s URL | sha256sum`.
 *  2. Memory: peak RSS of a probe process for 10 MiB, 100 MiB and 1 GiB bodies (must stay flat).
 *  3. Latency: 20 plugins behind a server that waits 300 ms per request, vs one probe.
 * Prints ratios; exits 1 when a target is missed.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'bench-probe-'));
const MiB = 1024 * 1024;
const run = promisify(execFile);

// The probe engine bundled once (inside the repo, so `undici` resolves), loaded as plain JS here and in children.
const engine = join(root, 'build/bench/probe.mjs');
await build({
  entryPoints: [join(root, 'src/probe/probe.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: engine,
  external: ['undici', 'yaml'],
  logLevel: 'error',
});
const { probePlugins, probeTarget } = await import(pathToFileURL(engine).href);

// A loopback server streaming N bytes of a fixed pattern (no disk), optionally after a delay. It runs
// in its own process so its CPU time is not charged to the probe (nor to curl).
const SERVER = `
  const { createServer } = await import('node:http');
  const chunk = Buffer.alloc(1024 * 1024, 'rollouts-plugin-');
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const size = Number(url.searchParams.get('size'));
    const delay = Number(url.searchParams.get('delay') ?? 0);
    setTimeout(() => {
      res.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream' });
      let left = size;
      const pump = () => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          if (!res.write(piece)) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    }, delay);
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;
const serverProcess = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => serverProcess.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const origin = `http://127.0.0.1:${port}`;
const nodeBin = process.execPath;

/** Runs one probe in a child process; returns its wall time and peak RSS. */
function probeInChild(url, cacheDir) {
  const code = `
    const { probeTarget } = await import(${JSON.stringify(pathToFileURL(engine).href)});
    const t = performance.now();
    const facts = await probeTarget(${JSON.stringify(url)}, { proxyEnv: {}, cacheDir: ${JSON.stringify(cacheDir)}, maxSize: 2 * 1024 ** 3 });
    const ms = performance.now() - t;
    if (facts.download.outcome !== 'ok') throw new Error(facts.download.outcome);
    console.log(JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024, sha256: facts.content.sha256 }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (status) => (status === 0 ? resolve(JSON.parse(out)) : reject(new Error(`probe child exited ${status}`))));
  });
}

async function curlSha(url) {
  const t = performance.now();
  const { stdout } = await run('bash', ['-c', `curl -s '${url}' | sha256sum`]);
  return { ms: performance.now() - t, sha256: stdout.split(' ')[0] };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
let failed = false;
const target = (name, ok) => {
  if (!ok) failed = true;
  results.push(`${ok ? 'ok  ' : 'MISS'} ${name}`);
};

try {
  // 1. Throughput, 100 MiB, alternating runs so both see the same machine state.
  const url = `${origin}/plugin?size=${100 * MiB}`;
  const probeMs = [];
  const curlMs = [];
  for (let i = 0; i < 5; i++) {
    const cacheDir = join(work, `cache-${i}`);
    const p = await probeInChild(url, cacheDir);
    rmSync(cacheDir, { recursive: true, force: true });
    const c = await curlSha(url);
    if (p.sha256 !== c.sha256) throw new Error(`sha256 differs: probe ${p.sha256}, curl ${c.sha256}`);
    probeMs.push(p.ms);
    curlMs.push(c.ms);
  }
  const ratio = median(probeMs) / median(curlMs);
  console.log(`100 MiB: probe (hash + cache write) median ${median(probeMs).toFixed(0)} ms, curl|sha256sum median ${median(curlMs).toFixed(0)} ms, ratio ${ratio.toFixed(2)}x`);
  target(`100 MiB wall time ratio ${ratio.toFixed(2)}x <= 0.8x`, ratio <= 0.8);

  // 2. Peak RSS as the body grows.
  const rss = {};
  for (const size of [10 * MiB, 100 * MiB, 1024 * MiB]) {
    const cacheDir = join(work, 'cache-rss');
    const p = await probeInChild(`${origin}/plugin?size=${size}`, cacheDir);
    rmSync(cacheDir, { recursive: true, force: true });
    rss[size / MiB] = p.rssMiB;
    console.log(`${size / MiB} MiB body: peak RSS ${p.rssMiB.toFixed(1)} MiB, ${p.ms.toFixed(0)} ms (${((size / MiB) / (p.ms / 1000)).toFixed(0)} MiB/s)`);
  }
  const growth = rss[1024] / rss[10];
  target(`peak RSS 1 GiB vs 10 MiB body ${growth.toFixed(2)}x (flat: <= 1.25x)`, growth <= 1.25);
  // V8 collects ArrayBuffers only past ~64 MiB of new external memory: bodies beyond that plateau.
  console.log(`peak RSS 1 GiB vs 100 MiB body: ${(rss[1024] / rss[100]).toFixed(2)}x`);

  // 3. Latency: 20 plugins, 300 ms each, against one probe (median of 3, after a warm-up).
  for (const size of [64 * 1024, MiB]) {
    const entries = Array.from({ length: 20 }, (_, i) => ({
      type: 'trafficrouter', key: 'trafficRouterPlugins', index: i, name: `ns/p${i}`, location: `${origin}/p${i}?size=${size}&delay=300`,
    }));
    const noCache = { proxyEnv: {}, noCache: true };
    await probeTarget(entries[0].location, noCache);
    const single = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await probeTarget(entries[0].location, noCache);
      single.push(performance.now() - t);
    }
    const one = median(single);
    // The default settings are what users get; concurrency 8 was the old default, for comparison.
    for (const concurrency of [undefined, 8]) {
      const t = performance.now();
      const all = await probePlugins(entries, { ...noCache, ...(concurrency ? { concurrency } : {}) });
      const total = performance.now() - t;
      if (!all.every((f) => f.download.outcome === 'ok')) throw new Error('a latency probe failed');
      const label = `20 plugins of ${size / 1024} KiB at +300 ms, ${concurrency ? `concurrency ${concurrency}` : 'default settings'}`;
      console.log(`${label}: ${total.toFixed(0)} ms vs one probe ${one.toFixed(0)} ms, ratio ${(total / one).toFixed(2)}x`);
      if (!concurrency) target(`${label}: ${(total / one).toFixed(2)}x <= 1.3x`, total / one <= 1.3);
    }
  }
} finally {
  serverProcess.kill();
  rmSync(work, { recursive: true, force: true });
}
console.log(results.join('\n'));
process.exitCode = failed ? 1 : 0;
