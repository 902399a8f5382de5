/**
 * serve soak: N runs (default 1,000) at a short interval against a fixture cluster that keeps
 * changing (the ConfigMap's sha256 flips between right and wrong, a controller pod's status
 * changes), with real go-plugin plugins downloaded and handshaken every run. Reports serve's
 * resident memory and JS heap late in the soak as a ratio to its own early in the same run, and
 * the slope of a least-squares line through them; the plugin processes and temp files seen, and
 * that every flip showed up in the verdict.
 *
 * "Flat" is defined as: the median over the last 10 % of runs is at most 1.05x the median over
 * runs 5-15 % (the baseline, after warm-up), and the fitted line from 5 % to the end rises by at
 * most 5 % of the baseline over the whole soak (its slope is printed per 100 runs).
 *
 *   npm run bench:serve-soak -- [runs] [interval]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadScenario, startFixtureApiServer } from '../test/support/fixture-apiserver.js';
import { buildGo, REPO_ROOT } from '../test/support/go-build.js';

const runs = Number(process.argv[2] ?? 1000);
const interval = process.argv[3] ?? '100ms';
const FLIP_EVERY = 25;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const [routerPath, metricPath] = await Promise.all([buildGo('plugins/trafficrouter-ok'), buildGo('plugins/metricprovider-ok')]);
const router = readFileSync(routerPath);
const metric = readFileSync(metricPath);
const plugins = http.createServer((req, res) => {
  const body = req.url === '/router' ? router : req.url === '/metric' ? metric : undefined;
  if (!body) return void res.writeHead(404).end();
  res.writeHead(200, { 'Content-Length': body.length }).end(body);
});
await new Promise<void>((resolve) => plugins.listen(0, '127.0.0.1', resolve));
const pluginUrl = `http://127.0.0.1:${(plugins.address() as AddressInfo).port}`;

const base = readFileSync(join(REPO_ROOT, 'test/fixtures/cluster/helm-ha-healthy.yaml'), 'utf8');
const cluster = await startFixtureApiServer(loadScenario(base));
const configMap = (routerDigest: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'argo-rollouts-config', namespace: 'argo-rollouts', creationTimestamp: '2026-11-01T10:00:00Z' },
  data: {
    trafficRouterPlugins: `- name: argoproj-labs/gatewayAPI\n  location: ${pluginUrl}/router\n  sha256: ${routerDigest}\n`,
    metricProviderPlugins: `- name: argoproj-labs/sample-prometheus\n  location: ${pluginUrl}/metric\n  sha256: ${sha256(metric)}\n`,
  },
});
cluster.putObject(configMap(sha256(router)));
const pod = (parseYaml(base.split('\n---\n').find((d) => /\nkind: Pod\n/.test(`\n${d}`))!) as Record<string, unknown>);

const root = mkdtempSync(join(tmpdir(), 'serve-soak-'));
const tmp = join(root, 'tmp');
mkdirSync(tmp);
const kubeconfig = join(root, 'kubeconfig');
writeFileSync(kubeconfig, cluster.kubeconfig({ token: 'admin-token' }));
const serve = spawn(process.execPath, [join(REPO_ROOT, 'bin/kubectl-rollouts_plugins'), 'serve', '--kubeconfig', kubeconfig, '--listen', '127.0.0.1:0', '--interval', interval, '--jitter', '0', '--change-poll', '1s'], {
  env: { ...process.env, XDG_CACHE_HOME: join(root, 'cache'), TMPDIR: tmp, HTTP_PROXY: '', HTTPS_PROXY: '', NO_COLOR: '1' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
// Never leave serve running, even when the soak itself fails.
process.once('exit', () => serve.exitCode === null && serve.kill('SIGKILL'));
let log = '';
serve.stderr!.on('data', (d: Buffer) => (log = (log + d.toString('utf8')).slice(-20_000)));
const deadline = Date.now() + 30_000;
while (!/on (http:\/\/\S+)/.test(log)) {
  if (Date.now() > deadline || serve.exitCode !== null) throw new Error(`serve did not start: ${log}`);
  await new Promise((r) => setTimeout(r, 50));
}
const serveUrl = /on (http:\/\/\S+)/.exec(log)![1]!;

const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
const pluginProcesses = () =>
  readdirSync('/proc').filter((e) => {
    if (!/^\d+$/.test(e) || Number(e) === serve.pid) return false;
    try {
      return readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(root) && readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
    } catch {
      return false;
    }
  }).length;
const metrics = async () => {
  const text = await (await fetch(`${serveUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
  return {
    ok: value(/^rollouts_plugins_runs_total\{result="ok"\} (\S+)$/m),
    failed: value(/^rollouts_plugins_runs_total\{result="failed"\} (\S+)$/m),
    broken: value(/^rollouts_plugins_verdict\{verdict="on_restart",state="broken"\} (\S+)$/m),
    // The live heap after each run's collection: in-use heap sampled mid-run mostly counts the run's garbage.
    heapKiB: value(/^rollouts_plugins_heap_after_run_bytes (\S+)$/m) / 1024,
  };
};

const started = Date.now();
const samples: { run: number; rssKiB: number; heapKiB: number }[] = [];
let wrong = false;
let flips = 0;
let flipsSeen = 0;
let maxPlugins = 0;
let lastFlipAt = 0;
let done = 0;
let podRestarts = 0;
while (done < runs) {
  await new Promise((r) => setTimeout(r, 50));
  // A scrape that times out on a loaded machine is skipped, not fatal: the soak (and serve) go on.
  const m = await metrics().catch(() => undefined);
  if (!m) continue;
  done = m.ok + m.failed;
  maxPlugins = Math.max(maxPlugins, pluginProcesses());
  if (Math.floor(done / 10) > samples.length) samples.push({ run: done, rssKiB: rssKiB(serve.pid!), heapKiB: m.heapKiB });
  if ((m.broken === 1) === wrong && lastFlipAt > 0) {
    flipsSeen++;
    lastFlipAt = 0;
  }
  if (done >= (flips + 1) * FLIP_EVERY && done + FLIP_EVERY <= runs && lastFlipAt === 0) {
    wrong = !wrong;
    flips++;
    lastFlipAt = done;
    cluster.putObject(configMap(wrong ? sha256(Buffer.from(`release ${flips}`)) : sha256(router)));
    if (pod) {
      podRestarts++;
      const status = { ...((pod.status as Record<string, unknown>) ?? {}), soakRestarts: podRestarts };
      cluster.putObject({ ...pod, status });
    }
  }
}
const seconds = (Date.now() - started) / 1000;
const final = await metrics();
serve.kill('SIGTERM');
await new Promise((r) => serve.once('close', r));
const leftoverProcesses = pluginProcesses();
const leftoverFiles = readdirSync(tmp, { recursive: true }).length;
await cluster.close();
await new Promise((r) => plugins.close(r));
rmSync(root, { recursive: true, force: true });

/** Least-squares slope of `pick` against the run number, over runs from `from` (a fraction) on, per 100 runs. */
const slopePer100 = (from: number, pick: (s: (typeof samples)[number]) => number) => {
  const points = samples.filter((s) => s.run >= runs * from);
  const mx = points.reduce((a, p) => a + p.run, 0) / points.length;
  const my = points.reduce((a, p) => a + pick(p), 0) / points.length;
  const sxy = points.reduce((a, p) => a + (p.run - mx) * (pick(p) - my), 0);
  const sxx = points.reduce((a, p) => a + (p.run - mx) ** 2, 0);
  return (sxy / sxx) * 100;
};
const medianOver = (from: number, to: number, pick: (s: (typeof samples)[number]) => number) => median(samples.filter((s) => s.run >= runs * from && s.run <= runs * to).map(pick));
const early = medianOver(0.05, 0.15, (s) => s.rssKiB);
const late = medianOver(0.9, 1, (s) => s.rssKiB);
const earlyHeap = medianOver(0.05, 0.15, (s) => s.heapKiB);
const lateHeap = medianOver(0.9, 1, (s) => s.heapKiB);
const flatness = (name: string, unit: (kib: number) => string, base: number, end: number, slope: number) => {
  const rise = (slope * (runs * 0.95)) / 100 / base;
  const flat = end / base <= 1.05 && rise <= 0.05;
  return `${name}: ${unit(base)} MiB around runs ${runs * 0.05}-${runs * 0.15} (baseline), ${unit(end)} MiB in the last 10 % -> ratio ${(end / base).toFixed(3)}; slope ${(slope / 1024).toFixed(2)} MiB per 100 runs (the fitted line rises ${(rise * 100).toFixed(1)} % of the baseline over runs ${runs * 0.05}-${runs}) -> ${flat ? 'flat' : 'NOT flat'} (ratio <= 1.05 and rise <= 5 %)`;
};
const mib = (kib: number) => (kib / 1024).toFixed(1);
console.log(`serve soak: ${final.ok + final.failed} runs (${final.failed} failed) at --interval ${interval} in ${seconds.toFixed(0)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(flatness('resident memory', mib, early, late, slopePer100(0.05, (s) => s.rssKiB)));
console.log(flatness('JS heap after each run', mib, earlyHeap, lateHeap, slopePer100(0.05, (s) => s.heapKiB)));
console.log(`rss samples (run: MiB): ${samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 10)) === 0).map((s) => `${s.run}: ${(s.rssKiB / 1024).toFixed(1)}`).join(', ')}`);
console.log(`cluster changes: ${flips} sha256 flips, ${flipsSeen} seen in the on_restart verdict; plugin processes at once: max ${maxPlugins} during runs, ${leftoverProcesses} after; temp files left: ${leftoverFiles}`);
