/**
 * Loads the kubeconfig the way kubectl does (client-go's loading rules), using
 * @kubernetes/client-node to read each file, then applies kubectl's global flags.
 *
 * Differences from client-node's loadFromDefault that matter to users:
 * - KUBECONFIG with several files: the FIRST file that sets current-context wins, and for each
 *   cluster/user/context name the first file that defines it wins (client-node takes the last, and
 *   throws on duplicates).
 * - Missing files listed in KUBECONFIG are skipped, like kubectl; a missing --kubeconfig is an error.
 */
import { existsSync } from 'node:fs';
import { delimiter, dirname, resolve } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { decodeGoYaml, toPlain } from '../config/goyaml.js';
import { isPlainObject } from '../core/plain-object.js';
import { BoundedReadError, MAX_KUBECONFIG_BYTES, readBounded, readRegularFileSync } from '../core/read-bounded.js';
import { trustWithFlags } from './cluster-trust.js';
import type { ConnectionFlags } from './connection-flags.js';
import { ClusterConnectionError } from './errors.js';
import { defaultKubeconfig, kubeconfigFiles } from './kubeconfig-files.js';

/** A user entry with the directory of the file it came from (exec commands resolve against it). */
export interface LoadedUser extends User {
  sourceDir?: string;
}

export interface ResolvedKubeconfig {
  contextName?: string;
  cluster: Cluster;
  user: LoadedUser;
  /** -n, else the context's namespace, else `default`. */
  namespace: string;
  /** true when -n was given: discovery then looks only there. */
  namespaceExplicit: boolean;
  impersonate?: { user?: string; groups: string[] };
  /** Where it came from: file paths, or `in-cluster`. */
  origin: string;
  /** The server is plain `http://`: `user` then holds no credential, as kubectl sends none to it. */
  plainHttp: boolean;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

interface Merged {
  clusters: Cluster[];
  users: LoadedUser[];
  contexts: Context[];
  currentContext?: string;
}

/** Merges kubeconfig texts as kubectl does: the first file that names a cluster, user or context wins. */
function mergeFirstWins(texts: readonly { file: string; text: string }[]): Merged {
  const merged: Merged = { clusters: [], users: [], contexts: [] };
  for (const { file, text } of texts) {
    const kc = new KubeConfig();
    try {
      // As kc.loadFromFile does, from text read within bounds (a FIFO, a device, a huge file).
      kc.loadFromString(text);
      kc.makePathsAbsolute(dirname(file));
    } catch (error) {
      throw new ClusterConnectionError('bad-kubeconfig', `cannot read kubeconfig ${file}: ${(error as Error).message}`);
    }
    for (const cluster of kc.getClusters()) {
      if (!merged.clusters.some((c) => c.name === cluster.name)) merged.clusters.push(cluster);
    }
    for (const user of kc.getUsers()) {
      if (!merged.users.some((u) => u.name === user.name)) merged.users.push({ ...user, sourceDir: dirname(file) });
    }
    for (const context of kc.getContexts()) {
      if (!merged.contexts.some((c) => c.name === context.name)) merged.contexts.push(context);
    }
    merged.currentContext ||= kc.getCurrentContext() || undefined;
  }
  return merged;
}

/** The kubeconfig files' texts, size-capped and under the run's deadline. */
async function readKubeconfigs(files: readonly string[], signal?: AbortSignal): Promise<{ file: string; text: string }[]> {
  const texts: { file: string; text: string }[] = [];
  for (const file of files) {
    try {
      texts.push({ file, text: (await readBounded(file, MAX_KUBECONFIG_BYTES, signal)).toString('utf8') });
    } catch (error) {
      throw new ClusterConnectionError('bad-kubeconfig', `cannot read kubeconfig ${file}: ${(error as Error).message}`);
    }
  }
  return texts;
}

/** The same, synchronously (listing contexts): only a regular file within the cap is read. */
function readKubeconfigsSync(files: readonly string[]): { file: string; text: string }[] {
  return files.map((file) => {
    try {
      return { file, text: readRegularFileSync(file, MAX_KUBECONFIG_BYTES) };
    } catch (error) {
      if (!(error instanceof BoundedReadError)) throw error;
      throw new ClusterConnectionError('bad-kubeconfig', `cannot read kubeconfig ${file}: not a regular file of at most ${MAX_KUBECONFIG_BYTES} bytes`);
    }
  });
}

/** Every context name of the merged kubeconfig, in kubectl's merge order (first file first), and where they came from. */
export function kubeconfigContexts(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): { names: string[]; origin: string } {
  const files = kubeconfigFiles(flags.kubeconfig, env);
  if (files.length === 0) throw new ClusterConnectionError('no-kubeconfig', 'no kubeconfig found: set KUBECONFIG or pass --kubeconfig to name the contexts to check');
  return { names: mergeFirstWins(readKubeconfigsSync(files)).contexts.map((c) => c.name), origin: files.join(delimiter) };
}

/** The context the flags select (--context, else the current one): its name and entry, if the files have one. */
function contextOf(merged: Merged, flags: ConnectionFlags): { name?: string; context?: Context } {
  const name = flags.context ?? merged.currentContext;
  return { name, context: name ? merged.contexts.find((c) => c.name === name) : undefined };
}

/**
 * A cluster entry as a kubeconfig file holds it, decoded as client-go decodes it (go-yaml, every
 * field kept: proxy-url, extensions...), its certificate-authority path made absolute against that file.
 */
export type ClusterEntry = Record<string, unknown>;

/** The cluster entry `name` of the first file that has one: client-go takes an entry whole from there. */
function clusterEntry(texts: readonly { file: string; text: string }[], name: string): ClusterEntry | undefined {
  for (const { file, text } of texts) {
    let config: unknown;
    try {
      config = toPlain(decodeGoYaml(text));
    } catch (error) {
      throw new ClusterConnectionError('bad-kubeconfig', `cannot read kubeconfig ${file}: ${(error as Error).message}`);
    }
    const clusters = isPlainObject(config) && Array.isArray(config.clusters) ? config.clusters : [];
    const found = clusters.find((c): c is { cluster: unknown } => isPlainObject(c) && c.name === name);
    if (!found) continue;
    const entry: ClusterEntry = isPlainObject(found.cluster) ? { ...found.cluster } : {};
    const ca = entry['certificate-authority'];
    if (typeof ca === 'string' && ca !== '') entry['certificate-authority'] = resolve(dirname(file), ca);
    return entry;
  }
  return undefined;
}

/**
 * The context entry kubectl would use with these flags, and the cluster entry it names (or
 * --cluster), from the kubeconfig files (none in-cluster): what --init builds its offer on.
 */
export async function selectedEntries(flags: ConnectionFlags, signal?: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<{ context?: Context; cluster?: ClusterEntry }> {
  const texts = await readKubeconfigs(kubeconfigFiles(flags.kubeconfig, env), signal);
  const { context } = contextOf(mergeFirstWins(texts), flags);
  const clusterName = flags.cluster ?? context?.cluster;
  const cluster = clusterName ? clusterEntry(texts, clusterName) : undefined;
  return { ...(context && { context }), ...(cluster && { cluster }) };
}

/** Resolves cluster, user and namespace from kubeconfig files (or in-cluster) and the flags. */
export async function resolveKubeconfig(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<ResolvedKubeconfig> {
  const files = kubeconfigFiles(flags.kubeconfig, env);

  let merged: Merged;
  let origin: string;
  if (files.length > 0) {
    merged = mergeFirstWins(await readKubeconfigs(files, signal));
    origin = files.join(delimiter);
  } else if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    merged = { clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: kc.getCurrentContext() };
    origin = 'in-cluster';
  } else if (flags.server) {
    merged = { clusters: [], users: [], contexts: [] };
    origin = 'flags';
  } else {
    const where = env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG} lists no existing file` : `${defaultKubeconfig(env)} does not exist`;
    throw new ClusterConnectionError('no-kubeconfig', `no kubeconfig found (${where}) and not running in a cluster: set KUBECONFIG, pass --kubeconfig, or --server with --token`);
  }

  const { name: contextName, context } = contextOf(merged, flags);
  if (flags.context && !context) {
    throw new ClusterConnectionError('bad-kubeconfig', `context "${flags.context}" does not exist in ${origin}`);
  }
  const clusterName = flags.cluster ?? context?.cluster;
  const userName = flags.user ?? context?.user;
  const found = clusterName ? merged.clusters.find((c) => c.name === clusterName) : undefined;
  if (flags.cluster && !found) throw new ClusterConnectionError('bad-kubeconfig', `cluster "${flags.cluster}" does not exist in ${origin}`);
  let user: LoadedUser = (userName ? merged.users.find((u) => u.name === userName) : undefined) ?? { name: userName ?? 'anonymous' };
  if (flags.user && !merged.users.some((u) => u.name === flags.user)) {
    throw new ClusterConnectionError('bad-kubeconfig', `user "${flags.user}" does not exist in ${origin}`);
  }

  const given = flags.server ?? found?.server;
  if (!given) {
    const why = contextName ? `context "${contextName}" names no cluster with a server` : `${origin} has no current-context`;
    throw new ClusterConnectionError('bad-kubeconfig', `cannot tell which cluster to use: ${why}; pass --context or --server`);
  }
  // client-go (DefaultServerURL) reads a server without a scheme and a host, `10.0.0.1:6443`, as http://.
  const server = /^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(given) ? given : `http://${given}`;
  const plainHttp = /^http:/i.test(server);
  const trust = trustWithFlags({ caFile: found?.caFile, caData: found?.caData, insecure: found?.skipTLSVerify ?? false, tlsServerName: found?.tlsServerName }, flags);
  const cluster: Cluster = {
    name: found?.name ?? 'flags',
    server,
    caData: trust.caData,
    caFile: trust.caFile,
    tlsServerName: trust.tlsServerName,
    // Plain http needs no TLS settings; client-node refuses it unless this is set.
    skipTLSVerify: plainHttp || trust.insecure,
    proxyUrl: found?.proxyUrl,
  };
  if (flags.token) user = { name: user.name, token: flags.token, certData: user.certData, certFile: user.certFile, keyData: user.keyData, keyFile: user.keyFile };
  if (flags.clientCertificate) user = { ...user, certFile: resolve(flags.clientCertificate), certData: undefined };
  if (flags.clientKey) user = { ...user, keyFile: resolve(flags.clientKey), keyData: undefined };

  const impersonateUser = flags.as ?? user.impersonateUser ?? undefined;
  const groups = flags.asGroup ?? [];
  // client-go merges the user's credentials only over TLS (ClientConfig, IsConfigTransportTLS): to an
  // http:// server kubectl sends no token or token file, basic auth, client certificate, exec or
  // auth-provider credential, --token included. Impersonation is no credential: it still goes.
  if (plainHttp) user = { name: user.name };
  return {
    contextName,
    cluster,
    user,
    namespace: flags.namespace ?? context?.namespace ?? 'default',
    namespaceExplicit: flags.namespace !== undefined,
    impersonate: impersonateUser || groups.length > 0 ? { user: impersonateUser, groups } : undefined,
    origin,
    plainHttp,
  };
}
