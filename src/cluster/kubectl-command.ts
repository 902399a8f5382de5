/**
 * The kubectl commands a report prints, as they must be pasted: with the flags that chose the
 * cluster this run read (a fleet run's context included), so they reach that cluster and not the
 * kubeconfig's current one. A credential value (--token) is never printed: the command says so.
 */
import { shellQuote } from '../core/shell.js';
import { CONNECTION_FLAG_KEY, KUBE_FLAGS, type ConnectionFlags, type KubeFlag } from './connection-flags.js';

/** The run's connection as kubectl arguments. */
export interface KubectlConnection {
  /** --kubeconfig, --context, --cluster, --user, --server and TLS flags, as given. */
  args: string[];
  /** --as and --as-group, as given: left out of a command that impersonates someone itself. */
  impersonation: string[];
  /** The run authenticated with --token, which is left out of every printed command. */
  tokenLeftOut: boolean;
}

/**
 * The flags that choose the cluster and the identity, in kubectl's spelling (KUBE_FLAGS owns it):
 * -n and --request-timeout belong to each printed command, -A picks no cluster, and the token is a
 * credential, never printed.
 */
const NOT_PRINTED: readonly KubeFlag[] = ['namespace', 'request-timeout', 'all-namespaces', 'token'];
const IMPERSONATION: readonly KubeFlag[] = ['as', 'as-group'];
const CLUSTER_CHOICE: readonly KubeFlag[] = KUBE_FLAGS.filter((flag) => !NOT_PRINTED.includes(flag) && !IMPERSONATION.includes(flag));

/** The flags of `only` the run was given, as kubectl arguments in KUBE_FLAGS order. */
export function connectionArgs(flags: ConnectionFlags, only: readonly KubeFlag[]): string[] {
  const args: string[] = [];
  for (const flag of KUBE_FLAGS) {
    const key = CONNECTION_FLAG_KEY[flag];
    if (key === undefined || !only.includes(flag)) continue;
    const value = flags[key];
    if (value === true) args.push(`--${flag}`);
    else if (Array.isArray(value)) for (const each of value) args.push(`--${flag}`, each);
    else if (typeof value === 'string') args.push(`--${flag}`, value);
  }
  return args;
}

export function kubectlConnection(flags: ConnectionFlags): KubectlConnection {
  return { args: connectionArgs(flags, CLUSTER_CHOICE), impersonation: connectionArgs(flags, IMPERSONATION), tokenLeftOut: flags.token !== undefined };
}

/** No flags: the kubeconfig's current context, as a plain `kubectl` reaches it. */
export const CURRENT_CONTEXT: KubectlConnection = { args: [], impersonation: [], tokenLeftOut: false };

/**
 * The cluster a report is about, as the commands it prints reach it: the run's connection, and the
 * controller's namespace and service account where the run read them (doctor). The probe and
 * handshake facts carry it from the pipeline; absent, the run read no cluster.
 */
export interface ReportedCluster {
  connection: KubectlConnection;
  /** The controller's namespace, found or given. */
  namespace?: string;
  /** The service account the controller's pods, and so its plugins, run as (their spec's). */
  serviceAccount?: string;
}

/** What a printed command holds where the run read no cluster to say it; the fix says to replace it. */
export const CONTROLLER_NAMESPACE_PLACEHOLDER = '<controller-namespace>';
export const CONTROLLER_SERVICE_ACCOUNT_PLACEHOLDER = '<controller-service-account>';

/** Said after a command when the run's --token is left out of it (a shell comment: the line still pastes). */
const TOKEN_LEFT_OUT = '  # with the --token this run used: it is not printed';

const words = (args: readonly string[]) => args.map(shellQuote).join(' ');
const tokenNote = (connection: KubectlConnection) => (connection.tokenLeftOut ? TOKEN_LEFT_OUT : '');
/** One kubectl of a printed line, without the token note (said once, at the line's end). */
const kubectlWords = (connection: KubectlConnection, args: readonly string[]) => `kubectl ${words([...connection.args, ...connection.impersonation, ...args])}`;

/** `kubectl <connection> <args>`, each word shell-quoted, then `pipe` (`| grep …`, as written) on the same line. */
export function kubectlCommand(connection: KubectlConnection, args: readonly string[], pipe?: string): string {
  return `${kubectlWords(connection, args)}${pipe ? ` ${pipe}` : ''}${tokenNote(connection)}`;
}

/** `kubectl <connection> A | kubectl <connection> B`: every kubectl of the pipe reaches the cluster. */
export function kubectlPipeline(connection: KubectlConnection, ...commands: readonly (readonly string[])[]): string {
  return `${commands.map((args) => kubectlWords(connection, args)).join(' | ')}${tokenNote(connection)}`;
}

/**
 * `kubectl <connection> <args> --as=USER`: asks as `user` (`auth can-i`). The run's own --as and
 * --as-group are left out: kubectl would add those groups to the user asked about.
 */
export function kubectlCommandAs(connection: KubectlConnection, user: string, args: readonly string[]): string {
  return `kubectl ${words([...connection.args, ...args, `--as=${user}`])}${tokenNote(connection)}`;
}

/**
 * `kubectl rollouts-plugins <args> <connection>`: kubectl finds a plugin only when no flag comes
 * before its name, so the connection follows the command's own words.
 */
export function rolloutsPluginsCommand(connection: KubectlConnection, args: readonly string[]): string {
  return `kubectl rollouts-plugins ${words([...args, ...connection.args, ...connection.impersonation])}${tokenNote(connection)}`;
}
