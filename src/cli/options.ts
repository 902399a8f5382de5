/**
 * The flags every command shares, with kubectl's names and meanings (cli-runtime's
 * genericclioptions), plus the report flags. Kept free of heavy imports: --help must start fast.
 */
import type { Argv, Options } from 'yargs';
import { trustFlagsContradict } from '../cluster/cluster-trust.js';
import { CONNECTION_FLAG_KEY, KUBE_FLAGS, type ConnectionFlags, type KubeFlag } from '../cluster/connection-flags.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { SEVERITIES, type Severity } from '../core/finding.js';
import { closest } from '../core/suggest.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'sarif', 'junit', 'github', 'prometheus'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** The -o formats of the commands that print no report (CommandSpec.report.formats); the first is the default. */
export const VERSION_FORMATS = ['table', 'json', 'yaml'] as const satisfies readonly OutputFormat[];
export const CHECK_DOC_FORMATS = ['table', 'json'] as const satisfies readonly OutputFormat[];
/** rbac's manifests, as `kubectl create --dry-run=client -o yaml|json` prints them. */
export const MANIFEST_FORMATS = ['yaml', 'json'] as const satisfies readonly OutputFormat[];
/** checksum's answer or, when it cannot make one, its report: as a table or as data (json, yaml: the same document). */
export const CHECKSUM_FORMATS = ['table', 'wide', 'json', 'yaml'] as const satisfies readonly OutputFormat[];

export const KUBE_FLAG_GROUP = 'Kubernetes flags (as kubectl):';
export const REPORT_FLAG_GROUP = 'Report flags:';

const KUBE_FLAG_OPTIONS: Record<KubeFlag, Options> = {
  kubeconfig: { type: 'string', describe: 'Path to the kubeconfig file to use' },
  // Repeatable (one value per --context, never swallowing a command word): several contexts make doctor a fleet run.
  context: { type: 'string', array: true, nargs: 1, describe: 'The name of the kubeconfig context to use' },
  cluster: { type: 'string', describe: 'The name of the kubeconfig cluster to use' },
  user: { type: 'string', describe: 'The name of the kubeconfig user to use' },
  namespace: { alias: 'n', type: 'string', describe: "The controller's namespace (default: discover it)" },
  // No yargs default: a command that reads no cluster must tell a typed --request-timeout from none.
  'request-timeout': { type: 'string', describe: 'Timeout of a single API request (e.g. 10s, 1m; default: a quarter of --timeout, at most 30s; 0: the whole --timeout)' },
  server: { alias: 's', type: 'string', describe: 'The address and port of the Kubernetes API server' },
  token: { type: 'string', describe: 'Bearer token for authentication to the API server' },
  as: { type: 'string', describe: 'Username to impersonate for the operation' },
  'as-group': { type: 'string', array: true, describe: 'Group to impersonate, repeatable' },
  'certificate-authority': { type: 'string', describe: 'Path to a cert file for the certificate authority' },
  'client-certificate': { type: 'string', describe: 'Path to a client certificate file for TLS' },
  'client-key': { type: 'string', describe: 'Path to a client key file for TLS' },
  'insecure-skip-tls-verify': { type: 'boolean', describe: "Don't verify the server's certificate" },
  'all-namespaces': { alias: 'A', type: 'boolean', describe: 'Look for the controller in every namespace: what happens without -n (discovery is cluster-wide)' },
  'tls-server-name': { type: 'string', describe: 'Server name to use for certificate validation' },
};

