// `npm run demo`: the real `kubectl rollouts-plugins doctor` against a simulated cluster on this
// machine. The fixture API server (the one the tests use) serves the manifests of examples/demo/,
// a loopback HTTP server serves the plugin binaries their ConfigMap points to, and a throwaway
// kubeconfig connects the two. Everything lives in one temp dir, removed at the end and on Ctrl-C.
//
// Needs only Node 24 (it imports the erasable-TypeScript test helpers directly). With Go installed
// the example plugins are built from test/go/plugins (cached under build/go) and the handshake
// step launches them; without Go, stand-in bytes are served and the binary checks flag them.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadScenario, startFixtureApiServer } from '../test/support/fixture-apiserver.ts';
import { fleetKubeconfig } from '../test/support/fleet.ts';
import { buildGo, goAvailable, REPO_ROOT } from '../test/support/go-build.ts';

const DEMO_DIR = join(REPO_ROOT, 'examples/demo');
/** The healthy cluster of the fleet demo: the Helm HA install the tests use, downloading from the demo's plugin server. */
const HEALTHY_SCENARIO = join(REPO_ROOT, 'test/fixtures/cluster/helm-ha-healthy.yaml');
const CLI = join(REPO_ROOT, 'bin/kubectl-rollouts_plugins');
const say = (text) => process.stderr.write(`${text}\n`);

/** Download paths on the plugin server, each with the fixture plugin that stands for it. */
const PLUGINS = [
  {
    path: '/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64',
    fixture: 'trafficrouter-ok',
    shaKey: 'GATEWAYAPI_SHA256',
  },
  {
    path: '/argoproj-labs/sample-rollouts-metric-plugin/releases/download/v0.0.4/metric-plugin-linux-amd64',
    fixture: 'metricprovider-ok',
  },
];

/** Go's names for this host (GOOS/GOARCH), so the nodes match the binaries the handshake runs. */
const NODE_OS = process.platform === 'win32' ? 'windows' : process.platform;
const NODE_ARCH = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] ?? process.arch;

/** The plugin bytes: real go-plugin binaries when Go is here, stand-ins otherwise. */
async function pluginBinaries() {
  // DEMO_WITHOUT_GO=1 shows (and tests) what a machine without Go sees.
  if (!goAvailable() || process.env.DEMO_WITHOUT_GO === '1') {
    say('Go is not installed: the plugin server holds stand-in scripts instead of');
    say('plugin binaries, and the binary and handshake checks flag them (rightly).');
    say('Install Go to see a healthy plugin pass the handshake too.');
    return PLUGINS.map((p) => Buffer.from(`#!/bin/sh\n# stand-in for ${p.fixture}: install Go for a real plugin\nexit 1\n`));
  }
  say('Example plugins: built with Go from test/go/plugins (cached under build/go)…');
  try {
    return await Promise.all(PLUGINS.map(async (p) => readFileSync(await buildGo(`plugins/${p.fixture}`))));
  } catch (error) {
    say(`Building them failed (${String(error.message ?? error).split('\n')[0]}): serving stand-in bytes instead.`);
    return PLUGINS.map((p) => Buffer.from(`#!/bin/sh\n# stand-in for ${p.fixture}\nexit 1\n`));
  }
}

