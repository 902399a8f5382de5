// Writes docs/checks.md from the check registry (src/checks/registry.ts) and docs/known-plugins.md from
// the plugin catalogue (src/config/known-plugins.ts), so docs cannot drift.
// test/docs/checks-doc.test.ts fails when the committed file differs from what this writes.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const result = await build({
  stdin: {
    contents:
      "export { ALL_CHECKS } from './src/checks/registry.ts'; export { renderChecksMarkdown } from './src/render/check-docs.ts';" +
      "export { KNOWN_PLUGINS } from './src/config/known-plugins.ts'; export { renderKnownPluginsMarkdown } from './src/render/known-plugins-doc.ts';",
    resolveDir: new URL('..', import.meta.url).pathname,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The checks reach the YAML parser (a CommonJS package): left to Node to load from node_modules.
  packages: 'external',
  outfile: new URL('../build/gen-docs/registry.mjs', import.meta.url).pathname,
  define: { __TOOL_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS dependencies (yaml) require Node built-ins, which a data: module has no require for.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/');" },
  logLevel: 'warning',
});
if (result.errors.length > 0) process.exit(1);
const module = await import(pathToFileURL(new URL('../build/gen-docs/registry.mjs', import.meta.url).pathname).href);
writeFileSync(new URL('../docs/checks.md', import.meta.url), module.renderChecksMarkdown(module.ALL_CHECKS));
console.log(`docs/checks.md: ${module.ALL_CHECKS.length} checks`);
writeFileSync(new URL('../docs/known-plugins.md', import.meta.url), module.renderKnownPluginsMarkdown(module.KNOWN_PLUGINS));
console.log(`docs/known-plugins.md: ${module.KNOWN_PLUGINS.length} plugins`);
