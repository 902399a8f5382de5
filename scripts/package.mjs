// Builds the standalone executable for the platform this runs on (Node's single executable
// applications, with the Node binary that runs this script: the project's pinned Node 24 under
// `npm run package`) and packs it for krew, with kubectl's completion helper:
//   build/release/kubectl-rollouts_plugins_<os>_<arch>.tar.gz (.zip on Windows) + .sha256
// Each release runner builds its own platform (.github/workflows/release.yml): a SEA can only be
// made from a Node binary of the target platform, and the code cache is platform-specific.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Script } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { minimumNodeMajor } from '../bin/node-version.js';
import { SEA_LAZY_ASSET, seaAssetScript } from './build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLUGIN_BIN = 'kubectl-rollouts_plugins';
const COMPLETION_BIN = 'kubectl_complete-rollouts_plugins';
// Node looks for this resource name and flips this fuse (Node's SEA documentation).
const SEA_RESOURCE = 'NODE_SEA_BLOB';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const KREW_OS = { linux: 'linux', darwin: 'darwin', win32: 'windows' };
const KREW_ARCH = { x64: 'amd64', arm64: 'arm64' };
// Child processes get a deadline so a stuck tool cannot hang a release job.
const TOOL_TIMEOUT_MS = 120_000;

function fail(message) {
  process.stderr.write(`package: ${message}\n`);
  process.exit(1);
}

/** The archive's platform suffix, as krew manifests and release assets name it. */
export function platformName(platform = process.platform, arch = process.arch) {
  const os = KREW_OS[platform];
  const krewArch = KREW_ARCH[arch];
  if (!os || !krewArch) return undefined;
  return `${os}_${krewArch}`;
}

function run(file, args, options = {}) {
  execFileSync(file, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: TOOL_TIMEOUT_MS, ...options });
}

/**
 * V8's code cache of the lazily loaded asset, made by this Node (the one the executable embeds),
 * as `useCodeCache` does for the entry: the top level, compiled without running it. A cache taken
 * after initialising every module is 3.5x larger and slows `version` and completion more than it
 * speeds up the commands (measured). Made under the heap settings the executable sets before it
 * compiles the asset: V8 rejects a cache made under other flags, and then compiles the whole
 * asset again (~110 ms instead of ~20, in every command but --help and version).
 */
async function writeLazyAssetCodeCache(assetPath) {
  const { keepYoungGenerationSmall } = await import('../src/core/young-generation.ts');
  keepYoungGenerationSmall();
  const script = new Script(seaAssetScript(readFileSync(assetPath, 'utf8')), { filename: basename(assetPath) });
  writeFileSync(`${assetPath}.cache`, script.createCachedData());
}

async function main() {
  const wantedMajor = minimumNodeMajor();
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== wantedMajor) {
    fail(`running on Node ${process.versions.node}, but the executable must embed the pinned Node ${wantedMajor}: run \`npm run package\`, which puts node_modules/.bin first on PATH.`);
  }
  const platform = platformName();
  if (!platform) fail(`no release target for ${process.platform}/${process.arch}`);
  const windows = process.platform === 'win32';
  const licenseFile = join(ROOT, 'LICENSE');
  if (!existsSync(licenseFile)) fail('LICENSE is missing at the top level: krew requires one in the archive.');

  let inject;
  try {
    ({ inject } = await import('postject'));
  } catch {
    fail('postject is not installed: run `npm ci` (it is a devDependency).');
  }

  run(process.execPath, ['scripts/build.mjs', '--sea']);

  const seaDir = join(ROOT, 'build', 'sea');
  await writeLazyAssetCodeCache(join(seaDir, SEA_LAZY_ASSET));
  const seaConfig = join(seaDir, 'sea-config.json');
  const blob = join(seaDir, 'sea-prep.blob');
  writeFileSync(seaConfig, JSON.stringify({
    main: join(seaDir, 'cli.cjs'),
    assets: { [SEA_LAZY_ASSET]: join(seaDir, SEA_LAZY_ASSET), [`${SEA_LAZY_ASSET}.cache`]: join(seaDir, `${SEA_LAZY_ASSET}.cache`) },
    output: blob,
    disableExperimentalSEAWarning: true,
    // Compiled code in the blob: faster cold start, which matters in an outage.
    useCodeCache: true,
    // A NODE_OPTIONS meant for the user's own Node programs (--require, --inspect-brk...) must not
    // crash or stop this executable: it is a kubectl plugin, not a Node.
    execArgvExtension: 'none',
  }, null, 2));
  run(process.execPath, ['--experimental-sea-config', seaConfig]);

  const stageDir = join(ROOT, 'build', 'package', platform);
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const executableName = windows ? `${PLUGIN_BIN}.exe` : PLUGIN_BIN;
  const executable = join(stageDir, executableName);
  copyFileSync(process.execPath, executable);
  chmodSync(executable, 0o755);
  // postject would invalidate Node's own signature; macOS refuses to run a badly signed binary.
  if (process.platform === 'darwin') run('codesign', ['--remove-signature', executable]);
  // Node's symbol table is a fifth of the file and nothing at run time reads it. Stripped before
  // the blob goes in: strip would drop the section postject adds.
  if (process.platform === 'linux') run('strip', ['--strip-all', executable]);
  if (process.platform === 'darwin') run('strip', ['-x', executable]);
  // On Linux, postject's LIEF prints "Can't find string offset for section name '.note.100'"
  // warnings for Node's binary: harmless, Node's own SEA walkthrough shows them too.
  await inject(executable, SEA_RESOURCE, readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    machoSegmentName: 'NODE_SEA',
  });
  // arm64 macOS runs only signed code: an ad-hoc signature is enough.
  if (process.platform === 'darwin') run('codesign', ['--sign', '-', executable]);
  copyFileSync(licenseFile, join(stageDir, 'LICENSE'));
  // kubectl 1.26+ completes `kubectl rollouts-plugins <TAB>` by running this name from PATH.
  const completionName = windows ? `${COMPLETION_BIN}.cmd` : COMPLETION_BIN;
  writeFileSync(
    join(stageDir, completionName),
    windows ? `@"%~dp0${executableName}" __complete %*\r\n` : `#!/bin/sh\nexec ${PLUGIN_BIN} __complete "$@"\n`,
    { mode: 0o755 },
  );

  const releaseDir = join(ROOT, 'build', 'release');
  mkdirSync(releaseDir, { recursive: true });
  const archive = join(releaseDir, `${PLUGIN_BIN}_${platform}.${windows ? 'zip' : 'tar.gz'}`);
  rmSync(archive, { force: true });
  // GNU tar (Linux) and bsdtar (macOS, Windows 10+) ship with every runner; bsdtar's `-a` picks zip by
  // suffix. On Windows name System32's bsdtar: Git's GNU tar may come first on PATH.
  const tar = windows ? join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'tar.exe') : 'tar';
  run(tar, [windows ? '-a' : '-z', '-c', '-f', archive, '-C', stageDir, executableName, completionName, 'LICENSE']);

  const digest = createHash('sha256').update(readFileSync(archive)).digest('hex');
  // sha256sum's format, so `sha256sum -c` verifies a download.
  writeFileSync(`${archive}.sha256`, `${digest}  ${basename(archive)}\n`);
  process.stdout.write(`${archive}\n${digest}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
