/**
 * What --init offers the plugin for InitPlugin: the kubeconfig files kubectl reads, and the run's
 * choice of context, cluster, user and namespace in a file of the plugin's own temp dir, listed
 * first. client-go merges the list taking current-context, and each context and cluster by name,
 * from the first file that sets it, so that file picks; the users (credentials) still come from the
 * files as they are. The server's trust settings given as flags (--certificate-authority,
 * --insecure-skip-tls-verify, --tls-server-name) are no secret: that file holds the run's cluster
 * entry as the files have it with them on top, as client-go applies them. A server, credential or
 * identity given as a flag is never written to disk for a plugin: it is named as not offered, and
 * InitPlugin runs with the kubeconfig's; with another server (-s) it is not called at all, since its
 * answer would be about another cluster.
 */
import { delimiter, resolve } from 'node:path';
import { entryWithTrustFlags } from '../cluster/cluster-trust.js';
import { CONNECTION_FLAG_KEY, type ConnectionFlags, type KubeFlag } from '../cluster/connection-flags.js';
import { connectionArgs } from '../cluster/kubectl-command.js';
import type { ClusterEntry } from '../cluster/kubeconfig.js';

/**
 * What --init does with a Kubernetes flag the run was given:
 * - offered: the offer carries it (the kubeconfig files, or a name in the offer's own file);
 * - trust: how the server's certificate is checked, offered in the run's cluster entry, written in
 *   the offer's own file;
 * - not-offered: a credential or identity never written for the plugin, which uses the
 *   kubeconfig's instead: the same server, reached otherwise;
 * - another-server: not offered either, and it picks which server is reached: the plugin would ask
 *   the kubeconfig's server, not the one the run checked, so InitPlugin is not called;
 * - not-used: it shapes this tool's own API reads only; the plugin's client makes its own.
 */
export type InitFlagUse = 'offered' | 'trust' | 'not-offered' | 'another-server' | 'not-used';

/** Every Kubernetes flag's use by --init: typed by KubeFlag, so a new flag needs a decision here. */
export const INIT_FLAG_USE: Record<KubeFlag, InitFlagUse> = {
  kubeconfig: 'offered',
  context: 'offered',
  cluster: 'offered',
  user: 'offered',
  namespace: 'offered',
  'request-timeout': 'not-used',
  server: 'another-server',
  token: 'not-offered',
  as: 'not-offered',
  'as-group': 'not-offered',
  'certificate-authority': 'trust',
  'client-certificate': 'not-offered',
  'client-key': 'not-offered',
  'insecure-skip-tls-verify': 'trust',
  'all-namespaces': 'not-used',
  // The name the server's certificate is checked against (and SNI): the address stays the kubeconfig's.
  'tls-server-name': 'trust',
};

const flagsUsed = (...uses: InitFlagUse[]) => (Object.keys(INIT_FLAG_USE) as KubeFlag[]).filter((flag) => uses.includes(INIT_FLAG_USE[flag]));

/** The Kubernetes flags `handshake --init` takes. */
export const OFFERED_FLAGS: readonly KubeFlag[] = flagsUsed('offered', 'trust');

const NEVER_WRITTEN = 'a server, credential or identity given as a flag is never written to disk for the plugin';

/** Why the plugin lacks the flags of KubeconfigOffer.notOffered, offered a kubeconfig or not: said in the launch notice and the report. */
export function notOfferedWhy(withKubeconfig: boolean): string {
  return withKubeconfig ? `${NEVER_WRITTEN}: its InitPlugin uses the kubeconfig's` : NEVER_WRITTEN;
}

const NOT_USED_WHY = "handshake makes no API request of its own: the plugin's client makes its own";

/** Why `handshake --init` refuses `given`, flags it does not take: each reason once, naming its flags when there are two. */
export function initRefusal(given: readonly KubeFlag[]): string {
  const why = (flag: KubeFlag) => (INIT_FLAG_USE[flag] === 'not-used' ? NOT_USED_WHY : `${NEVER_WRITTEN}: name a kubeconfig context, cluster or user that has it`);
  const reasons = [...new Set(given.map(why))];
  if (reasons.length === 1) return reasons[0]!;
  return reasons.map((reason) => `${given.filter((flag) => why(flag) === reason).map((flag) => `--${flag}`).join(', ')}: ${reason}`).join('; ');
}

/** A context entry of the kubeconfig: names only. */
export interface ContextNames {
  name: string;
  cluster?: string;
  user?: string;
  namespace?: string;
}

