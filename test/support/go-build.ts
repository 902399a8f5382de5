/**
 * Builds the Go programs under test/go (fixture plugins, the go-plugin host, the config oracle)
 * with Debian's Go in GOPATH mode, as DEVELOPERS.md prescribes. Outputs are cached under
 * build/go/ keyed by a hash of the sources, so a test run builds each program once.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GO_SOURCES = join(REPO_ROOT, 'test/go');
const BUILD_DIR = join(REPO_ROOT, 'build/go');
const GOPATH = join(BUILD_DIR, 'gopath');
/** Import path prefix under which test/go is visible in GOPATH mode. */
export const GO_IMPORT_ROOT = 'rpfixtures';

/** True when Debian's Go toolchain is installed (CI installs it; see .ci/run). */
export function goAvailable(): boolean {
  return ['/usr/bin/go', '/usr/lib/go/bin/go'].some((p) => existsSync(p));
}

function hashTree(dir: string, hash = createHash('sha256')): ReturnType<typeof createHash> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) hashTree(path, hash);
    else hash.update(path.slice(GO_SOURCES.length)).update(readFileSync(path));
  }
  return hash;
}

/**
 * Builds `test/go/<pkg>` (a `package main` directory) and returns the binary's path.
 * Extra env (e.g. GOOS/GOARCH, CGO_ENABLED) is passed to `go build`.
 */
export async function buildGo(pkg: string, env: Record<string, string> = {}): Promise<string> {
  const key = hashTree(GO_SOURCES).update(JSON.stringify(env)).digest('hex').slice(0, 16);
  const out = join(BUILD_DIR, 'bin', key, pkg.replaceAll('/', '_'));
  if (existsSync(out)) return out;
  mkdirSync(join(GOPATH, 'src'), { recursive: true });
  const link = join(GOPATH, 'src', GO_IMPORT_ROOT);
  if (!existsSync(link)) symlinkSync(GO_SOURCES, link);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  // -trimpath: the same sources give the same bytes wherever the repo is checked out.
  await run('go', ['build', '-trimpath', '-o', tmp, `${GO_IMPORT_ROOT}/${pkg}`], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      GO111MODULE: 'off',
      GOPATH: `${GOPATH}:/usr/share/gocode`,
      GOCACHE: join(BUILD_DIR, 'cache'),
      GOFLAGS: '',
      CGO_ENABLED: '0',
      ...env,
    },
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  renameSync(tmp, out); // atomic: parallel test files never see a half-written binary
  return out;
}
