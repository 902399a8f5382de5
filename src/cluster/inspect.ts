/**
 * Inspects the live controller, read-only, with whatever the user may read, by composing the
 * readers of src/cluster/read/ (discovery, controller, logs, nodes, secrets, usage, events,
 * reviews), each as soon as its inputs are known. Every failure is recorded in the facts; nothing
 * here throws for an API error.
 */
import type { PluginEntry } from '../config/types.js';
import { controllerFeatures, type ControllerFeatures } from '../config/version.js';
import { CONFIGMAP_NAME, type ConfigurationInput } from '../config/sources.js';
import type { ClusterClient } from './client.js';
import type { ClusterFacts } from './facts.js';
import { CURRENT_CONTEXT, type KubectlConnection } from './kubectl-command.js';
import { apiReads, sortFailures, type FailureOrder } from './read/api.js';
import { readController, readLeader, toControllerPod, type ControllerRead } from './read/controller.js';
import { discoverController } from './read/discovery.js';
import { readPluginWarningEvents } from './read/events.js';
import { readControllerLogs } from './read/logs.js';
import { readNodePlatforms } from './read/nodes.js';
import { reviewPluginPermissions } from './read/reviews.js';
import { readHeaderSecretNames } from './read/secrets.js';
import type { HeaderSecretValues } from './secrets.js';
import { readUsage } from './read/usage.js';

export { versionFromImage } from './read/controller.js';

export interface InspectOptions {
  /** Controller namespace; absent: -n of the client if given, else discovered. */
  namespace?: string;
  signal?: AbortSignal;
  /** How many log lines to read per container instance (default 1000). */
  tailLines?: number;
  /**
   * Decides the configuration under judgment once the live ConfigMap and the controller version are
   * known (the live data, or the -f files), and returns its entries (their headersFrom Secrets,
   * file:// mounts and plugin permissions are what the cluster step then checks) and the features
   * of the release it is judged at (ConfigFacts.features).
   */
  subject?: (live: { data?: Record<string, string>; controllerVersion?: string }) => Subject;
  /** The configuration the run judges, for the doctor commands the checks print (ClusterFacts.configurationInput). */
  configurationInput?: ConfigurationInput;
  /** The header values of each headersFrom Secret, from the run's one read of it (doctor downloads with them); never kept in the facts. */
  headerSecretValues?: (secret: HeaderSecretValues) => void;
}

/** The configuration under judgment, as the cluster step needs it. */
export interface Subject {
  entries: readonly PluginEntry[];
  features: ControllerFeatures;
}

/** What is known before any request: nothing found yet, nothing failed yet. */
export function emptyClusterFacts(server: string, plainHttp: boolean, context?: string, kubectlConnection: KubectlConnection = CURRENT_CONTEXT): ClusterFacts {
  return {
    server,
    plainHttp,
    context,
    kubectlConnection,
    namespaceFrom: 'none',
    installations: [],
    controller: { context, server, pods: [] },
    pods: [],
    configMap: { source: CONFIGMAP_NAME, exists: false },
    plugins: [],
    logMatches: [],
    loadedPlugins: [],
    proxyEnv: {},
    nodePlatforms: [],
    headerSecrets: [],
    warningEvents: [],
    pluginPermissions: [],
    pluginReferences: [],
    usageListed: {},
    permissionFailures: [],
    apiProblems: [],
    partialLists: [],
    unreadable: [],
  };
}