function startPluginServer(files) {
  const server = http.createServer((req, res) => {
    const body = files.get(new URL(req.url ?? '/', 'http://demo').pathname);
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The manifests of examples/demo/ with the run's values filled in. */
function demoManifests(values) {
  return readdirSync(DEMO_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => readFileSync(join(DEMO_DIR, name), 'utf8').replace(/\{\{(\w+)\}\}/g, (match, key) => values[key] ?? match));
}

function opensslAvailable() {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Bundles the CLI when dist/ is missing or older than a source file (a fresh clone has no dist/). */
function ensureBuilt() {
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const path = join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  let built = 0;
  try {
    built = statSync(join(REPO_ROOT, 'dist/cli.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newest(join(REPO_ROOT, 'src'))) return;
  say('Bundling the CLI (scripts/build.mjs)…');
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 120_000 });
}

async function main() {
  // `--fleet`: several clusters (healthy, crash-looping, unreachable, expired token) in one run.
  const fleet = process.argv.includes('--fleet');
  const extraArgs = process.argv.slice(2).filter((a) => a !== '--fleet');
  const tempDir = mkdtempSync(join(tmpdir(), 'rp-demo-'));
  const cleanups = [() => rmSync(tempDir, { recursive: true, force: true })];
  let child;
  let interrupted = false;
  const onSignal = (name) => {
    interrupted = true;
    // The CLI runs in its own session (below), so it hears a signal once: from here.
    if (child && child.exitCode === null && child.signalCode === null) child.kill(name);
    else void cleanUp().then(() => process.exit(130));
  };
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(name, () => onSignal(name));
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };

  try {
    ensureBuilt();
    const binaries = await pluginBinaries();
    if (interrupted) return 130;
    const files = new Map(PLUGINS.map((p, i) => [p.path, binaries[i]]));
    const pluginServer = await startPluginServer(files);
    cleanups.push(
      () =>
        new Promise((resolve) => {
          pluginServer.close(() => resolve());
          pluginServer.closeAllConnections();
        }),
    );
    const pluginUrl = `http://127.0.0.1:${pluginServer.address().port}`;

    const values = { PLUGIN_SERVER: pluginUrl, NODE_OS, NODE_ARCH };
    PLUGINS.forEach((p, i) => {
      if (p.shaKey) values[p.shaKey] = createHash('sha256').update(binaries[i]).digest('hex');
    });
    const tls = opensslAvailable();
    // Over plain HTTP no client sends credentials (kubectl neither): the server then stands for one behind `kubectl proxy`.
    const proxied = tls ? {} : { anonymousUser: 'admin' };
    const apiServer = await startFixtureApiServer({ ...loadScenario(...demoManifests(values)), tls, ...proxied });
    cleanups.push(() => apiServer.close());
    const kubeconfig = join(tempDir, 'kubeconfig');
    if (fleet) {
      const healthyScenario = loadScenario(readFileSync(HEALTHY_SCENARIO, 'utf8').replaceAll('https://github.com', pluginUrl));
      const healthy = await startFixtureApiServer({ ...healthyScenario, tls, ...proxied });
      cleanups.push(() => healthy.close());
      // Over plain HTTP the old token is not sent: a server that asks for credentials stands for it.
      const rejecting = tls ? healthy : await startFixtureApiServer({ ...healthyScenario, tls });
      if (rejecting !== healthy) cleanups.push(() => rejecting.close());
      // A server that was there and is gone: its port refuses connections.
      const gone = await startFixtureApiServer({ tls });
      await gone.close();
      writeFileSync(
        kubeconfig,
        fleetKubeconfig([
          { context: 'prod-eu', server: healthy },
          { context: 'prod-us', server: apiServer, token: 'demo-admin-token' },
          { context: 'lab-gone', server: gone },
          { context: 'lab-old-token', server: rejecting, token: 'expired-token' },
        ]),
        { mode: 0o600 },
      );
      say('Four simulated clusters in one kubeconfig: prod-eu (healthy), prod-us (its standby');
      say('crash-loops), lab-gone (its API server is gone), lab-old-token (credentials rejected).');
      say(`  plugin downloads  ${pluginUrl} (shared: each download is made once for all clusters)`);
      say('');
      extraArgs.unshift('--all-contexts');
    } else {
      writeFileSync(kubeconfig, apiServer.kubeconfig({ token: 'demo-admin-token', context: 'demo' }), { mode: 0o600 });
    }

    if (!fleet) {
      say(`A simulated cluster from ${relative(process.cwd(), DEMO_DIR) || '.'}/: an HA Argo Rollouts controller`);
      say('whose standby crash-loops since someone edited its ConfigMap.');
      say(`  API server        ${apiServer.url}${tls ? '' : ' (plain HTTP: no openssl here; like kubectl proxy, it needs no credentials)'}`);
      say(`  plugin downloads  ${pluginUrl}`);
      say('');
    }
    say(`$ kubectl rollouts-plugins doctor --kubeconfig ${kubeconfig}${extraArgs.length ? ` ${extraArgs.join(' ')}` : ''}`);
    say('');
    child = spawn(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, ...extraArgs], {
      stdio: 'inherit',
      detached: true,
      // Downloads are cached in the temp dir, so the demo leaves nothing in ~/.cache.
      env: { ...process.env, XDG_CACHE_HOME: join(tempDir, 'cache') },
    });
    const code = await new Promise((resolve) => child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1))));
    if (interrupted || code === 130) return 130;
    say('');
    if (fleet && code === 3) {
      say('doctor exited with 3: the worst of the clusters (two of them could not be checked at all).');
      say('Try: npm run demo -- --fleet -o json (a PluginReportList), or --context "prod-*"');
      return 0;
    }
    if (code <= 1) {
      say(`doctor exited with ${code} (${code === 1 ? 'problems found: this cluster was built to have them' : 'nothing at or above --fail-on'}).`);
      say('Try: npm run demo -- -o wide (or -o json, --plugin argoproj-labs/gatewayAPI)');
      say('or npm run demo -- --fleet (several clusters in one run)');
      return 0;
    }
    return code;
  } finally {
    await cleanUp();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  // Ctrl-C reaches the bundler or `go build` too: they die of SIGINT, which is no error of theirs.
  if (error?.signal === 'SIGINT' || error?.signal === 'SIGTERM') process.exitCode = 130;
  else {
    say(`demo: ${error?.message ?? String(error)}`);
    process.exitCode = 1;
  }
}
