// Scale benchmark (not a test): `doctor` (cluster, config and usage steps) against the fixture API
// server loaded with the Helm HA scenario plus N Rollouts the size of real ones and N/5
// AnalysisTemplates, everything else healthy. Measured in one run, interleaved:
//   - peak RSS of doctor at the largest N against the smallest (target <= 1.2x: memory is flat);
//   - doctor's wall time at the largest N against `kubectl get rollouts.argoproj.io,
//     analysistemplates.argoproj.io -A -o json` on the same server (target <= 1.0x);
//   - API requests made, and SubjectAccessReviews when the routed Rollouts live in 1 namespace
//     against 200 namespaces (target <= 2x).
// Usage: npm run build && node bench/scale.mjs [--rollouts 100,20000] [--runs 3] [--part memory|reviews]
import { measure as measureRun, median } from './measure.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigClusterObjects } from '../test/support/big-cluster.ts';
import { loadScenarioFiles, startFixtureApiServer } from '../test/support/fixture-apiserver.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'kubectl-rollouts_plugins');
const BASE = join(ROOT, 'test', 'fixtures', 'cluster', 'helm-ha-healthy.yaml');
const RUN_TIMEOUT_MS = 300_000;
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = flag('rollouts', '100,20000').split(',').map(Number);
const RUNS = Number(flag('runs', '3'));
const PART = flag('part', 'all');

const scratch = mkdtempSync(join(tmpdir(), 'krp-bench-scale-'));
const servers = [];

const measure = (command, args, env) => measureRun(command, args, env, RUN_TIMEOUT_MS);

async function cluster(name, objects) {
  const base = loadScenarioFiles(BASE);
  const server = await startFixtureApiServer({ ...base, objects: [...base.objects, ...objects] });
  servers.push(server);
  const kubeconfig = join(scratch, `kubeconfig-${name}`);
  writeFileSync(kubeconfig, server.kubeconfig({ token: 'admin-token' }));
  return { server, kubeconfig };
}

const env = { PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, HOME: scratch, NO_COLOR: '1' };
const doctorArgs = (kubeconfig) => [CLI, 'doctor', '--kubeconfig', kubeconfig, '--skip', 'probe,binary,handshake', '-o', 'json'];
const kubectlArgs = (kubeconfig) => ['--kubeconfig', kubeconfig, '--cache-dir', join(scratch, 'kube-cache'), 'get', 'rollouts.argoproj.io,analysistemplates.argoproj.io', '-A', '-o', 'json'];
const fmt = (n, digits = 0) => n.toFixed(digits);

/** Peak RSS and wall time at each size, and kubectl get on the same server. */
async function memoryAndWall() {
  const results = [];
  for (const size of SIZES) {
    const { server, kubeconfig } = await cluster(`n${size}`, bigClusterObjects({ rollouts: size, namespaces: 50 }));
    // One warm-up each (page cache, kubectl's discovery cache), then interleaved runs.
    await measure('node', doctorArgs(kubeconfig), env);
    await measure('kubectl', kubectlArgs(kubeconfig), env);
    const doctor = [];
    const kubectl = [];
    let requests = 0;
    for (let run = 0; run < RUNS; run++) {
      const before = server.requests.length;
      doctor.push(await measure('node', doctorArgs(kubeconfig), env));
      requests = server.requests.length - before;
      kubectl.push(await measure('kubectl', kubectlArgs(kubeconfig), env));
    }
    results.push({
      size,
      requests,
      doctorMs: median(doctor.map((m) => m.ms)),
      doctorRss: median(doctor.map((m) => m.rssMiB)),
      kubectlMs: median(kubectl.map((m) => m.ms)),
      kubectlRss: median(kubectl.map((m) => m.rssMiB)),
    });
    await server.close();
    servers.splice(servers.indexOf(server), 1);
  }
  process.stdout.write(`doctor --skip probe,binary,handshake, median of ${RUNS} runs (N Rollouts + N/5 AnalysisTemplates, 50 namespaces):\n`);
  process.stdout.write('  Rollouts  doctor wall  doctor peak RSS  API requests  kubectl get -A -o json wall  kubectl peak RSS\n');
  for (const r of results) {
    process.stdout.write(
      `  ${String(r.size).padStart(8)}  ${fmt(r.doctorMs).padStart(8)} ms  ${fmt(r.doctorRss).padStart(11)} MiB  ${String(r.requests).padStart(12)}  ${fmt(r.kubectlMs).padStart(24)} ms  ${fmt(r.kubectlRss).padStart(12)} MiB\n`,
    );
  }
  const small = results[0];
  const large = results.at(-1);
  const rssRatio = large.doctorRss / small.doctorRss;
  const wallRatio = large.doctorMs / large.kubectlMs;
  process.stdout.write(`peak RSS ${large.size} / ${small.size} Rollouts: ${fmt(rssRatio, 2)}x (target <= 1.2x) ${rssRatio <= 1.2 ? 'MET' : 'NOT MET'}\n`);
  process.stdout.write(`wall at ${large.size}: doctor / kubectl get: ${fmt(wallRatio, 2)}x (target <= 1.0x) ${wallRatio <= 1.0 ? 'MET' : 'NOT MET'}\n`);
}

/**
 * Access reviews: every 10th of 2,000 Rollouts routes through the Gateway API plugin, all in 1
 * namespace, or in 200 (201 namespaces, coprime with 10: the 200 routed Rollouts land in 200 of them).
 */
async function accessReviews() {
  const reviews = [];
  for (const namespaces of [1, 201]) {
    const { server, kubeconfig } = await cluster(`ns${namespaces}`, bigClusterObjects({ rollouts: 2000, namespaces, analysisTemplates: 0 }));
    const before = server.requests.length;
    await measure('node', doctorArgs(kubeconfig), env);
    const made = server.requests.slice(before);
    reviews.push({ routedNamespaces: Math.min(namespaces, 200), requests: made.length, reviews: made.filter((r) => r.path.endsWith('/subjectaccessreviews')).length });
    await server.close();
    servers.splice(servers.indexOf(server), 1);
  }
  for (const r of reviews) process.stdout.write(`routed Rollouts in ${String(r.routedNamespaces).padStart(3)} namespace(s): ${r.requests} API requests, ${r.reviews} SubjectAccessReviews\n`);
  const reviewRatio = reviews[1].requests / reviews[0].requests;
  process.stdout.write(`requests at 200 / 1 namespaces: ${fmt(reviewRatio, 2)}x (target <= 2x) ${reviewRatio <= 2 ? 'MET' : 'NOT MET'}\n`);
}

try {
  if (PART !== 'reviews') await memoryAndWall();
  if (PART !== 'memory') await accessReviews();
} finally {
  for (const server of servers) await server.close();
  rmSync(scratch, { recursive: true, force: true });
}