export async function inspectCluster(client: ClusterClient, opts: InspectOptions = {}): Promise<ClusterFacts> {
  const facts = emptyClusterFacts(client.server, client.plainHttp, client.context, client.kubectlConnection);
  if (opts.configurationInput) facts.configurationInput = opts.configurationInput;
  const order: FailureOrder = new Map();
  // One scope per reader, ranked: failures are reported reader by reader, whatever ran first.
  const reads = (rank: number, search?: true) => apiReads(client, facts, order, rank, { signal: opts.signal, search });

  const discovery = await discoverController(reads(0, true), {
    explicit: opts.namespace ?? (client.namespaceExplicit ? client.namespace : undefined),
    contextNamespace: client.namespace,
  });
  const namespace = discovery.namespace;
  Object.assign(facts, { namespace, namespaceFrom: discovery.namespaceFrom, installations: discovery.installations });
  facts.controller.namespace = namespace;
  facts.configMap.source = `${namespace ?? '?'}/${CONFIGMAP_NAME}`;

  // The controller and the objects using plugins do not depend on each other; the events and the
  // access reviews need both, but not the controller's logs, nodes or Secrets: they start without
  // waiting for those, so one read that hangs until its deadline holds back no other.
  const controller = namespace ? inspectController(namespace) : undefined;
  // Both are awaited below; until then an error (a bug: readers record failures) must not go unhandled.
  for (const step of [controller?.objects, controller?.details]) step?.catch(() => undefined);
  const usage = await readUsage(reads(5), client.namespace);
  facts.pluginReferences = usage.references;
  facts.usageListed = usage.listed;
  await controller?.objects;

  const [events, permissions] = await Promise.all([
    readPluginWarningEvents(reads(6), [...(namespace ? [namespace] : []), ...usage.rolloutNamespaces]),
    namespace && facts.podSpec
      ? reviewPluginPermissions(reads(7), { namespace, serviceAccount: facts.podSpec.serviceAccount }, facts.plugins, facts.pluginReferences)
      : [],
    controller?.details,
  ]);
  facts.warningEvents = events;
  facts.pluginPermissions = permissions;
  sortFailures(facts, order);
  return facts;

  /** `objects`: the Deployment, pods and ConfigMap read and applied; `details`: then the leader, logs, nodes and Secrets. */
  function inspectController(ns: string): { objects: Promise<void>; details: Promise<void> } {
    const controllerReads = reads(1);
    const read = readController(controllerReads, ns);
    const objects = read.then((controller) => applyController(ns, controller));
    const details = read.then(async (controller) => {
      await objects;
      // Whatever needs only the controller's objects, at once: the leader, the logs, the nodes, the Secrets.
      const [, logs, platforms, secrets] = await Promise.all([
        readLeader(controllerReads, ns, controller),
        readControllerLogs(reads(2), ns, controller.pods.map((pod, i) => ({ facts: pod, raw: controller.rawPods[i]! })), opts.tailLines ?? 1000),
        facts.podSpec ? readNodePlatforms(reads(3), facts.pods.map((p) => p.node).filter((n): n is string => !!n), facts.podSpec) : [],
        readHeaderSecretNames(reads(4), ns, facts.plugins, facts.features ?? controllerFeatures(undefined), opts.headerSecretValues),
      ]);
      facts.logMatches = logs.logMatches;
      facts.loadedPlugins = logs.loadedPlugins;
      facts.controller.version ??= logs.version;
      facts.nodePlatforms = platforms;
      facts.headerSecrets = secrets;
      facts.controller.pods = facts.pods.map(toControllerPod);
    });
    return { objects, details };
  }

  function applyController(ns: string, controller: ControllerRead): void {
    facts.configMap = controller.configMap;
    if (controller.deploymentsListed && !facts.installations.some((i) => i.namespace === ns)) {
      facts.installations.push({ namespace: ns, deployment: controller.deployment?.name, configMap: controller.configMap.exists, pods: controller.pods.map((p) => p.name) });
    }
    facts.deployment = controller.deployment;
    if (controller.fallback) {
      facts.controllerFallback = controller.fallback;
      // serve watches the pods by it.
      facts.controller.podSelector = controller.fallback.selector ?? '';
    }
    facts.podSpec = controller.podSpec;
    facts.proxyEnv = controller.proxyEnv;
    facts.unreadable.push(...controller.unreadable);
    facts.pods = controller.pods;
    if (controller.deployment) {
      facts.controller.deployment = controller.deployment.name;
      facts.controller.replicas = controller.deployment.replicas;
    }
    facts.controller.image = controller.image;
    facts.controller.version = controller.version;
    if (opts.subject) {
      try {
        const subject = opts.subject({ ...(facts.configMap.data && { data: facts.configMap.data }), ...(controller.version && { controllerVersion: controller.version }) });
        facts.plugins = [...subject.entries];
        facts.features = subject.features;
      } catch (error) {
        facts.unreadable.push(`the plugin entries of ${facts.configMap.source}: ${(error as Error).message}`);
      }
    }
  }
}
