#!/usr/bin/env node
/**
 * Probe benchmark (a script, not a test). Run with the pinned Node: `node_modules/.bin/node bench/probe.mjs [--runs 5]`.
 *  1. Throughput: 10 MiB, 100 MiB and 1 GiB over loopback HTTP, probe (hash + cache write) vs
 *     `curl -s URL | sha256sum`, in alternating pairs: the ratio of each pair, then their median and
 *     spread; also their CPU time (the probe's download vs bash, curl and sha256sum), which the load
 *     of a shared machine disturbs less than wall time.
 *  2. Memory: peak RSS of those probe processes, 1 GiB vs 10 MiB body, per pair of runs (must stay flat).
 *  3. Latency: 20 plugins behind a server that waits 300 ms per request, vs one probe, several times;
 *     and the same 20 downloads by `curl --parallel` vs one curl, for what the rig itself allows.
 * The probe runs as the CLI runs a command: the young generation is kept small before the engine loads;
 * its modules, undici included (which the engine imports with its first session), are loaded before timing.
 * Prints every figure as median [min–max] and the load average; exits 1 when a median misses its target.
 */
import { execFile, spawn } from 'node:child_process';
import { median } from './measure.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
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
const youngGeneration = join(root, 'build/bench/young-generation.mjs');
await build({
  entryPoints: { probe: join(root, 'src/probe/probe.ts'), 'young-generation': join(root, 'src/core/young-generation.ts') },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outdir: join(root, 'build/bench'),
  outExtension: { '.js': '.mjs' },
  external: ['undici', 'yaml'],
  logLevel: 'error',
});
// What src/cli/entry.ts does before it loads a command. Then undici, which the engine loads with its
// first download session: timed are the downloads, not module loading (a command loads it once either way).
const PROCESS_SETUP = `(await import(${JSON.stringify(pathToFileURL(youngGeneration).href)})).keepYoungGenerationSmall(); await import('undici');`;
(await import(pathToFileURL(youngGeneration).href)).keepYoungGenerationSmall();
await import('undici');
const { probePlugins, probeTarget } = await import(pathToFileURL(engine).href);

// A loopback server streaming N bytes of a fixed pattern (no disk), optionally after a delay. It runs
// in its own process so its CPU time is not charged to the probe (nor to curl).
const SERVER = `
  const { createServer } = await import('node:http');
  // Starts with #!: the cache keeps only what can be launched, so each run writes it as doctor writes a plugin.
  const chunk = Buffer.alloc(1024 * 1024, '#!rollouts-plugin-');
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
    ${PROCESS_SETUP}
    const { probeTarget } = await import(${JSON.stringify(pathToFileURL(engine).href)});
    const t = performance.now();
    const cpu = process.cpuUsage();
    const facts = await probeTarget(${JSON.stringify(url)}, { proxyEnv: {}, cacheDir: ${JSON.stringify(cacheDir)}, maxSize: 2 * 1024 ** 3 });
    const ms = performance.now() - t;
    const { user, system } = process.cpuUsage(cpu);
    if (facts.download.outcome !== 'ok') throw new Error(facts.download.outcome);
    console.log(JSON.stringify({ ms, cpuMs: (user + system) / 1000, rssMiB: process.resourceUsage().maxRSS / 1024, sha256: facts.content.sha256 }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (status) => (status === 0 ? resolve(JSON.parse(out)) : reject(new Error(`probe child exited ${status}`))));
  });
}

/** `curl -s URL | sha256sum`: wall time, and the CPU time of bash, curl and sha256sum together. */
async function curlSha(url) {
  const t = performance.now();
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', '%U %S', 'bash', '-c', `curl -s '${url}' | sha256sum`]);
  const [user, system] = stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { ms: performance.now() - t, cpuMs: (user + system) * 1000, sha256: stdout.split(' ')[0] };
}

/** The same downloads by curl: one, then all at once (`curl --parallel`), for the rig's own ceiling. */
async function curlParallel(urls) {
  const t = performance.now();
  await run('curl', ['-s', '--parallel', '--parallel-immediate', '--parallel-max', String(urls.length), ...urls.flatMap((u) => [u, '-o', '/dev/null'])]);
  return performance.now() - t;
}

/** `median [min–max]` of ratios. */
const spread = (values, digits = 2) => `${median(values).toFixed(digits)}x [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(flag('runs', '5'));
const results = [];
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`load average at start: ${load()} (${availableParallelism()} cores)`);
let failed = false;
const target = (name, ok) => {
  if (!ok) failed = true;
  results.push(`${ok ? 'ok  ' : 'MISS'} ${name}`);
};

