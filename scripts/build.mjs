// Bundles the CLI with esbuild. `dist/` is the npm package's code (ES modules, split so that
// --help loads only the light command tree); `--sea` instead writes one CommonJS file for Node's
// single executable applications (scripts/package.mjs), leaving dist/ alone so that tests reading
// dist/ can run while a package is built.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  entryPoints: ['src/cli/entry.ts'],
  bundle: true,
  platform: 'node',
  target: 'node24',
  define: { __TOOL_VERSION__: JSON.stringify(version) },
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * Builds twice: the first build renders the top-level --help text, the second embeds it, so that
 * `--help` prints without loading yargs and the command tree (kubectl plugins must start fast).
 */
async function buildWithHelp(options, entryFile) {
  const withHelp = (text) => ({ ...options, define: { ...options.define, __HELP_TEXT__: JSON.stringify(text) } });
  await build(withHelp(''));
  const help = execFileSync(process.execPath, [entryFile, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  await build(withHelp(help));
}

if (process.argv.includes('--sea')) {
  // ES-module dependencies (yargs) read import.meta.url, which CommonJS output leaves empty.
  await buildWithHelp({
    ...common,
    outfile: 'build/sea/cli.cjs',
    format: 'cjs',
    define: { ...common.define, 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  }, 'build/sea/cli.cjs');
} else {
  await buildWithHelp({
    ...common,
    outdir: 'dist',
    format: 'esm',
    splitting: true,
    entryNames: 'cli',
    chunkNames: 'chunks/[name]-[hash]',
    // cli-table3 and other CommonJS dependencies call require() for Node builtins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }, 'dist/cli.js');
}
