/**
 * Inspects the live controller, read-only, with whatever the user may read: discovery of the
 * controller namespace, Deployment, pods, leader, logs of every pod (current and previous), pod
 * spec, ConfigMap drift, headersFrom Secrets (names only), nodes, events, plugin RBAC and the
 * objects that use plugins. Every failure is recorded in the facts; nothing here throws for an
 * API error.
 */
import type { PluginEntry } from '../config/types.js';
import { extractPluginReferences } from '../config/usage.js';
import type { ControllerPod } from '../core/report.js';
import type { ApiRequest, ApiResult, ClusterClient } from './client.js';
import type {
  ClusterFacts,
  ContainerState,
  ControllerPodFacts,
  HeaderSecretFacts,
  Installation,
  NodePlatform,
  PodSpecFacts,
} from './facts.js';
import { scanLog } from './logs.js';
import { secretData, secretRequest } from './secrets.js';
import { analyzePodSpec, arr, CONTROLLER_CONTAINER, CONTROLLER_SELECTOR, controllerContainer, obj, proxyEnvFromReferences, proxyEnvOf, text } from './podspec.js';
import { knownPluginNeeds } from '../config/known-plugins.js';
import { CONFIGMAP_NAME } from '../config/sources.js';

type Obj = Record<string, unknown>;

export const DEFAULT_CONTROLLER_NAMESPACE = 'argo-rollouts';
const LEASE_NAME = 'argo-rollouts-controller-lock';

export interface InspectOptions {
  /** Controller namespace; absent: -n of the client if given, else discovered. */
  namespace?: string;
  signal?: AbortSignal;
  /** How many log lines to read per container instance (default 1000). */
  tailLines?: number;
  /**
   * Decides the configuration under judgment once the live ConfigMap and the controller version are
   * known (the live data, or the -f files), and returns its entries: their headersFrom Secrets,
   * file:// mounts and plugin permissions are what the cluster step then checks.
   */
  subject?: (live: { data?: Record<string, string>; controllerVersion?: string }) => readonly PluginEntry[];
}

interface Access {
  verb: string;
  resource: string;
  group: string;
  namespace?: string;
  name?: string;
}

/** What is known before any request: nothing found yet, nothing failed yet. */
export function emptyClusterFacts(server: string, context?: string): ClusterFacts {
  return {
    server,
    context,
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
    usageObjects: [],
    permissionFailures: [],
    apiProblems: [],
    unreadable: [],
  };
}

