// The Node check of the npm executables. It runs before the bundle is loaded: on an older Node the
// bundle's imports fail while linking (e.g. "does not provide an export named
// 'getCACertificates'"), before any of its code could explain. Plain JavaScript that any Node with
// ES modules parses. The minimum comes from package.json's engines, its one owner.
import { readFileSync } from 'node:fs';

/** The lowest Node major package.json's `engines.node` (`>=N...`) accepts. */
export function minimumNodeMajor() {
  const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return Number(/^>=\s*(\d+)/.exec(engines.node)[1]);
}

/** Exits 2 with one sentence when this Node is older than the minimum. */
export function requireSupportedNode() {
  const needed = minimumNodeMajor();
  const running = process.versions.node;
  if (Number(running.split('.')[0]) >= needed) return;
  process.stderr.write(
    `error: kubectl rollouts-plugins needs Node.js ${needed} or newer, but ${process.execPath} is Node.js ${running}.\n` +
      `Put Node.js ${needed} first on PATH, or install the standalone executable, which needs no Node.js: ` +
      'https://github.com/kubectl-rollouts-plugins/kubectl-rollouts-plugins/blob/main/docs/install.md\n',
  );
  process.exit(2);
}
