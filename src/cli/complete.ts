/**
 * Completion candidates, shared by the shell scripts (`completion bash|zsh|fish`) and by
 * kubectl's plugin completion (`kubectl_complete-rollouts_plugins`, kubectl 1.26+), which passes
 * the words after the plugin name plus the word being completed, and reads one candidate per line
 * and a final `:<directive>` line (Cobra's ShellCompDirective).
 */
import { parse } from 'yaml';
import { ALL_CHECKS } from '../checks/registry.js';
import { KUBE_FLAGS } from '../cluster/connection-flags.js';
import { kubeconfigFiles } from '../cluster/kubeconfig-files.js';
import { PLUGIN_TYPES } from '../config/types.js';
import yargs, { type Argv } from 'yargs';
import { variantKey, variantsOf } from '../core/check.js';
import { SEVERITIES, STEPS } from '../core/finding.js';
import { MAX_KUBECONFIG_BYTES, readRegularFileSync } from '../core/read-bounded.js';
import { COMMANDS, commandBuilder } from './commands/index.js';
import { typedConnectionFlags } from './main.js';
import { COLOR_MODES, OUTPUT_FORMATS, REPORT_FLAGS, withGlobalFlags } from './options.js';

/** Cobra directives: 0 default, 4 no file completion. */
export const DIRECTIVE = { DEFAULT: 0, NO_FILE: 4 } as const;

/** The flags of a command, read from the real command tree, so completion cannot drift from it. */
function flagsOf(name: string | undefined): string[] {
  const spec = COMMANDS.find((c) => c.name === (name ?? 'doctor'));
  let parser = withGlobalFlags(yargs([]).version(false)) as unknown as Argv;
  if (spec) parser = commandBuilder(spec)(parser);
  const positionals = new Set([...[spec?.usage ?? ''].flat().join(' ').matchAll(/[<[]([\w-]+)/g)].map((m) => m[1]));
  const options = (parser as unknown as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]>; default: Record<string, unknown>; boolean: string[]; hiddenOptions: string[] } }).getOptions();
  const flags = new Set<string>(['--help', '-h']);
  // A hidden flag's short form (-o, -n) is hidden with it.
  const hidden = new Set(options.hiddenOptions.flatMap((key) => [key, ...(options.alias[key] ?? [])]));
  for (const key of Object.keys(options.key)) {
    if (/[A-Z]/.test(key) || positionals.has(key)) continue; // yargs' camel-case copies; arguments are no flags
    if (hidden.has(key)) continue; // not in help either: flags the command cannot use
    // A switch that is on by default is only ever typed to turn it off.
    const onByDefault = options.boolean.includes(key) && options.default[key] === true;
    flags.add(onByDefault ? `--no-${key}` : key.length === 1 ? `-${key}` : `--${key}`);
    for (const alias of options.alias[key] ?? []) if (!/[A-Z]/.test(alias)) flags.add(alias.length === 1 ? `-${alias}` : `--${alias}`);
  }
  return [...flags];
}

/** The values a flag takes; `words` are the arguments typed so far (kubeconfig names come from the --kubeconfig among them). */
const VALUES: Record<string, (words: readonly string[]) => string[]> = {
  '--fail-on': () => [...SEVERITIES],
  '--color': () => [...COLOR_MODES],
  '--type': () => [...PLUGIN_TYPES],
  '--context': (words) => kubeconfigNames('contexts', words),
  '--cluster': (words) => kubeconfigNames('clusters', words),
  '--user': (words) => kubeconfigNames('users', words),
  '--only': () => [...STEPS, ...ALL_CHECKS.map((c) => c.id)],
  '--skip': () => [...STEPS, ...ALL_CHECKS.map((c) => c.id)],
  '--ignore': () => ALL_CHECKS.flatMap((c) => variantsOf(c).map(([variant]) => variantKey(c.id, variant))),
  '--platform': () => ['linux/amd64', 'linux/arm64', 'linux/arm', 'linux/ppc64le', 'linux/s390x'],
};

/** The Kubernetes and report flags as typed, short forms included: a command may refuse them. */
const SHARED_FLAG_WORDS = new Set([...[...KUBE_FLAGS, ...REPORT_FLAGS].map((flag) => `--${flag}`), '-n', '-s', '-o']);

/** The -o formats `command` prints (doctor's: all of them). */
const outputFormatsOf = (command: string | undefined): readonly string[] => COMMANDS.find((c) => c.name === (command ?? 'doctor'))?.report?.formats ?? OUTPUT_FORMATS;