export function withGlobalFlags<T>(yargs: Argv<T>) {
  let kube = yargs;
  for (const flag of KUBE_FLAGS) kube = kube.option(flag, { ...KUBE_FLAG_OPTIONS[flag], group: KUBE_FLAG_GROUP });
  return kube
    // No yargs defaults: a command must tell a typed report flag from none, to refuse the ones it
    // does not use (checkReportFlags); each flag's reader below applies its default.
    .option('output', { alias: 'o', type: 'string', group: REPORT_FLAG_GROUP, describe: outputHelp(OUTPUT_FORMATS) })
    .option('color', {
      type: 'string',
      group: REPORT_FLAG_GROUP,
      describe: `Colour: ${COLOR_MODES.join('|')} (default: ${DEFAULT_COLOR_MODE}: on a terminal, unless NO_COLOR is set or FORCE_COLOR asks for it; --no-color is never)`,
    })
    .option('verbose', { alias: 'v', type: 'boolean', group: REPORT_FLAG_GROUP, describe: 'Show details of what runs and why it failed (kubectl\'s -v N: any level above 0)' })
    .option('timeout', { type: 'string', group: REPORT_FLAG_GROUP, describe: `One deadline for the whole run (e.g. 30s, 2m; default: ${DEFAULT_TIMEOUT})` })
    .option('config', {
      type: 'string',
      group: REPORT_FLAG_GROUP,
      describe: 'Ignore file: accepted findings with reasons and expiry, severity overrides (default: .rollouts-plugins.yaml here, if any; docs/config.md)',
    })
    .option('fail-on', {
      type: 'string',
      group: REPORT_FLAG_GROUP,
      describe: `Exit 1 when a finding is at or above this severity: ${SEVERITIES.join('|')} (default: ${DEFAULT_FAIL_ON})`,
    })
    .check((args) => {
      if (trustFlagsContradict({ insecureSkipTlsVerify: args.insecureSkipTlsVerify === true, certificateAuthority: args.certificateAuthority as string | undefined })) throw new UsageError('specifying a root certificates file with the insecure flag is not allowed: give --certificate-authority or --insecure-skip-tls-verify');
      return true;
    });
}

/**
 * What a command does with the Kubernetes flags (CommandSpec.kubernetes; without it, a command uses
 * them all): `can` lists every one it can use, the ones help and completion show; `with` says which
 * these arguments use, and why not the others (`because`, `instead`: the usage error's words).
 */
export interface KubernetesFlagUse {
  can: readonly KubeFlag[];
  /** What a flag means for this command where the shared description (the controller's namespace…) does not fit. */
  help?: Partial<Record<KubeFlag, string>>;
  with(args: Record<string, unknown>): { uses: readonly KubeFlag[]; because: string; instead?: string };
}

/**
 * A Kubernetes flag typed for a command that does not use it is a usage error naming it: silently
 * ignored, `lint -f x.yaml --context prod` reads as if the cluster had been checked.
 */
export function checkKubernetesFlags(args: Record<string, unknown>, use: KubernetesFlagUse): void {
  const { uses, because, instead } = use.with(args);
  const unused = KUBE_FLAGS.filter((flag) => args[flag] !== undefined && !uses.includes(flag));
  if (unused.length === 0) return;
  throw flagsNotUsed(because, unused, instead);
}

/** The usage error for flags typed for a command that does not use them, each named. */
function flagsNotUsed(because: string, flags: readonly string[], instead?: string): UsageError {
  return new UsageError(`${because}: ${flags.map((flag) => `--${flag}`).join(', ')} ${flags.length === 1 ? 'is' : 'are'} not used${instead ? ` (${instead})` : ''}`);
}

/**
 * --context values as given (the flag is repeatable for fleet runs), but those given no value
 * (`--context=`): as every connection flag (connectionFlags), as if not given.
 */
export function requestedContexts(args: Record<string, unknown>): string[] {
  const value = args.context;
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String).filter((context) => context !== '');
}

/**
 * The context of `command`, which runs against one cluster: a repeated --context is a usage error,
 * never a silent pick (only doctor's fleet runs take several).
 */
export function singleContext(args: Record<string, unknown>, command: string): string | undefined {
  const contexts = requestedContexts(args);
  if (contexts.length > 1) throw new UsageError(`${command} takes one context, but --context was given ${contexts.length} times (${contexts.map((c) => JSON.stringify(c)).join(', ')}): give it once`);
  return contexts[0];
}

/** The flags as kubectl reads them, with `context` (a fleet run's, or singleContext's) as the context to use. */
export function connectionFlags(args: Record<string, unknown>, context?: string): ConnectionFlags {
  const flags: Record<string, string | string[] | boolean> = {};
  for (const key of Object.values(CONNECTION_FLAG_KEY)) {
    // --context is repeatable: the caller picks the one this run uses.
    if (key === undefined || key === 'context') continue;
    const value = args[key];
    // As client-go's overrides: --insecure-skip-tls-verify=false (its default) and a flag given no
    // value (`--server=`, `-n ''`) are as if not given.
    if (value === undefined || value === false || value === '') continue;
    flags[key] = Array.isArray(value) ? value.map(String) : value === true ? true : String(value);
  }
  if (context !== undefined) flags.context = context;
  return flags as ConnectionFlags;
}

