/** Evidence and fix wording shared by the handshake checks. */
import { formatDuration, humanDuration } from '../../core/duration.js';
import type { PluginType } from '../../core/finding.js';
import { shellQuote } from '../../core/shell.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, handshakeDeadlinesMs, type HandshakeFacts } from '../../handshake/handshake.js';

/** What was run, with the cookie, as one shell line. */
export function launchedAs(facts: HandshakeFacts): string {
  const command = facts.launch?.command ?? [facts.binaryPath, ...facts.args];
  return `ran: ARGO_ROLLOUTS_RPC_PLUGIN=${facts.plugin.type} ${command.map(shellQuote).join(' ')}`;
}

/** What a printed re-run changes of the run's test: another --type or args, another --handshake-timeout, flags added. */
export interface RerunChange {
  type?: PluginType;
  args?: readonly string[];
  handshakeTimeoutMs?: number;
  /** Add a --timeout that covers every deadline of the handshake (handshakeDeadlinesMs), so the run's deadline does not cut it first. */
  coveringTimeout?: true;
  flags?: readonly string[];
}

/** Rounded up to what a person types: `4m`. */
const wholeMinutes = (ms: number): number => Math.ceil(ms / 60_000) * 60_000;

/**
 * The `handshake` command that repeats this test as it ran, with `change`: its type, --init with the
 * flags the plugin was offered a kubeconfig by (the run's cluster), --pass-env, a --handshake-timeout
 * other than the default (and the --timeout covering it, when asked), then the args after `--`. Flags follow the command's name (kubectl finds
 * a plugin only then) and come before `--`, after which every word is the plugin's.
 */
export function rerunCommand(facts: HandshakeFacts, change: RerunChange = {}): string {
  const timeoutMs = change.handshakeTimeoutMs ?? facts.timeoutMs;
  const args = change.args ?? facts.args;
  const words = [
    'handshake',
    facts.binaryPath,
    '--type',
    change.type ?? facts.plugin.type,
    ...(facts.init ? ['--init', ...(facts.initArgs ?? [])] : []),
    ...facts.passEnv.flatMap((name) => ['--pass-env', name]),
    ...(timeoutMs !== DEFAULT_HANDSHAKE_TIMEOUT_MS ? ['--handshake-timeout', formatDuration(timeoutMs)] : []),
    ...(change.coveringTimeout ? ['--timeout', formatDuration(wholeMinutes(handshakeDeadlinesMs(timeoutMs, facts.init)))] : []),
    ...(change.flags ?? []),
    ...(args.length > 0 ? ['--', ...args] : []),
  ];
  return `kubectl rollouts-plugins ${words.map(shellQuote).join(' ')}`;
}

/** The last stderr lines, labelled, at most `count`. */
export function stderrEvidence(facts: HandshakeFacts, count = 8): string[] {
  const lines = facts.stderrTail.filter((l) => l.trim() !== '').slice(-count);
  if (lines.length === 0) return ['plugin stderr: (empty)'];
  return lines.map((l) => `plugin stderr: ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`);
}

/** The line the controller logs when go-plugin's Client() fails for this plugin. */
export function controllerClientError(facts: HandshakeFacts, error: string): string {
  return `controller would log: unable to start plugin system: unable to get plugin client (${facts.plugin.name}): ${error}`;
}

export function exitText(facts: HandshakeFacts): string {
  const exit = facts.start?.exit;
  if (!exit) return 'exit status unknown';
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

/** A started plugin's RPC steps, in order, with their timings. */
export function rpcTimings(facts: HandshakeFacts): string {
  return facts.phases.map((p) => `${p.name} ${humanDuration(p.ms)}`).join(', ');
}
