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
import type { ConnectionFlags } from '../cluster/kubeconfig.js';

/** The connection flags the offer carries: the Kubernetes flags `handshake --init` takes. */
export const OFFERED_FLAGS = ['kubeconfig', 'context', 'cluster', 'user', 'namespace'] as const;

/** The connection flags it cannot carry without writing a server, credential or identity for the plugin, as typed. */
const NOT_OFFERED_FLAGS: Partial<Record<keyof ConnectionFlags, string>> = {
  server: '--server',
  token: '--token',
  as: '--as',
  asGroup: '--as-group',
  certificateAuthority: '--certificate-authority',
  clientCertificate: '--client-certificate',
  clientKey: '--client-key',
  insecureSkipTlsVerify: '--insecure-skip-tls-verify',
  tlsServerName: '--tls-server-name',
};

const NEVER_WRITTEN = 'a server, credential or identity given as a flag is never written to disk for the plugin';

/** Why the plugin lacks the flags of KubeconfigOffer.notOffered, offered a kubeconfig or not: said in the launch notice and the report. */
export function notOfferedWhy(withKubeconfig: boolean): string {
  return withKubeconfig ? `${NEVER_WRITTEN}: its InitPlugin uses the kubeconfig's` : NEVER_WRITTEN;
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

/**
 * The offer for a run with `flags` and the kubeconfig `paths` kubectl reads; `selected` reads the
 * context they select, only when --cluster, --user or -n change it.
 */
export async function kubeconfigOffer(paths: readonly string[], flags: ConnectionFlags, selected: () => Promise<ContextNames | undefined>): Promise<KubeconfigOffer> {
  const notOffered = Object.entries(NOT_OFFERED_FLAGS)
    .filter(([key]) => flags[key as keyof ConnectionFlags] !== undefined)
    .map(([, flag]) => flag!);
  // The flag that picks the server; the others change how the same server is reached (trust, SNI) or as whom.
  const anotherServer = flags.server !== undefined ? ['--server'] : [];
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
