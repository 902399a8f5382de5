/**
 * The executable's entry. The commonest quick calls (--help, version, completion) take fast paths
 * that load neither yargs nor the command tree: a kubectl plugin should start about as fast as kubectl.
 */
import { isSea } from 'node:sea';
import { keepYoungGenerationSmall } from '../core/young-generation.js';
import { runWithoutNodeSwitches } from './node-switches.js';
import { endQuietlyWhenStdoutCloses } from './run-context.js';

/** The top-level --help text, rendered at build time by scripts/build.mjs (empty in the first pass). */
declare const __HELP_TEXT__: string;

async function start(argv: string[]): Promise<void> {
  // The standalone executable is no Node for the user's Node settings (node-switches.ts).
  if (isSea()) await runWithoutNodeSwitches();
  endQuietlyWhenStdoutCloses();
  // Before any command or completion code is loaded: once V8 has grown the young generation, it
  // stays grown. The executable's code cache of that code is made under the same settings
  // (scripts/package.mjs): V8 rejects a cache made under other flags.
  keepYoungGenerationSmall();
  if (argv[0] === '__complete') {
    const { complete, completionWords, formatCompletion } = await import('./complete.js');
    const words = completionWords(argv.slice(1));
    const completion = complete(words);
    if (completion.fromCluster) {
      const { clusterCandidates } = await import('./complete-cluster.js');
      const current = words.at(-1) ?? '';
      completion.candidates = (await clusterCandidates(completion.fromCluster, words)).filter((c) => c.startsWith(current));
    }
    process.stdout.write(formatCompletion(completion));
    return;
  }
  const only = argv.length === 1 ? argv[0] : undefined;
  if ((only === '--help' || only === '-h') && __HELP_TEXT__) {
    process.stdout.write(__HELP_TEXT__);
    return;
  }
  if (only === 'version') {
    const { run } = await import('./commands/version.js');
    process.exitCode = await run({});
    return;
  }
  const { main } = await import('./main.js');
  const code = await main(argv);
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = code;
}

void start(process.argv.slice(2));