export async function inspectCluster(client: ClusterClient, opts: InspectOptions = {}): Promise<ClusterFacts> {
  const facts = emptyClusterFacts(client.server, client.context);

  /** One request; 401/403 become permission failures, other failures API problems (404 is the caller's). */
  // Failures are kept in the order their requests were issued, not the order parallel answers arrive.
  const issueOrder = new Map<object, number>();
  let issued = 0;
  const read = async <T = Obj>(req: ApiRequest, access: Access, skipped: string, expected: readonly string[] = []): Promise<ApiResult<T>> => {
    const seq = issued++;
    const result = await client.request<T>({ ...req, signal: opts.signal });
    if (result.ok || result.kind === 'not-found' || expected.includes(result.kind)) return result;
    if (result.kind === 'forbidden' || result.kind === 'unauthorized') {
      const failure = { status: result.status ?? 0, ...access, message: result.message, skipped };
      issueOrder.set(failure, seq);
      facts.permissionFailures.push(failure);
    } else {
      const where = access.namespace ? ` in ${access.namespace}` : access.name ? '' : ' in all namespaces';
      const problem = {
        what: `${access.verb} ${access.resource}${access.name ? ` ${access.name}` : ''}${where}`,
        path: req.path,
        kind: result.kind,
        status: result.status,
        message: result.message,
        attempts: result.attempts,
        skipped,
      };
      issueOrder.set(problem, seq);
      facts.apiProblems.push(problem);
    }
    return result;
  };
  const items = (result: ApiResult): Obj[] => (result.ok ? arr(obj(result.body).items) : []);

  // --- Discovery -------------------------------------------------------------------------------
  const explicit = opts.namespace ?? (client.namespaceExplicit ? client.namespace : undefined);
  let namespace: string | undefined;
  if (explicit) {
    namespace = explicit;
    facts.namespaceFrom = 'flag';
  } else {
    const skipped = 'finding the controller namespace in all namespaces';
    const [configMaps, pods, deployments] = await Promise.all([
      read({ path: '/api/v1/configmaps', query: { fieldSelector: `metadata.name=${CONFIGMAP_NAME}` } }, { verb: 'list', resource: 'configmaps', group: '' }, skipped),
      read({ path: '/api/v1/pods', query: { labelSelector: CONTROLLER_SELECTOR } }, { verb: 'list', resource: 'pods', group: '' }, skipped),
      read({ path: '/apis/apps/v1/deployments', query: { labelSelector: CONTROLLER_SELECTOR } }, { verb: 'list', resource: 'deployments', group: 'apps' }, skipped),
    ]);
    if (configMaps.ok || pods.ok) {
      facts.installations = installationsFrom(items(configMaps), items(pods), items(deployments));
      namespace =
        facts.installations.find((i) => i.namespace === DEFAULT_CONTROLLER_NAMESPACE && i.pods.length > 0)?.namespace ??
        facts.installations.find((i) => i.pods.length > 0 || i.deployment)?.namespace ??
        facts.installations[0]?.namespace;
      facts.namespaceFrom = namespace ? 'discovered' : 'none';
    } else {
      // Listing across namespaces is not allowed: try where the controller usually is, then the context's namespace.
      for (const candidate of [...new Set([DEFAULT_CONTROLLER_NAMESPACE, client.namespace])]) {
        const found = await read(
          { path: `/api/v1/namespaces/${candidate}/pods`, query: { labelSelector: CONTROLLER_SELECTOR } },
          { verb: 'list', resource: 'pods', group: '', namespace: candidate },
          `looking for the controller in ${candidate}`,
        );
        const configMap = await read(
          { path: `/api/v1/namespaces/${candidate}/configmaps/${CONFIGMAP_NAME}` },
          { verb: 'get', resource: 'configmaps', group: '', namespace: candidate, name: CONFIGMAP_NAME },
          `looking for ${CONFIGMAP_NAME} in ${candidate}`,
        );
        if (items(found).length > 0 || configMap.ok) {
          namespace = candidate;
          facts.namespaceFrom = 'fallback';
          facts.installations = [{ namespace: candidate, configMap: configMap.ok, pods: items(found).map((p) => text(obj(p.metadata).name) ?? '') }];
          break;
        }
      }
    }
  }
  facts.namespace = namespace;
  facts.controller.namespace = namespace;
  facts.configMap.source = `${namespace ?? '?'}/${CONFIGMAP_NAME}`;

  if (namespace) await inspectNamespace(namespace);
  await readUsage();
  await readEvents();
  await checkPluginPermissions();
  inStableOrder(facts);
  return facts;

  async function inspectNamespace(ns: string): Promise<void> {
    const [deployments, podList, configMap] = await Promise.all([
      read({ path: `/apis/apps/v1/namespaces/${ns}/deployments`, query: { labelSelector: CONTROLLER_SELECTOR } }, { verb: 'list', resource: 'deployments', group: 'apps', namespace: ns }, 'the controller image, replicas and pod template'),
      read({ path: `/api/v1/namespaces/${ns}/pods`, query: { labelSelector: CONTROLLER_SELECTOR } }, { verb: 'list', resource: 'pods', group: '', namespace: ns }, 'controller pods, their state and logs'),
      read({ path: `/api/v1/namespaces/${ns}/configmaps/${CONFIGMAP_NAME}` }, { verb: 'get', resource: 'configmaps', group: '', namespace: ns, name: CONFIGMAP_NAME }, 'the live plugin configuration'),
    ]);

    if (configMap.ok) readConfigMap(obj(configMap.body));

    const deployment = items(deployments).find((d) => obj(obj(d.metadata).labels)['app.kubernetes.io/component'] !== 'rollouts-dashboard');
    const pods = items(podList);
    if (deployments.ok && !facts.installations.some((i) => i.namespace === ns)) {
      facts.installations.push({ namespace: ns, deployment: text(obj(deployment?.metadata).name), configMap: configMap.ok, pods: pods.map((p) => text(obj(p.metadata).name) ?? '') });
    }
    let template: Obj | undefined;
    if (deployment) {
      const spec = obj(deployment.spec);
      const status = obj(deployment.status);
      template = obj(obj(spec.template).spec);
      const containerArgs = controllerContainer(template)?.args;
      const args = Array.isArray(containerArgs) ? containerArgs.map(String) : [];
      const instanceId = argValue(args, '--instance-id');
      facts.deployment = {
        name: text(obj(deployment.metadata).name) ?? '',
        replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
        readyReplicas: typeof status.readyReplicas === 'number' ? status.readyReplicas : 0,
        // On by default since v1.0; only an explicit false turns it off.
        leaderElect: !args.some((a) => a === '--leader-elect=false'),
        instanceId,
      };
      facts.controller.deployment = facts.deployment.name;
      facts.controller.replicas = facts.deployment.replicas;
      facts.podSpec = analyzePodSpec(template, `Deployment ${ns}/${facts.deployment.name}`);
    } else if (pods[0]) {
      template = obj(pods[0].spec);
      facts.podSpec = analyzePodSpec(template, `Pod ${ns}/${text(obj(pods[0].metadata).name) ?? '?'}`);
    }
    if (template) {
      facts.proxyEnv = proxyEnvOf(template);
      for (const name of proxyEnvFromReferences(template)) {
        facts.unreadable.push(`${name} of the controller container comes from a ConfigMap or Secret (valueFrom): the probe downloads without it`);
      }
    }
    if (template && !facts.podSpec) facts.unreadable.push(`${facts.deployment ? 'the Deployment' : 'the pod'} has no containers in its spec`);
    facts.controller.image = facts.podSpec?.image;
    facts.controller.version = versionFromImage(facts.podSpec?.image);
    if (opts.subject) {
      try {
        facts.plugins = [...opts.subject({ ...(facts.configMap.data && { data: facts.configMap.data }), ...(facts.controller.version && { controllerVersion: facts.controller.version }) })];
      } catch (error) {
        facts.unreadable.push(`the plugin entries of ${facts.configMap.source}: ${(error as Error).message}`);
      }
    }

    // The controller names its Lease after --instance-id and keeps it in --leader-election-namespace.
    const leaseName = facts.deployment?.instanceId ? `${LEASE_NAME}-${facts.deployment.instanceId}` : LEASE_NAME;
    const leaseNamespace = argValue(facts.podSpec?.args ?? [], '--leader-election-namespace') ?? ns;
    const lease = await read(
      { path: `/apis/coordination.k8s.io/v1/namespaces/${leaseNamespace}/leases/${leaseName}` },
      { verb: 'get', resource: 'leases', group: 'coordination.k8s.io', namespace: leaseNamespace, name: leaseName },
      'which replica is the leader',
    );
    const holder = lease.ok ? text(obj(obj(lease.body).spec).holderIdentity) : undefined;
    const leaderPod = holder?.split('_')[0];

    facts.pods = pods.map((pod) => podFacts(pod, leaderPod));
    await Promise.all(facts.pods.map((pod) => readLogs(ns, pod, pods.find((p) => obj(p.metadata).name === pod.name)!)));
    facts.controller.pods = facts.pods.map(toControllerPod);

    if (facts.podSpec) await readNodePlatforms(facts.podSpec);
    await readHeaderSecretNames(ns);
  }

  function readConfigMap(configMap: Obj): void {
    const meta = obj(configMap.metadata);
    const data = Object.fromEntries(Object.entries(obj(configMap.data)).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const times = arr(meta.managedFields).map((f) => text(f.time)).filter((t): t is string => !!t).sort();
    facts.configMap = {
      source: facts.configMap.source,
      exists: true,
      data,
      lastChanged: times.at(-1) ?? text(meta.creationTimestamp),
      lastChangedFrom: times.length > 0 ? 'managedFields' : text(meta.creationTimestamp) ? 'creationTimestamp' : undefined,
    };
  }

  /** Requests run in parallel and record as they finish: put what they recorded in pod order, so a report does not depend on timing. */
  function inStableOrder(f: ClusterFacts): void {
    const podRank = (name: string) => f.pods.findIndex((p) => p.name === name);
    f.logMatches.sort((a, b) => podRank(a.pod) - podRank(b.pod) || Number(a.previous) - Number(b.previous) || a.index - b.index);
    f.loadedPlugins.sort((a, b) => podRank(a.pod) - podRank(b.pod) || Number(a.previous) - Number(b.previous));
    const issuedFirst = (a: object, b: object) => (issueOrder.get(a) ?? 0) - (issueOrder.get(b) ?? 0);
    f.permissionFailures.sort(issuedFirst);
    f.apiProblems.sort(issuedFirst);
  }

  async function readLogs(ns: string, pod: ControllerPodFacts, raw: Obj): Promise<void> {
    const containerName = text(controllerContainer(obj(raw.spec))?.name) ?? CONTROLLER_CONTAINER;
    const instances: boolean[] = [false];
    if (pod.controller && (pod.controller.restarts > 0 || pod.controller.lastTerminated)) instances.push(true);
    // Both instances at once: every log request is issued before any answer, in pod order.
    await Promise.all(instances.map(async (previous) => {
      // 400 is how the apiserver says a container has no such instance (not started yet, no previous one).
      const result = await read<string>(
        { path: `/api/v1/namespaces/${ns}/pods/${pod.name}/log`, query: { container: containerName, tailLines: opts.tailLines ?? 1000, ...(previous ? { previous: true } : {}) }, as: 'text' },
        { verb: 'get', resource: 'pods/log', group: '', namespace: ns, name: pod.name },
        `${previous ? 'previous' : 'current'} logs of ${pod.name}`,
        ['bad-request'],
      );
      if (!result.ok) return;
      if (previous) pod.logs.previous = result.body;
      else pod.logs.current = result.body;
      const scan = scanLog(result.body, pod.name, previous);
      facts.logMatches.push(...scan.matches);
      if (scan.startSeen) facts.loadedPlugins.push({ pod: pod.name, previous, plugins: scan.loaded });
      if (scan.version && !facts.controller.version) facts.controller.version = scan.version.replace(/\+.*$/, '');
    }));
  }

  async function readNodePlatforms(podSpec: PodSpecFacts): Promise<void> {
    const nodes = [...new Set(facts.pods.map((p) => p.node).filter((n): n is string => !!n))];
    for (const node of nodes) {
      const result = await read({ path: `/api/v1/nodes/${node}` }, { verb: 'get', resource: 'nodes', group: '', name: node }, `the OS/arch of node ${node}`);
      if (result.ok) facts.nodePlatforms.push({ ...platformOf(obj(result.body)), from: `node ${node}` });
    }
    if (facts.nodePlatforms.length > 0) return;
    const arch = podSpec.nodeSelector['kubernetes.io/arch'];
    if (arch) {
      facts.nodePlatforms.push({ os: podSpec.nodeSelector['kubernetes.io/os'] ?? 'linux', arch, from: 'nodeSelector' });
      return;
    }
    if (podSpec.affinityArchs.length > 0) {
      for (const a of podSpec.affinityArchs) facts.nodePlatforms.push({ os: 'linux', arch: a, from: 'node affinity' });
      return;
    }
    const all = await read({ path: '/api/v1/nodes' }, { verb: 'list', resource: 'nodes', group: '' }, 'the OS/arch of the nodes');
    const seen = new Set<string>();
    for (const node of items(all)) {
      const p = platformOf(node);
      if (seen.has(`${p.os}/${p.arch}`)) continue;
      seen.add(`${p.os}/${p.arch}`);
      facts.nodePlatforms.push({ ...p, from: 'all nodes' });
    }
  }

  async function readHeaderSecretNames(ns: string): Promise<void> {
    const byName = new Map<string, HeaderSecretFacts>();
    for (const plugin of facts.plugins) {
      for (const secret of plugin.headersFrom ?? []) {
        const entry = byName.get(secret) ?? { name: secret, exists: 'unknown' as const, headerNames: [], plugins: [] };
        entry.plugins.push(plugin.name);
        byName.set(secret, entry);
      }
    }
    for (const entry of byName.values()) {
      const result = await read(
        secretRequest(ns, entry.name),
        { verb: 'get', resource: 'secrets', group: '', namespace: ns, name: entry.name },
        `whether headersFrom Secret ${entry.name} exists`,
      );
      if (result.ok) {
        entry.exists = true;
        // Key names only: the values stay out of the facts.
        entry.headerNames = Object.keys(secretData(result.body)).sort();
      } else if (result.kind === 'not-found') {
        entry.exists = false;
      }
      facts.headerSecrets.push(entry);
    }
  }

  async function readUsage(): Promise<void> {
    const kinds = [
      { resource: 'rollouts', namespaced: true },
      { resource: 'analysistemplates', namespaced: true },
      { resource: 'clusteranalysistemplates', namespaced: false },
    ];
    const lists = await Promise.all(
      kinds.map(async ({ resource, namespaced }) => {
        const skipped = `which ${resource} use which plugin`;
        const result = await read({ path: `/apis/argoproj.io/v1alpha1/${resource}` }, { verb: 'list', resource, group: 'argoproj.io' }, skipped);
        if (result.ok || !namespaced || (result.kind !== 'forbidden' && result.kind !== 'unauthorized')) return result;
        const ns = client.namespace;
        return read({ path: `/apis/argoproj.io/v1alpha1/namespaces/${ns}/${resource}` }, { verb: 'list', resource, group: 'argoproj.io', namespace: ns }, `${skipped} in ${ns}`);
      }),
    );
    for (const result of lists) {
      if (!result.ok) continue;
      const body = obj(result.body);
      const kind = text(body.kind)?.replace(/List$/, '');
      for (const item of arr(body.items)) facts.usageObjects.push({ apiVersion: 'argoproj.io/v1alpha1', kind, ...item });
    }
  }

  async function readEvents(): Promise<void> {
    const namespaces = new Set<string>();
    if (namespace) namespaces.add(namespace);
    for (const o of facts.usageObjects.map(obj)) {
      const ns = text(obj(o.metadata).namespace);
      if (ns && o.kind === 'Rollout') namespaces.add(ns);
    }
    const lists = await Promise.all(
      [...namespaces].slice(0, 10).map(async (ns) => ({
        ns,
        result: await read({ path: `/api/v1/namespaces/${ns}/events` }, { verb: 'list', resource: 'events', group: '', namespace: ns }, `Warning events in ${ns}`),
      })),
    );
    for (const { ns, result } of lists) {
      for (const event of items(result)) {
        const message = text(event.message) ?? '';
        if (event.type !== 'Warning' || !/plugin/i.test(message)) continue;
        const involved = obj(event.involvedObject);
        facts.warningEvents.push({
          object: `${text(involved.kind) ?? '?'} ${ns}/${text(involved.name) ?? '?'}`,
          reason: text(event.reason) ?? '',
          message,
          count: typeof event.count === 'number' ? event.count : 1,
          lastSeen: text(event.lastTimestamp) ?? text(event.eventTime),
        });
      }
    }
  }

  async function checkPluginPermissions(): Promise<void> {
    if (!namespace || !facts.podSpec) return;
    const serviceAccount = `system:serviceaccount:${namespace}:${facts.podSpec.serviceAccount}`;
    const references = extractPluginReferences(facts.usageObjects);
    for (const plugin of facts.plugins) {
      const needs = knownPluginNeeds(plugin.name, plugin.location);
      if (needs.length === 0) continue;
      // Namespaces of the Rollouts routing through this plugin: where it will read and update routes.
      const routeNamespaces = [
        ...new Set(
          references
            .filter((r) => r.name === plugin.name && r.type === plugin.type && r.kind === 'Rollout')
            .map((r) => /^Rollout ([^/]+)\//.exec(r.resource)?.[1])
            .filter((n): n is string => !!n),
        ),
      ];
      const scopes: (string | undefined)[] = routeNamespaces.length > 0 ? routeNamespaces : [undefined];
      for (const need of needs) {
        for (const verb of need.verbs) {
          for (const ns of scopes) {
            const review = await read<Obj>(
              {
                method: 'POST',
                path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
                body: {
                  apiVersion: 'authorization.k8s.io/v1',
                  kind: 'SubjectAccessReview',
                  spec: { user: serviceAccount, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'], resourceAttributes: { verb, group: need.group, resource: need.resource, ...(ns ? { namespace: ns } : {}) } },
                },
              },
              { verb: 'create', resource: 'subjectaccessreviews', group: 'authorization.k8s.io' },
              `whether ${plugin.name} may ${verb} ${need.resource}`,
            );
            const allowed = review.ok ? obj(obj(review.body).status).allowed === true : ('unknown' as const);
            facts.pluginPermissions.push({ plugin: plugin.name, serviceAccount, verb, group: need.group, resource: need.resource, namespace: ns, allowed });
          }
        }
      }
    }
  }
}

function installationsFrom(configMaps: Obj[], pods: Obj[], deployments: Obj[]): Installation[] {
  const byNamespace = new Map<string, Installation>();
  const entry = (ns: string): Installation => {
    const existing = byNamespace.get(ns) ?? { namespace: ns, configMap: false, pods: [] };
    byNamespace.set(ns, existing);
    return existing;
  };
  for (const cm of configMaps) {
    const ns = text(obj(cm.metadata).namespace);
    if (ns) entry(ns).configMap = true;
  }
  for (const pod of pods) {
    const meta = obj(pod.metadata);
    const ns = text(meta.namespace);
    if (ns) entry(ns).pods.push(text(meta.name) ?? '');
  }
  for (const d of deployments) {
    const meta = obj(d.metadata);
    const ns = text(meta.namespace);
    if (!ns || obj(meta.labels)['app.kubernetes.io/component'] === 'rollouts-dashboard') continue;
    const installation = entry(ns);
    installation.deployment = text(meta.name);
    const container = controllerContainer(obj(obj(obj(d.spec).template).spec));
    installation.instanceId = argValue(Array.isArray(container?.args) ? container.args.map(String) : [], '--instance-id');
  }
  return [...byNamespace.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
}

function argValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) return args[i + 1];
  }
  return undefined;
}

function containerState(status: Obj, name: string): ContainerState {
  const state = obj(status.state);
  const running = obj(state.running);
  const waiting = obj(state.waiting);
  const terminated = obj(state.terminated);
  const last = obj(obj(status.lastState).terminated);
  const kind: ContainerState['state'] = state.running ? 'running' : state.waiting ? 'waiting' : state.terminated ? 'terminated' : 'unknown';
  return {
    name,
    image: text(status.image),
    ready: status.ready === true,
    restarts: typeof status.restartCount === 'number' ? status.restartCount : 0,
    state: kind,
    reason: text(waiting.reason) ?? text(terminated.reason),
    message: text(waiting.message) ?? text(terminated.message),
    exitCode: typeof terminated.exitCode === 'number' ? terminated.exitCode : undefined,
    startedAt: text(running.startedAt) ?? text(terminated.startedAt),
    lastTerminated: obj(status.lastState).terminated
      ? { exitCode: typeof last.exitCode === 'number' ? last.exitCode : undefined, reason: text(last.reason), startedAt: text(last.startedAt), finishedAt: text(last.finishedAt) }
      : undefined,
  };
}

function podFacts(pod: Obj, leaderPod: string | undefined): ControllerPodFacts {
  const meta = obj(pod.metadata);
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const name = text(meta.name) ?? '';
  const controllerName = text(controllerContainer(spec)?.name) ?? CONTROLLER_CONTAINER;
  const statuses = arr(status.containerStatuses);
  const own = statuses.find((s) => s.name === controllerName);
  return {
    name,
    phase: text(status.phase) ?? 'Unknown',
    ready: arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True'),
    node: text(spec.nodeName),
    leader: leaderPod === undefined ? undefined : leaderPod === name,
    controller: own ? containerState(own, controllerName) : undefined,
    initContainers: arr(status.initContainerStatuses).map((s) => containerState(s, text(s.name) ?? '')),
    logs: {},
  };
}

function toControllerPod(pod: ControllerPodFacts): ControllerPod {
  const c = pod.controller;
  return {
    name: pod.name,
    phase: pod.phase,
    ready: pod.ready,
    restarts: c?.restarts ?? 0,
    state: c ? (c.state === 'running' ? 'Running' : (c.reason ?? c.state)) : pod.phase,
    startedAt: c?.startedAt,
    node: pod.node,
    leader: pod.leader,
  };
}

function platformOf(node: Obj): Omit<NodePlatform, 'from'> {
  const info = obj(obj(node.status).nodeInfo);
  const labels = obj(obj(node.metadata).labels);
  return {
    os: text(info.operatingSystem) ?? text(labels['kubernetes.io/os']) ?? 'unknown',
    arch: text(info.architecture) ?? text(labels['kubernetes.io/arch']) ?? 'unknown',
  };
}

/** `quay.io/argoproj/argo-rollouts:v1.8.3` → `v1.8.3`; a digest-only image has no version. */
export function versionFromImage(image: string | undefined): string | undefined {
  const tag = image?.split('@')[0]?.match(/:([^:/]+)$/)?.[1];
  return tag && /^v?\d+\.\d+/.test(tag) ? (tag.startsWith('v') ? tag : `v${tag}`) : undefined;
}
