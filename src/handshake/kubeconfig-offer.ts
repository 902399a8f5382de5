/**
 * What --init offers the plugin for InitPlugin: the kubeconfig files kubectl reads, and the run's
 * choice of context, cluster, user and namespace in a file of the plugin's own temp dir, listed
 * first. client-go merges the list taking current-context, and each context by name, from the first
 * file that sets it, so that file picks; the clusters and users (servers, credentials) still come
 * from the files as they are. A server, credential or identity given as a flag is never written to
 * disk for a plugin: it is named as not offered, and InitPlugin runs with the kubeconfig's; with
 * another server (-s) it is not called at all, since its answer would be about another cluster.
 */
import { delimiter, resolve } from 'node:path';
import { CONNECTION_FLAG_KEY, type ConnectionFlags, type KubeFlag } from '../cluster/connection-flags.js';

/**
 * What --init does with a Kubernetes flag the run was given:
 * - offered: the offer carries it (the kubeconfig files, or a name in the offer's own file);
 * - not-offered: a credential, identity or trust setting never written for the plugin, which uses
 *   the kubeconfig's instead: the same server, reached otherwise;
 * - another-server: not offered either, and it picks which server is reached: the plugin would ask
 *   the kubeconfig's server, not the one the run checked, so InitPlugin is not called;
 * - not-used: it shapes this tool's own API reads only; the plugin's client makes its own.
 */
export type InitFlagUse = 'offered' | 'not-offered' | 'another-server' | 'not-used';

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
  'certificate-authority': 'not-offered',
  'client-certificate': 'not-offered',
  'client-key': 'not-offered',
  'insecure-skip-tls-verify': 'not-offered',
  'all-namespaces': 'not-used',
  // The name the server's certificate is checked against (and SNI): the address stays the kubeconfig's.
  'tls-server-name': 'not-offered',
};

const flagsUsed = (...uses: InitFlagUse[]) => (Object.keys(INIT_FLAG_USE) as KubeFlag[]).filter((flag) => uses.includes(INIT_FLAG_USE[flag]));

/** The Kubernetes flags `handshake --init` takes. */
export const OFFERED_FLAGS: readonly KubeFlag[] = flagsUsed('offered');

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
  /** The run's flags the plugin is not offered (`--token`...): its InitPlugin uses the kubeconfig's instead. */
  notOffered: string[];
  /** Those of notOffered that pick which server is reached (`--server`): InitPlugin is not called. */
  anotherServer: string[];
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

/**
 * The offer for a run with `flags` and the kubeconfig `paths` kubectl reads; `selected` reads the
 * context they select, only when --cluster, --user or -n change it.
 */
export async function kubeconfigOffer(paths: readonly string[], flags: ConnectionFlags, selected: () => Promise<ContextNames | undefined>): Promise<KubeconfigOffer> {
  const notOffered = givenFlags(flags, 'not-offered', 'another-server');
  const anotherServer = givenFlags(flags, 'another-server');
  if (paths.length === 0) return { notOffered, anotherServer };
  const files = paths.map((path) => resolve(path)).join(delimiter);
  const overrides = flags.cluster !== undefined || flags.user !== undefined || flags.namespace !== undefined;
  if (!overrides) return { files, ...(flags.context !== undefined && { context: { name: flags.context } }), notOffered, anotherServer };
  const base = await selected();
  const cluster = flags.cluster ?? base?.cluster;
  const user = flags.user ?? base?.user;
  const namespace = flags.namespace ?? base?.namespace;
  return {
    files,
    // No context at all (no current-context): the entry still needs a name to be the current one.
    context: { name: flags.context ?? base?.name ?? 'kubectl-rollouts-plugins', override: { ...(cluster && { cluster }), ...(user && { user }), ...(namespace && { namespace }) } },
    notOffered,
    anotherServer,
  };
}

/** The text of the offer's own file (JSON is YAML: any name is written safely); undefined when it needs none. */
export function offerFileText(offer: KubeconfigOffer): string | undefined {
  const context = offer.context;
  if (!context) return undefined;
  const contexts = context.override ? { contexts: [{ name: context.name, context: context.override }] } : {};
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': context.name, ...contexts })}\n`;
}
