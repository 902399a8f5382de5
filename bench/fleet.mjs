// Fleet benchmark (not a test): `doctor --all-contexts` over 20 fixture clusters (the Helm HA
// scenario each), one of which answers every request after 2 s, against doctor on that slowest
// cluster alone, measured in one run:
//   - fleet wall time / the slowest cluster alone (target <= 1.3x: clusters run concurrently and
//     the slow one holds nobody);
//   - fleet peak RSS / one cluster's (target <= 2x).
// The slow cluster is last in the kubeconfig: the order least favourable to the fleet.
// Usage: npm run build && node bench/fleet.mjs [-- --clusters 20 --latency-ms 2000 --runs 2]
import { measure as measureRun, median } from './measure.mjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, startFixtureApiServer } from '../test/support/fixture-apiserver.ts';
import { fleetKubeconfig } from '../test/support/fleet.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'kubectl-rollouts_plugins');
const SCENARIO = readFileSync(join(ROOT, 'test', 'fixtures', 'cluster', 'helm-ha-healthy.yaml'), 'utf8');
const RUN_TIMEOUT_MS = 300_000;
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i > 0 ? process.argv[i + 1] : fallback);
};
const CLUSTERS = flag('clusters', 20);
const LATENCY_MS = flag('latency-ms', 2000);
const RUNS = flag('runs', 2);

const scratch = mkdtempSync(join(tmpdir(), 'krp-bench-fleet-'));
const servers = [];

const measure = (args) =>
  measureRun('node', [CLI, ...args], { PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, HOME: scratch, NO_COLOR: '1', XDG_CACHE_HOME: join(scratch, 'cache') }, RUN_TIMEOUT_MS);


try {
  const members = [];
  for (let i = 0; i < CLUSTERS; i++) {
    const server = await startFixtureApiServer(loadScenario(SCENARIO));
    servers.push(server);
    const slow = i === CLUSTERS - 1;
    if (slow) server.addFault({ path: '.*', kind: 'latency', ms: LATENCY_MS });
    members.push({ context: slow ? 'slow' : `cluster-${String(i).padStart(2, '0')}`, server });
  }
  const kubeconfig = join(scratch, 'kubeconfig');
  writeFileSync(kubeconfig, fleetKubeconfig(members));
  const common = ['doctor', '--kubeconfig', kubeconfig, '--skip', 'probe,binary,handshake', '-o', 'json'];
  const alone = [];
  const fleet = [];
  const one = [];
  await measure([...common, '--context', 'cluster-00']); // warm-up
  for (let run = 0; run < RUNS; run++) {
    one.push(await measure([...common, '--context', 'cluster-00']));
    alone.push(await measure([...common, '--context', 'slow']));
    fleet.push(await measure([...common, '--all-contexts']));
  }
  const m = (list, key) => median(list.map((x) => x[key]));
  process.stdout.write(`doctor --skip probe,binary,handshake, median of ${RUNS} runs; ${CLUSTERS} clusters, one answering each request after ${LATENCY_MS} ms:\n`);
  process.stdout.write(`  one fast cluster alone   ${m(one, 'ms').toFixed(0).padStart(7)} ms  ${m(one, 'rssMiB').toFixed(0).padStart(5)} MiB\n`);
  process.stdout.write(`  the slow cluster alone   ${m(alone, 'ms').toFixed(0).padStart(7)} ms  ${m(alone, 'rssMiB').toFixed(0).padStart(5)} MiB\n`);
  process.stdout.write(`  --all-contexts (fleet)   ${m(fleet, 'ms').toFixed(0).padStart(7)} ms  ${m(fleet, 'rssMiB').toFixed(0).padStart(5)} MiB\n`);
  const wallRatio = m(fleet, 'ms') / m(alone, 'ms');
  const rssRatio = m(fleet, 'rssMiB') / m(one, 'rssMiB');
  process.stdout.write(`fleet wall / slowest alone: ${wallRatio.toFixed(2)}x (target <= 1.3x) ${wallRatio <= 1.3 ? 'MET' : 'NOT MET'}\n`);
  process.stdout.write(`fleet peak RSS / one cluster: ${rssRatio.toFixed(2)}x (target <= 2x) ${rssRatio <= 2 ? 'MET' : 'NOT MET'}\n`);
} finally {
  for (const server of servers) await server.close();
  rmSync(scratch, { recursive: true, force: true });
}