try {
  // 1. Throughput at each size, in alternating pairs so both see the same machine state. The 10 MiB
  // and 1 GiB probes of a pair index also give the memory figure (2).
  const rssBySize = {};
  for (const size of [10 * MiB, 100 * MiB, 1024 * MiB]) {
    const url = `${origin}/plugin?size=${size}`;
    const probeMs = [];
    const curlMs = [];
    const ratios = [];
    const cpuRatios = [];
    rssBySize[size] = [];
    const runs = size > 100 * MiB ? Math.max(3, Math.ceil(RUNS / 2)) : RUNS;
    for (let i = 0; i < runs; i++) {
      const cacheDir = join(work, `cache-${i}`);
      const p = await probeInChild(url, cacheDir);
      rmSync(cacheDir, { recursive: true, force: true });
      const c = await curlSha(url);
      if (p.sha256 !== c.sha256) throw new Error(`sha256 differs: probe ${p.sha256}, curl ${c.sha256}`);
      probeMs.push(p.ms);
      curlMs.push(c.ms);
      ratios.push(p.ms / c.ms);
      cpuRatios.push(p.cpuMs / c.cpuMs);
      rssBySize[size].push(p.rssMiB);
    }
    const label = size >= 1024 * MiB ? `${size / 1024 / MiB} GiB` : `${size / MiB} MiB`;
    console.log(
      `${label}: probe (hash + cache write) median ${median(probeMs).toFixed(0)} ms (${(size / MiB / (median(probeMs) / 1000)).toFixed(0)} MiB/s), ` +
        `curl|sha256sum median ${median(curlMs).toFixed(0)} ms; ratio per pair ${spread(ratios)} over ${runs} pairs ` +
        `(CPU time: ${spread(cpuRatios)}); ` +
        `peak RSS ${median(rssBySize[size]).toFixed(0)} MiB [${Math.min(...rssBySize[size]).toFixed(0)}–${Math.max(...rssBySize[size]).toFixed(0)}]`,
    );
    target(`${label} wall time ratio ${spread(ratios)} <= 0.8x`, median(ratios) <= 0.8);
  }

  // 2. Peak RSS as the body grows: the 1 GiB probe of each pair index against its 10 MiB probe.
  const big = rssBySize[1024 * MiB];
  const growth = big.map((rss, i) => rss / rssBySize[10 * MiB][i]);
  target(`peak RSS 1 GiB vs 10 MiB body ${spread(growth)} (flat: <= 1.25x)`, median(growth) <= 1.25);

  // 3. Latency: 20 plugins, 300 ms each, against one probe (after a warm-up), RUNS times each.
  for (const size of [64 * 1024, MiB]) {
    const entries = Array.from({ length: 20 }, (_, i) => ({
      type: 'trafficrouter', key: 'trafficRouterPlugins', index: i, name: `ns/p${i}`, location: `${origin}/p${i}?size=${size}&delay=300`,
    }));
    const noCache = { proxyEnv: {}, noCache: true };
    await probeTarget(entries[0].location, noCache);
    const timed = async (concurrency) => {
      const t = performance.now();
      const all = await probePlugins(entries, { ...noCache, ...(concurrency ? { concurrency } : {}) });
      if (!all.every((f) => f.download.outcome === 'ok')) throw new Error('a latency probe failed');
      return performance.now() - t;
    };
    const ratios = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await probeTarget(entries[0].location, noCache);
      const one = performance.now() - t;
      ratios.push((await timed(undefined)) / one);
    }
    const label = `20 plugins of ${size / 1024} KiB at +300 ms, default settings`;
    // Concurrency 8 was the old default, for comparison (once, against the last single probe).
    const t = performance.now();
    await probeTarget(entries[0].location, noCache);
    const one = performance.now() - t;
    const oldDefault = (await timed(8)) / one;
    // The rig's ceiling: the same 20 downloads by curl at once, against one curl download.
    const urls = entries.map((e) => e.location);
    const curlRatios = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      const single = await curlParallel(urls.slice(0, 1));
      curlRatios.push((await curlParallel(urls)) / single);
    }
    console.log(`${label}: vs one probe, per run ${spread(ratios)} over ${RUNS} runs (concurrency 8: ${oldDefault.toFixed(2)}x; curl --parallel, 20 vs 1: ${spread(curlRatios)})`);
    target(`${label}: ${spread(ratios)} <= 1.3x`, median(ratios) <= 1.3);
  }
} finally {
  serverProcess.kill();
  rmSync(work, { recursive: true, force: true });
}
console.log(`load average at the end: ${load()}`);
console.log(results.join('\n'));
process.exitCode = failed ? 1 : 0;
