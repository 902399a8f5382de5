/** Evidence and fix wording shared by the handshake checks. */
import { shellQuote } from '../../core/shell.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { humanDuration } from '../../core/duration.js';

/** What was run, with the cookie, as one shell line. */
export function launchedAs(facts: HandshakeFacts): string {
  const command = facts.launch?.command ?? [facts.binaryPath, ...facts.args];
  return `ran: ARGO_ROLLOUTS_RPC_PLUGIN=${facts.plugin.type} ${command.map(shellQuote).join(' ')}`;
}

/** The command that repeats this test (with another --type, or other args, when given). */
export function rerunCommand(facts: HandshakeFacts, extra = '', type = facts.plugin.type, args = facts.args): string {
  const rest = args.length > 0 ? ` -- ${args.map(shellQuote).join(' ')}` : '';
  return `kubectl rollouts-plugins handshake ${shellQuote(facts.binaryPath)} --type ${type}${extra}${rest}`;
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
