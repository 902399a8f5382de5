// Cold-start benchmark (not a test): median wall time of `kubectl rollouts-plugins --help` against
// `kubectl version --client`, measured in one run, interleaved so that both see the same machine
// load. Target: the plugin no slower than 1.2x kubectl itself through kubectl, and the executables
// started directly no slower than kubectl (1.0x). When the standalone executable has been built
// (`npm run package`), it is measured too, through kubectl and directly. A plugin that only starts
// Node shows the floor any Node plugin pays (kubectl's own start plus Node's). An offline `lint -f`
// is timed too, for the record: the start of a real command.
// Usage: npm run bench:startup [-- --runs 30]
import { spawnSync } from 'node:child_process';
import { median } from './measure.mjs';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_RATIO = 1.2;
const DIRECT_TARGET_RATIO = 1.0;
const WARMUP_RUNS = 3;
const RUN_TIMEOUT_MS = 30_000;
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 30;

const kubectlDir = (process.env.PATH ?? '').split(delimiter).find((dir) => dir && existsSync(join(dir, 'kubectl')));
if (!kubectlDir) {
  process.stderr.write('bench: kubectl is not on PATH\n');
  process.exit(1);
}
const kubectl = join(kubectlDir, 'kubectl');
// The pinned Node first, as `npm install -g` users get with Node 24; then the plugin, then kubectl.
const npmPath = [join(ROOT, 'node_modules', '.bin'), join(ROOT, 'bin'), kubectlDir].join(delimiter);

const scratch = mkdtempSync(join(tmpdir(), 'krp-bench-'));
const emptyNodePluginDir = join(scratch, 'empty-node-plugin');
mkdirSync(emptyNodePluginDir);
writeFileSync(join(emptyNodePluginDir, 'kubectl-rollouts_plugins'), '#!/usr/bin/env node\n');
chmodSync(join(emptyNodePluginDir, 'kubectl-rollouts_plugins'), 0o755);

const pinnedNode = join(ROOT, 'node_modules', '.bin', 'node');
// A real command's start, for the record (no target): an offline lint of one good ConfigMap, which
// loads yargs and the checks but no HTTP client. Exit 1 is its verdict (nothing downloaded), not a failure.
const configFile = join(scratch, 'argo-rollouts-config.yaml');
writeFileSync(configFile, [
  'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: argo-rollouts-config', '  namespace: argo-rollouts', 'data:',
  '  trafficRouterPlugins: |-', '    - name: argoproj-labs/gatewayAPI', '      location: file:///home/plugins/gateway-api-plugin', '',
].join('\n'));
const lintArgs = ['lint', '-f', configFile];
const subjects = [
  { name: 'kubectl version --client', args: ['version', '--client'], path: npmPath },
  { name: 'node dist/cli.js --help (direct, Node 24)', command: pinnedNode, args: [join(ROOT, 'dist', 'cli.js'), '--help'], path: npmPath, target: DIRECT_TARGET_RATIO },
  { name: 'kubectl rollouts-plugins --help (npm bin, Node 24)', args: ['rollouts-plugins', '--help'], path: npmPath },
  { name: 'node dist/cli.js lint -f FILE (direct, Node 24)', command: pinnedNode, args: [join(ROOT, 'dist', 'cli.js'), ...lintArgs], path: npmPath, recordOnly: true },
  {
    name: 'floor: kubectl + a plugin that only starts Node',
    args: ['rollouts-plugins', '--help'],
    path: [join(ROOT, 'node_modules', '.bin'), emptyNodePluginDir, kubectlDir].join(delimiter),
  },
];

// The standalone executable, alone on PATH with kubectl: no node reachable.
const standalone = join(ROOT, 'build', 'package', 'linux_amd64', 'kubectl-rollouts_plugins');
if (existsSync(standalone)) {
  const standaloneDir = join(scratch, 'standalone');
  mkdirSync(standaloneDir);
  symlinkSync(standalone, join(standaloneDir, 'kubectl-rollouts_plugins'));
  const standalonePath = [standaloneDir, kubectlDir].join(delimiter);
  subjects.push(
    { name: 'kubectl rollouts-plugins --help (standalone)', args: ['rollouts-plugins', '--help'], path: standalonePath },
    { name: 'standalone --help (direct)', command: standalone, args: ['--help'], path: standalonePath, target: DIRECT_TARGET_RATIO },
    { name: 'standalone version (direct)', command: standalone, args: ['version'], path: standalonePath, target: DIRECT_TARGET_RATIO },
    { name: 'standalone lint -f FILE (direct)', command: standalone, args: lintArgs, path: standalonePath, recordOnly: true },
  );
}

function timeOnce(subject) {
  const start = process.hrtime.bigint();
  const result = spawnSync(subject.command ?? kubectl, subject.args, {
    env: { PATH: subject.path, HOME: process.env.HOME, KUBECONFIG: '/nonexistent' },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: RUN_TIMEOUT_MS,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && !(subject.recordOnly && result.status === 1)) throw new Error(`${subject.name} exited ${result.status}: ${result.stderr}`);
  return ms;
}


try {
  for (const subject of subjects) for (let i = 0; i < WARMUP_RUNS; i++) timeOnce(subject);
  const times = subjects.map(() => []);
  for (let run = 0; run < RUNS; run++) subjects.forEach((subject, i) => times[i].push(timeOnce(subject)));

  const baseline = median(times[0]);
  process.stdout.write(`startup, median of ${RUNS} interleaved runs (target <= ${TARGET_RATIO}x kubectl through kubectl, <= ${DIRECT_TARGET_RATIO}x direct):\n`);
  subjects.forEach((subject, i) => {
    const m = median(times[i]);
    const over = !subject.recordOnly && m / baseline > (subject.target ?? TARGET_RATIO);
    const ratio = i === 0 ? '' : `  ${(m / baseline).toFixed(2)}x${subject.recordOnly ? '  (no target)' : over ? '  OVER TARGET' : ''}`;
    process.stdout.write(`  ${subject.name.padEnd(50)} ${m.toFixed(1).padStart(7)} ms  (min ${Math.min(...times[i]).toFixed(1)})${ratio}\n`);
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