/** One of `choices`, or a usage error that names the closest one. */
export function oneOf<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  const hint = closest(value, choices);
  throw new UsageError(`invalid --${flag} "${value}": use one of ${choices.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`);
}

/** --output, one of `formats` (a command's own, CommandSpec.report; the first is its default). */
export function outputFormat(args: Record<string, unknown>): OutputFormat;
export function outputFormat<T extends OutputFormat>(args: Record<string, unknown>, formats: readonly T[]): T;
export function outputFormat(args: Record<string, unknown>, formats: readonly OutputFormat[] = OUTPUT_FORMATS): OutputFormat {
  return oneOf(String(args.output ?? formats[0]), 'output', formats);
}

/** --output's help for a command that prints `formats` (the first is its default). */
export function outputHelp(formats: readonly OutputFormat[]): string {
  return `Output format: ${formats.join('|')} (default: ${formats[0]})`;
}

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
const DEFAULT_COLOR_MODE: ColorMode = 'auto';

/** --color=auto|always|never; `--no-color` is never (`--color` alone: see kubectlArgv). */
export function colorMode(args: Record<string, unknown>): ColorMode {
  if (args.color === false) return 'never';
  return oneOf(String(args.color ?? DEFAULT_COLOR_MODE), 'color', COLOR_MODES);
}

const DEFAULT_FAIL_ON: Severity = 'error';

export function failOn(args: Record<string, unknown>): Severity {
  return oneOf(String(args.failOn ?? DEFAULT_FAIL_ON), 'fail-on', SEVERITIES);
}

export const DEFAULT_TIMEOUT = '2m';

/** --timeout in milliseconds: the run's deadline (serve's: each run's). */
export function runTimeoutMs(args: Record<string, unknown>): number {
  return parseDuration(String(args.timeout ?? DEFAULT_TIMEOUT), 'timeout');
}

/**
 * The report flags a command may not use. --verbose is not one: every command reads it, since an
 * unexpected error of any command says "Run again with -v for details" (main.ts).
 */
export const REPORT_FLAGS = ['output', 'color', 'timeout', 'config', 'fail-on'] as const;
export type ReportFlag = (typeof REPORT_FLAGS)[number];

/**
 * What a command does with the report flags (CommandSpec.report; without it, a command uses them all
 * and prints every -o format): help and completion show only those it `uses`; another one typed is a
 * usage error in the words of `because`.
 */
export interface ReportFlagUse {
  uses: readonly ReportFlag[];
  /** The -o formats it prints when not all of OUTPUT_FORMATS; the first is its default. */
  formats?: readonly OutputFormat[];
  /** What a flag means for this command where the shared description does not fit. */
  help?: Partial<Record<ReportFlag, string>>;
  because: string;
}

export const EVERY_REPORT_FLAG: ReportFlagUse = { uses: REPORT_FLAGS, because: '' };

/**
 * A report flag typed for a command that does not use it is a usage error naming it (`rbac --fail-on
 * warning` would exit 0 whatever it meant); the ones it uses are read once here, so a bad value is exit 2
 * before anything runs.
 */
export function checkReportFlags(args: Record<string, unknown>, use: ReportFlagUse): void {
  const unused = REPORT_FLAGS.filter((flag) => args[flag] !== undefined && !use.uses.includes(flag));
  if (unused.length > 0) throw flagsNotUsed(use.because, unused);
  outputFormat(args, use.formats ?? OUTPUT_FORMATS);
  colorMode(args);
  failOn(args);
  runTimeoutMs(args);
}

/** --chart-version names the chart release of -f helm values: without -f it would be ignored. */
export function checkChartVersionHasFiles(args: Record<string, unknown>, files: readonly unknown[]): void {
  if (args.chartVersion !== undefined && files.length === 0) throw new UsageError('--chart-version says which chart release -f helm values are for: give -f FILE');
}