export interface KubeconfigOffer {
  /**
   * The kubeconfig files kubectl reads, a path list, each resolved against this tool's cwd (the
   * plugin runs in its own temp dir); absent when there is none: the plugin gets no KUBECONFIG.
   */
  files?: string;
  /**
   * The context the run uses, made the current one; with `override` (--cluster, --user, -n) the
   * file also holds a context entry of that name with the run's cluster, user and namespace.
   */
  context?: { name: string; override?: Omit<ContextNames, 'name'> };
  /** With trust flags: the run's cluster entry, as the files have it with the flags on top, under its own name. */
  cluster?: { name: string; entry: ClusterEntry };
  /** The run's flags the plugin is not offered (`--token`...): its InitPlugin uses the kubeconfig's instead. */
  notOffered: string[];
  /** The run's flags the offer is made of (OFFERED_FLAGS), as kubectl arguments: `handshake --init` given them offers the same. */
  args: string[];
  /** The run's flags that keep InitPlugin from being called, and why: its answer would not be about what the run checked. */
  withheld?: { flags: string[]; why: string };
}

/** The flags of `uses` the run was given, as typed. */
function givenFlags(flags: ConnectionFlags, ...uses: InitFlagUse[]): string[] {
  return flagsUsed(...uses)
    .filter((flag) => {
      const key = CONNECTION_FLAG_KEY[flag];
      return key !== undefined && flags[key] !== undefined;
    })
    .map((flag) => `--${flag}`);
}

/** The entries the flags select in the kubeconfig files: the context (names only) and the cluster it names, or --cluster. */
export interface SelectedEntries {
  context?: ContextNames;
  cluster?: ClusterEntry;
}

/**
 * The offer for a run with `flags` and the kubeconfig `paths` kubectl reads; `selected` reads the
 * entries they select, only when --cluster, --user, -n or a trust flag change them.
 */
export async function kubeconfigOffer(paths: readonly string[], flags: ConnectionFlags, selected: () => Promise<SelectedEntries>): Promise<KubeconfigOffer> {
  const notOffered = givenFlags(flags, 'not-offered', 'another-server');
  const args = connectionArgs(flags, OFFERED_FLAGS);
  const anotherServer = givenFlags(flags, 'another-server');
  const withheld = anotherServer.length > 0 && { withheld: { flags: anotherServer, why: `${anotherServer.join(', ')} not offered (${notOfferedWhy(paths.length > 0)}), so its answer would not be about the server this run checked` } };
  // No files, no context or cluster to offer (in-cluster, or --server in CI): the plugin gets no KUBECONFIG.
  if (paths.length === 0) return { notOffered, args, ...withheld };
  const files = paths.map((path) => resolve(path)).join(delimiter);
  const overrides = flags.cluster !== undefined || flags.user !== undefined || flags.namespace !== undefined;
  const trust = givenFlags(flags, 'trust');
  const named = flags.context !== undefined ? { context: { name: flags.context } } : {};
  if (!overrides && trust.length === 0) return { files, ...named, notOffered, args, ...withheld };
  const { context: base, cluster: baseCluster } = await selected();
  const clusterName = flags.cluster ?? base?.cluster;
  const user = flags.user ?? base?.user;
  const namespace = flags.namespace ?? base?.namespace;
  const proxy = baseCluster?.['proxy-url'];
  // Any '@' may mark a user and password (http://me:secret@proxy): never written, whatever the URL's shape.
  if (!withheld && trust.length > 0 && typeof proxy === 'string' && proxy.includes('@')) {
    const why = `${trust.join(', ')} not offered: the cluster entry that would carry ${trust.length === 1 ? 'it' : 'them'} holds a proxy-url with a password, never written to disk for the plugin, so with the kubeconfig's trust its answer would not be about the connection this run checked`;
    return { files, ...named, notOffered, args, withheld: { flags: trust, why } };
  }
  return {
    files,
    // No context at all (no current-context): the entry still needs a name to be the current one.
    ...(overrides
      ? { context: { name: flags.context ?? base?.name ?? 'kubectl-rollouts-plugins', override: { ...(clusterName && { cluster: clusterName }), ...(user && { user }), ...(namespace && { namespace }) } } }
      : named),
    // No cluster named: kubectl finds no server either, and neither will the plugin.
    ...(trust.length > 0 && clusterName && { cluster: { name: clusterName, entry: entryWithTrustFlags(baseCluster ?? {}, flags) } }),
    notOffered,
    args,
    ...withheld,
  };
}

/** The text of the offer's own file (JSON is YAML: any name is written safely); undefined when it needs none. */
export function offerFileText(offer: KubeconfigOffer): string | undefined {
  const { context, cluster } = offer;
  if (!context && !cluster) return undefined;
  return `${JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    ...(context && { 'current-context': context.name }),
    ...(context?.override && { contexts: [{ name: context.name, context: context.override }] }),
    ...(cluster && { clusters: [{ name: cluster.name, cluster: cluster.entry }] }),
  })}\n`;
}
