// Bundles the CLI with esbuild. `dist/` is the npm package's code (ES modules, split so that
// --help loads only the light command tree); `--sea` also writes one CommonJS file for Node's
// single executable applications (scripts/package.mjs).
import { build } from 'esbuild';
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

await build({
  ...common,
  outdir: 'dist',
  format: 'esm',
  splitting: true,
  entryNames: 'cli',
  chunkNames: 'chunks/[name]-[hash]',
  // cli-table3 and other CommonJS dependencies call require() for Node builtins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

if (process.argv.includes('--sea')) {
  await build({ ...common, outfile: 'build/sea/cli.cjs', format: 'cjs' });
}