/** Flags whose value is a file: let the shell complete paths. */
const FILE_FLAGS = new Set(['--kubeconfig', '--config', '--filename', '-f', '--certificate-authority', '--client-certificate', '--client-key', '--ca-file', '--plugin-dir']);

/** rbac's subject flags (as kubectl create rolebinding): free names the kubeconfig does not hold. */
const RBAC_SUBJECT_FLAGS = new Set(['--user', '--group', '--serviceaccount']);

export interface Completion {
  candidates: string[];
  directive: number;
  /** Candidates that only the cluster knows: the caller asks it (complete-cluster.ts). */
  fromCluster?: 'namespaces' | 'plugins';
}

/**
 * The words `complete` reads: a `--flag=value` being completed is the flag and its value, as cobra
 * reads it (kubectl passes `--context=pr` as typed; the candidates are values, and the shell matches
 * them against what follows the `=`).
 */
export function completionWords(argv: readonly string[]): string[] {
  const current = argv.at(-1) ?? '';
  const equals = current.indexOf('=');
  return current.startsWith('-') && equals > 1 ? [...argv.slice(0, -1), current.slice(0, equals), current.slice(equals + 1)] : [...argv];
}

/** `words` are the arguments after the plugin name; the last one is the word being completed. */
export function complete(words: string[]): Completion {
  const current = words.at(-1) ?? '';
  const previous = words.at(-2);
  const filter = (list: string[]) => list.filter((c) => c.startsWith(current));
  const command = words.slice(0, -1).find((w) => COMMANDS.some((c) => c.name === w));
  // rbac's --user is the RBAC subject to bind, not a kubeconfig user: any name, nothing to offer.
  if (command === 'rbac' && previous !== undefined && RBAC_SUBJECT_FLAGS.has(previous)) return { candidates: [], directive: DIRECTIVE.NO_FILE };
  // A flag the command refuses (lint --context, version -n, rbac --fail-on) gets no values: none to read, no cluster to ask.
  if (previous !== undefined && SHARED_FLAG_WORDS.has(previous) && !flagsOf(command).includes(previous)) return { candidates: [], directive: DIRECTIVE.NO_FILE };
  if (previous && FILE_FLAGS.has(previous)) return { candidates: [], directive: DIRECTIVE.DEFAULT };
  if (previous === '-n' || previous === '--namespace') return { candidates: [], directive: DIRECTIVE.NO_FILE, fromCluster: 'namespaces' };
  if (previous === '-o' || previous === '--output') return { candidates: filter([...outputFormatsOf(command)]), directive: DIRECTIVE.NO_FILE };
  if (previous === '--plugin') return { candidates: [], directive: DIRECTIVE.NO_FILE, fromCluster: 'plugins' };
  if (previous && VALUES[previous]) return { candidates: filter(VALUES[previous](words)), directive: DIRECTIVE.NO_FILE };
  if (current.startsWith('-')) {
    return { candidates: filter(flagsOf(command)), directive: DIRECTIVE.NO_FILE };
  }
  if (!command) return { candidates: filter(COMMANDS.map((c) => c.name)), directive: DIRECTIVE.NO_FILE };
  if (command === 'checks') return { candidates: filter(ALL_CHECKS.map((c) => c.id)), directive: DIRECTIVE.NO_FILE };
  if (command === 'completion') return { candidates: filter(['bash', 'zsh', 'fish']), directive: DIRECTIVE.NO_FILE };
  return { candidates: [], directive: DIRECTIVE.DEFAULT };
}

/** Names from the kubeconfig files kubectl reads with the typed --kubeconfig (none when the typed flags cannot be read or it does not exist). */
function kubeconfigNames(section: 'contexts' | 'clusters' | 'users', words: readonly string[]): string[] {
  const typed = typedConnectionFlags(words);
  if (!typed) return [];
  let files: string[];
  try {
    files = kubeconfigFiles(typed.kubeconfig);
  } catch {
    return []; // a --kubeconfig that does not exist: kubectl itself will say so
  }
  const names = new Set<string>();
  for (const file of files) {
    try {
      // Completion runs on every <Tab>: a FIFO or a device as KUBECONFIG must not hang the shell.
      const doc = parse(readRegularFileSync(file, MAX_KUBECONFIG_BYTES)) as Record<string, { name?: string }[] | undefined> | null;
      for (const item of doc?.[section] ?? []) if (item?.name) names.add(item.name);
    } catch {
      // A broken kubeconfig simply offers no names; kubectl itself will report it.
    }
  }
  return [...names];
}

export function formatCompletion({ candidates, directive }: Completion): string {
  return `${[...candidates, `:${directive}`].join('\n')}\n`;
}
