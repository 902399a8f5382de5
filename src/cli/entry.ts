/** The executable's entry: completion's fast path, then the command tree. */
import { main } from './main.js';
import { installSignalHandlers } from './run-context.js';

async function start(argv: string[]): Promise<void> {
  if (argv[0] === '__complete') {
    const { complete, formatCompletion } = await import('./complete.js');
    process.stdout.write(formatCompletion(complete(argv.slice(1))));
    return;
  }
  installSignalHandlers();
  const code = await main(argv);
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = code;
}

void start(process.argv.slice(2));
