/**
 * Completion candidates, shared by the shell scripts (`completion bash|zsh|fish`) and by
 * kubectl's plugin completion (`kubectl_complete-rollouts_plugins`, kubectl 1.26+), which passes
 * the words after the plugin name plus the word being completed, and reads one candidate per line
 * and a final `:<directive>` line (Cobra's ShellCompDirective).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { ALL_CHECKS } from '../checks/registry.js';
import { COMMANDS } from './commands/index.js';
import { COLOR_MODES, OUTPUT_FORMATS } from './options.js';

/** Cobra directives: 0 default, 4 no file completion. */
export const DIRECTIVE = { DEFAULT: 0, NO_FILE: 4 } as const;

const GLOBAL_FLAGS = [
  '--kubeconfig', '--context', '--cluster', '--user', '--namespace', '-n', '--request-timeout', '--server',
  '--token', '--as', '--as-group', '--certificate-authority', '--client-certificate', '--client-key',
  '--insecure-skip-tls-verify', '--tls-server-name', '--all-namespaces', '-A', '--output', '-o', '--color', '--no-color', '--verbose', '-v',
  '--timeout', '--fail-on', '--config', '--help', '-h',
];

const COMMAND_FLAGS: Record<string, string[]> = {
  doctor: ['--filename', '-f', '--recursive', '-R', '--controller-version', '--only', '--skip', '--ignore', '--plugin', '--proxy', '--ca-file', '--max-size', '--concurrency', '--no-cache', '--plugin-dir', '--platform', '--handshake-timeout', '--allow-unverified', '--init', '--pass-env'],
  lint: ['--filename', '-f', '--recursive', '-R', '--controller-version', '--probe', '--proxy', '--ca-file', '--max-size', '--concurrency', '--no-cache', '--plugin-dir', '--platform'],
  probe: ['--filename', '-f', '--recursive', '-R', '--proxy', '--ca-file', '--max-size', '--concurrency', '--no-cache', '--plugin-dir', '--platform'],
  handshake: ['--type', '--sha256', '--handshake-timeout', '--allow-unverified', '--init', '--pass-env'],
  checksum: ['--name', '--proxy', '--ca-file', '--max-size'],
};

const VALUES: Record<string, () => string[]> = {
  '--output': () => [...OUTPUT_FORMATS],
  '-o': () => [...OUTPUT_FORMATS],
  '--fail-on': () => ['error', 'warning', 'info'],
  '--color': () => [...COLOR_MODES],
  '--type': () => ['trafficrouter', 'metricprovider', 'step'],
  '--context': () => kubeconfigNames('contexts'),
  '--cluster': () => kubeconfigNames('clusters'),
  '--user': () => kubeconfigNames('users'),
  '--only': () => ['config', 'usage', 'cluster', 'probe', 'binary', 'handshake', ...ALL_CHECKS.map((c) => c.id)],
  '--skip': () => ['config', 'usage', 'cluster', 'probe', 'binary', 'handshake', ...ALL_CHECKS.map((c) => c.id)],
  '--ignore': () => ALL_CHECKS.map((c) => c.id),
  '--platform': () => ['linux/amd64', 'linux/arm64', 'linux/arm', 'linux/ppc64le', 'linux/s390x'],
};

/** Flags whose value is a file: let the shell complete paths. */
const FILE_FLAGS = new Set(['--kubeconfig', '--config', '--filename', '-f', '--certificate-authority', '--client-certificate', '--client-key', '--ca-file', '--plugin-dir']);

export interface Completion {
  candidates: string[];
  directive: number;
  /** Candidates that only the cluster knows: the caller asks it (complete-cluster.ts). */
  fromCluster?: 'namespaces' | 'plugins';
}

/** `words` are the arguments after the plugin name; the last one is the word being completed. */
export function complete(words: string[]): Completion {
  const current = words.at(-1) ?? '';
  const previous = words.at(-2);
  const filter = (list: string[]) => list.filter((c) => c.startsWith(current));
  if (previous && FILE_FLAGS.has(previous)) return { candidates: [], directive: DIRECTIVE.DEFAULT };
  if (previous === '-n' || previous === '--namespace') return { candidates: [], directive: DIRECTIVE.NO_FILE, fromCluster: 'namespaces' };
  if (previous === '--plugin') return { candidates: [], directive: DIRECTIVE.NO_FILE, fromCluster: 'plugins' };
  if (previous && VALUES[previous]) return { candidates: filter(VALUES[previous]()), directive: DIRECTIVE.NO_FILE };
  const command = words.slice(0, -1).find((w) => COMMANDS.some((c) => c.name === w));
  if (current.startsWith('-')) {
    return { candidates: filter([...GLOBAL_FLAGS, ...(COMMAND_FLAGS[command ?? 'doctor'] ?? [])]), directive: DIRECTIVE.NO_FILE };
  }
  if (!command) return { candidates: filter(COMMANDS.map((c) => c.name)), directive: DIRECTIVE.NO_FILE };
  if (command === 'checks') return { candidates: filter(ALL_CHECKS.map((c) => c.id)), directive: DIRECTIVE.NO_FILE };
  if (command === 'completion') return { candidates: filter(['bash', 'zsh', 'fish']), directive: DIRECTIVE.NO_FILE };
  return { candidates: [], directive: DIRECTIVE.DEFAULT };
}

/** Names from the FIRST kubeconfig file that has them, as kubectl merges (first wins). */
function kubeconfigNames(section: 'contexts' | 'clusters' | 'users'): string[] {
  const files = process.env.KUBECONFIG ? process.env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')];
  const names = new Set<string>();
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const doc = parse(readFileSync(file, 'utf8')) as Record<string, { name?: string }[] | undefined> | null;
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
