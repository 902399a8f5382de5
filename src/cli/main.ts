/**
 * The command tree. Command bodies are loaded lazily (dynamic import) so that --help, version and
 * completion start without loading the Kubernetes client, undici or the renderers.
 */
import yargs, { type Argv } from 'yargs';
import { CannotRunError, UsageError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import { EXIT } from '../core/report.js';
import { closest } from '../core/suggest.js';
import { failOn, outputFormat, withGlobalFlags } from './options.js';
import { COMMANDS } from './commands/index.js';

export const TOOL_NAME = 'kubectl rollouts-plugins';

/** Runs the CLI with argv (without node and script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.OK;
  let usageMessage: string | undefined;
  argv = stdinDashAsValue(argv);
  const parser = buildParser(argv, (code) => (exitCode = code));
  // Throwing stops yargs before any handler runs; the catch below turns it into exit 2.
  parser.fail((message, error) => {
    if (error && !(error instanceof UsageError)) throw error;
    throw new UsageError(error?.message ?? explainUsageFailure(message, parser, argv));
  });
  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof UsageError) usageMessage = error.message;
    else if (error instanceof CannotRunError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT.CANNOT_RUN;
    } else {
      const verbose = argv.includes('-v') || argv.includes('--verbose');
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      else process.stderr.write('Run again with -v for details.\n');
      return EXIT.CANNOT_RUN;
    }
  }
  if (usageMessage !== undefined) {
    process.stderr.write(`error: ${usageMessage}\nSee '${TOOL_NAME} --help'.\n`);
    return EXIT.USAGE;
  }
  return exitCode;
}

function buildParser(argv: string[], setExitCode: (code: number) => void): Argv {
  let parser: Argv = yargs(argv)
    .scriptName(TOOL_NAME)
    .usage(`${TOOL_NAME}: find out why Argo Rollouts plugins fail, and how to fix it.\n\nUsage: $0 [command] [flags]`)
    .parserConfiguration({ 'populate--': true, 'strip-aliased': true })
    .strict()
    .help('help')
    .alias('help', 'h')
    .version(false)
    // In a pipe nothing wraps (examples are commands to paste); on a terminal, at its width.
    .wrap(process.stdout.isTTY === true ? process.stdout.columns || 80 : null)
    .epilogue('Exit codes: 0 nothing at or above --fail-on, 1 problems found, 2 usage or input error, 3 could not run.\nDocs: https://github.com/kubectl-rollouts-plugins/kubectl-rollouts-plugins');
  parser = (withGlobalFlags(parser) as unknown as Argv).check((args) => {
    outputFormat(args);
    failOn(args);
    parseDuration(String(args.timeout), 'timeout');
    parseDuration(String(args.requestTimeout), 'request-timeout');
    return true;
  });
  for (const command of COMMANDS) {
    parser = parser.command({
      command: command.usage,
      aliases: command.aliases,
      describe: command.describe,
      builder: (y: Argv) => {
        const built = command.builder ? command.builder(y) : y;
        for (const [example, meaning] of command.examples) built.example(example, meaning);
        return built;
      },
      handler: async (args: Record<string, unknown>) => {
        const { run } = await command.load();
        setExitCode(await run(args));
      },
    } as never);
  }
  return parser;
}

/**
 * yargs never takes a lone `-` as an option's value; `-f -` (stdin, as kubectl spells it) becomes
 * `--filename=-`, which it does.
 */
function stdinDashAsValue(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if ((argv[i] === '-f' || argv[i] === '--filename') && argv[i + 1] === '-') {
      out.push('--filename=-');
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

/** Turns yargs' failure text into one sentence that names the closest valid choice. */
function explainUsageFailure(message: string | null, parser: Argv, argv: string[]): string {
  const text = message ?? 'invalid arguments';
  const unknown = /^Unknown arguments?: (.+)$/.exec(text);
  if (!unknown) return text;
  const word = unknown[1]!.split(', ')[0]!;
  const typedAsFlag = argv.some((a) => a === `--${word}` || a.startsWith(`--${word}=`) || a === `-${word}`);
  if (typedAsFlag) {
    const options = Object.keys((parser as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
    const hint = closest(word, options.filter((o) => o.length > 1));
    return `unknown flag "${word.length > 1 ? '--' : '-'}${word}"${hint ? `: did you mean "--${hint}"?` : ''}`;
  }
  const hint = closest(word, COMMANDS.map((c) => c.name));
  return `unknown command or argument "${word}"${hint ? `: did you mean "${hint}"?` : ''}`;
}
