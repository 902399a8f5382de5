// Bundles the CLI with esbuild. `dist/` is the npm package's code (ES modules, split so that
// --help loads only the light command tree); `--sea` instead writes one CommonJS file for Node's
// single executable applications (scripts/package.mjs), leaving dist/ alone so that tests reading
// dist/ can run while a package is built.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/**
 * The executable's lazily loaded part: the modules the entry imports dynamically, bundled into one
 * SEA asset that is compiled on first use. `--help` then starts without parsing the command tree,
 * the checks, yargs, the Kubernetes client and undici (the CommonJS bundle has no code splitting).
 */
export const SEA_LAZY_ASSET = 'commands.cjs';
// commands/version.js stays in the entry: it is small, and `version` is a quick call like --help.
const SEA_LAZY_MODULES = ['./main.js', './complete.js', './complete-cluster.js'];

/** The asset's source is compiled as this function; scripts/package.mjs makes its V8 code cache from the same text. */
export const seaAssetScript = (source) => `(function (module, exports, require, __filename, __dirname) {${source}\n})`;

// Loaded once, with the code cache package.mjs stored next to it (V8 recompiles when it does not
// fit). Outside the executable (the help rendering below) the asset is the file next to the entry.
const SEA_ASSET_LOADER = `let __seaAsset;
function __loadSeaAsset(name) {
  if (__seaAsset) return __seaAsset;
  const sea = require('node:sea');
  const inSea = sea.isSea();
  const source = inSea ? sea.getAsset(name, 'utf8') : require('node:fs').readFileSync(require('node:path').join(__dirname, name), 'utf8');
  const cachedData = inSea ? Buffer.from(sea.getAsset(name + '.cache')) : undefined;
  const script = new (require('node:vm').Script)((${seaAssetScript.toString()})(source), { filename: name, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module, module.exports, require, __filename, __dirname);
  return (__seaAsset = module.exports);
}`;

/** In the entry, `import('./main.js')` and the others become a look-up in the loaded asset. */
const seaLazyModules = {
  name: 'sea-lazy-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\/[\w/-]+\.js$/ }, (args) =>
      args.importer.endsWith('entry.ts') && SEA_LAZY_MODULES.includes(args.path) ? { path: args.path, namespace: 'sea-asset' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sea-asset' }, (args) => ({
      contents: `module.exports = __loadSeaAsset(${JSON.stringify(SEA_LAZY_ASSET)}).modules[${JSON.stringify(args.path)}]();`,
      loader: 'js',
    }));
  },
};

// Imported by scripts/package.mjs for SEA_LAZY_MODULES: build only when run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--sea')) {
    // ES-module dependencies (yargs) read import.meta.url, which CommonJS output leaves empty.
    const cjs = {
      ...common,
      format: 'cjs',
      define: { ...common.define, 'import.meta.url': '__import_meta_url' },
      banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    };
    // require() in a function: each module is initialised when the entry first asks for it.
    const lazyEntry = `export const modules = { ${SEA_LAZY_MODULES.map((path) => `${JSON.stringify(path)}: () => require(${JSON.stringify(path.replace(/\.js$/, '.ts'))})`).join(', ')} };`;
    await build({ ...cjs, entryPoints: undefined, stdin: { contents: lazyEntry, resolveDir: 'src/cli', sourcefile: 'lazy-modules.ts', loader: 'ts' }, outfile: `build/sea/${SEA_LAZY_ASSET}` });
    await buildWithHelp({ ...cjs, outfile: 'build/sea/cli.cjs', banner: { js: `${cjs.banner.js}\n${SEA_ASSET_LOADER}` }, plugins: [seaLazyModules] }, 'build/sea/cli.cjs');
  } else {
    // Chunk names carry content hashes: without this, stale chunks of earlier builds would be packed.
    rmSync('dist', { recursive: true, force: true });
    await buildWithHelp({
      ...common,
      outdir: 'dist',
      format: 'esm',
      splitting: true,
      entryNames: 'cli',
      chunkNames: 'chunks/[name]-[hash]',
      // CommonJS dependencies (yargs' helpers, the Kubernetes client's) call require() for Node builtins.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    }, 'dist/cli.js');
  }
}
