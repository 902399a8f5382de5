/**
 * The kubectl commands a report prints, as they must be pasted: with the flags that chose the
 * cluster this run read (a fleet run's context included), so they reach that cluster and not the
 * kubeconfig's current one. A credential value (--token) is never printed: the command says so.
 */
import { shellQuote } from '../core/shell.js';
import { CONNECTION_FLAG_KEY, KUBE_FLAGS, type ConnectionFlags, type KubeFlag } from './connection-flags.js';

/** The run's connection as kubectl arguments. */
export interface KubectlConnection {
  /** --kubeconfig, --context, --cluster, --user, --server, TLS and impersonation flags, as given. */
  args: string[];
  /** The run authenticated with --token, which is left out of every printed command. */
  tokenLeftOut: boolean;
}

/**
 * The flags that choose the cluster and the identity, in kubectl's spelling (KUBE_FLAGS owns it):
 * -n and --request-timeout belong to each printed command, -A picks no cluster, and the token is a
 * credential, never printed.
 */
const NOT_PRINTED: readonly KubeFlag[] = ['namespace', 'request-timeout', 'all-namespaces', 'token'];

export function kubectlConnection(flags: ConnectionFlags): KubectlConnection {
  const args: string[] = [];
  for (const flag of KUBE_FLAGS) {
    const key = CONNECTION_FLAG_KEY[flag];
    if (key === undefined || NOT_PRINTED.includes(flag)) continue;
    const value = flags[key];
    if (value === true) args.push(`--${flag}`);
    else if (Array.isArray(value)) for (const each of value) args.push(`--${flag}`, each);
    else if (typeof value === 'string') args.push(`--${flag}`, value);
  }
  return { args, tokenLeftOut: flags.token !== undefined };
}

/** No flags: the kubeconfig's current context, as a plain `kubectl` reaches it. */
export const CURRENT_CONTEXT: KubectlConnection = { args: [], tokenLeftOut: false };

/** Said after a command when the run's --token is left out of it (a shell comment: the line still pastes). */
const TOKEN_LEFT_OUT = '  # with the --token this run used: it is not printed';

/** `kubectl <connection> <args>`, each word shell-quoted, then `pipe` (`| grep …`, as written) on the same line. */
export function kubectlCommand(connection: KubectlConnection, args: readonly string[], pipe?: string): string {
  return `kubectl ${[...connection.args, ...args].map(shellQuote).join(' ')}${pipe ? ` ${pipe}` : ''}${connection.tokenLeftOut ? TOKEN_LEFT_OUT : ''}`;
}

/**
 * `kubectl rollouts-plugins <args> <connection>`: kubectl finds a plugin only when no flag comes
 * before its name, so the connection follows the command's own words.
 */
export function rolloutsPluginsCommand(connection: KubectlConnection, args: readonly string[]): string {
  return `kubectl rollouts-plugins ${[...args, ...connection.args].map(shellQuote).join(' ')}${connection.tokenLeftOut ? TOKEN_LEFT_OUT : ''}`;
}
