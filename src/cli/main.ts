/**
 * The command tree. Command bodies are loaded lazily (dynamic import) so that --help, version and
 * completion start without loading the Kubernetes client, undici or the renderers.
 */
import { homedir } from 'node:os';
import yargs, { type Argv } from 'yargs';
import { CannotRunError, UsageError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import { EXIT } from '../core/report.js';
import { closest } from '../core/suggest.js';
import { terminalSafe } from '../render/terminal-safe.js';
import type { ConnectionFlags } from '../cluster/connection-flags.js';
import { COLOR_MODES, connectionFlags, requestedContexts, withGlobalFlags } from './options.js';
import { installSignalHandlers } from './run-context.js';
import { COMMANDS, commandBuilder } from './commands/index.js';

export const TOOL_NAME = 'kubectl rollouts-plugins';

/** Runs the CLI with argv (without node and script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  installSignalHandlers();
  let exitCode: number = EXIT.OK;
  let usageMessage: string | undefined;
  argv = kubectlArgv(argv);
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
      process.stderr.write(`error: ${terminalSafe(error.message)}\n`);
      return EXIT.CANNOT_RUN;
    } else {
      const verbose = argv.includes('-v') || argv.includes('--verbose');
      process.stderr.write(`error: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`);
      if (verbose && error instanceof Error && error.stack) process.stderr.write(`${terminalSafe(error.stack)}\n`);
      else process.stderr.write('Run again with -v for details.\n');
      return EXIT.CANNOT_RUN;
    }
  }
  if (usageMessage !== undefined) {
    process.stderr.write(`error: ${terminalSafe(usageMessage)}\nSee '${TOOL_NAME} --help'.\n`);
    return EXIT.USAGE;
  }
  return exitCode;
}

/**
 * Whether a command line is accepted by the real command tree, without running it: the usage error
 * it would exit 2 with, or undefined. Tests hold every command the tool prints to it.
 */
export async function usageErrorOf(argv: string[]): Promise<string | undefined> {
  const parser = buildParser(kubectlArgv(argv), () => undefined, false);
  parser.fail((message, error) => {
    throw new UsageError(error?.message ?? explainUsageFailure(message, parser, argv));
  });
  try {
    await parser.parseAsync();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const PARSER_CONFIGURATION = { 'populate--': true, 'strip-aliased': true } as const;

/**
 * A word as typed (shells complete with the words unexpanded) as the shell passes it when the
 * command runs: `~` and `~/…` at its start are the home directory, a word quoted whole is what is
 * inside the quotes. `--kubeconfig ~/.kube/other --context <TAB>` then offers that file's contexts.
 */
function asTheShellPassesIt(word: string): string {
  if (word === '~' || word.startsWith('~/')) return `${homedir()}${word.slice(1)}`;
  const quote = word[0];
  if ((quote === "'" || quote === '"') && word.length > 1 && word.endsWith(quote)) return word.slice(1, -1);
  return word;
}

/**
 * The connection flags typed so far on a command line whose last word, the value of the flag before
 * it, is being completed: in every form the CLI reads them (`--context=X`, `-nX`, the last value
 * wins; kubectl completes with them too), that flag and its value left out; undefined when they
 * cannot be read (a contradiction, a flag missing its value): then completion reads no kubeconfig and
 * asks no cluster rather than other ones.
 */
export function typedConnectionFlags(words: readonly string[]): ConnectionFlags | undefined {
  const typed = kubectlArgv(words.slice(0, -2).map(asTheShellPassesIt));
  const parser = yargs(typed).parserConfiguration(PARSER_CONFIGURATION).help(false).version(false).exitProcess(false).fail(false);
  try {
    const args = (withGlobalFlags(parser) as unknown as Argv).middleware(lastValueWins(parser), true).parseSync() as Record<string, unknown>;
    return connectionFlags(args, requestedContexts(args).at(-1));
  } catch {
    return undefined;
  }
}

function buildParser(argv: string[], setExitCode: (code: number) => void, runs = true): Argv {
  let parser: Argv = yargs(argv)
    .scriptName(TOOL_NAME)
    .usage(`${TOOL_NAME}: find out why Argo Rollouts plugins fail, and how to fix it.\n\nUsage: $0 [command] [flags]`)
    .parserConfiguration(PARSER_CONFIGURATION)
    .strict()
    .help('help')
    .alias('help', 'h')
    .version(false)
    // In a pipe nothing wraps (examples are commands to paste); on a terminal, at its width.
    .wrap(process.stdout.isTTY === true ? process.stdout.columns || 80 : null)
    .epilogue('Exit codes: 0 nothing at or above --fail-on, 1 problems found, 2 usage or input error, 3 could not run.\nDocs: https://github.com/kubectl-rollouts-plugins/kubectl-rollouts-plugins');
  parser = (withGlobalFlags(parser) as unknown as Argv).middleware(lastValueWins(parser), true).check((args) => {
    // The report flags are read by each command's own check (checkReportFlags), after refusing those it does not use.
    if (args.allNamespaces === true && args.namespace !== undefined)
      throw new UsageError('-A/--all-namespaces and -n/--namespace exclude each other: without -n the controller is looked for in every namespace');
    // Given no value it is as if not given, as kubectl reads it (connectionFlags).
    if (args.requestTimeout !== undefined && args.requestTimeout !== '') parseDuration(String(args.requestTimeout), 'request-timeout');
    if (args.handshakeTimeout !== undefined) parseDuration(String(args.handshakeTimeout), 'handshake-timeout');
    return true;
  });
  for (const command of COMMANDS) {
    parser = parser.command({
      command: command.usage,
      aliases: command.aliases,
      describe: command.describe,
      builder: (y: Argv) => {
        const built = commandBuilder(command)(y);
        for (const [example, meaning] of command.examples) built.example(example, meaning);
        return built;
      },
      handler: async (args: Record<string, unknown>) => {
        if (!runs) return;
        const { run } = await command.load();
        setExitCode(await run(args));
      },
    } as never);
  }
  return parser;
}

/** Short flags that take a value, and their long names. */
const SHORT_WITH_VALUE: Record<string, string> = { o: 'output', n: 'namespace', s: 'server', f: 'filename' };

/**
 * Rewrites argv to what yargs reads the way kubectl (pflag) does: `-ojson` and `-o=json` are
 * `--output=json` (yargs would read `-ojson` as the flags -o -j -s -o -n); `-v 6`, `-v=6` and
 * `--v=6` are a verbosity level (any level above 0 is -v); `-f -` is stdin (yargs never takes a
 * lone `-` as a value); `--color` alone is `--color=always`. Nothing after `--` is touched: it belongs to the plugin.
 */
export function kubectlArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  const verbosity = (level: string) => (Number(level) > 0 ? '--verbose' : '--no-verbose');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const short = /^-([a-zA-Z])=?(.+)$/.exec(arg);
    const level = /^(?:-v|--v)=?(\d+)$/.exec(arg);
    if (level) out.push(verbosity(level[1]!));
    else if ((arg === '-v' || arg === '--v') && /^\d+$/.test(argv[i + 1] ?? '')) out.push(verbosity(argv[++i]!));
    else if (arg === '--v') out.push('--verbose');
    else if ((arg === '-f' || arg === '--filename') && argv[i + 1] === '-') out.push('--filename=-'), i++;
    else if (arg === '--color' && !(COLOR_MODES as readonly string[]).includes(argv[i + 1] ?? '')) out.push('--color=always');
    else if (short && SHORT_WITH_VALUE[short[1]!]) out.push(`--${SHORT_WITH_VALUE[short[1]!]}=${short[2]}`);
    else out.push(arg);
  }
  return out;
}

/**
 * The last value of a repeated flag wins, as in kubectl (`-n a -n b` is namespace b); flags declared
 * repeatable (-f, --only...) keep every value, under every name yargs gives them (`pass-env` and the
 * `passEnv` the code reads). --context is left alone: it is the fleet flag.
 */
function lastValueWins(parser: Argv): (args: Record<string, unknown>) => void {
  return (args) => {
    const declared = parser as unknown as { getOptions(): { array: string[] }; getAliases(): Record<string, string[]> };
    const aliases = declared.getAliases();
    const repeatable = new Set(declared.getOptions().array.flatMap((name) => [name, ...(aliases[name] ?? [])]));
    for (const [key, value] of Object.entries(args)) {
      // '_' and '--' are the positionals and what follows `--` (a plugin's own arguments): every one counts.
      if (key !== '_' && key !== '--' && key !== 'context' && Array.isArray(value) && !repeatable.has(key)) args[key] = value.at(-1);
    }
  };
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
