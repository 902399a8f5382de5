/**
 * The controller in its namespace: its Deployment (replicas, leader election, pod template), its
 * pods and their container states, the live ConfigMap; then (readLeader) the Lease that names the leader.
 */
import type { V1ConfigMap, V1ContainerStatus, V1Deployment, V1Lease, V1Pod } from '@kubernetes/client-node';
import { CONFIGMAP_NAME } from '../../config/sources.js';
import type { ControllerPod } from '../../core/report.js';
import type { ClusterFacts, ConfigMapFacts, ContainerState, ControllerFallback, ControllerPodFacts, PodSpecFacts } from '../facts.js';
import {
  analyzePodSpec,
  CHART_CONTROLLER_SELECTOR,
  CONTROLLER_CONTAINER,
  CONTROLLER_SELECTOR,
  controllerContainer,
  controllerArgs,
  isRedHatImage,
  obj,
  proxyEnvFromReferences,
  proxyEnvOf,
  runsControllerImage,
  text,
} from '../podspec.js';
import type { ApiReads, Wire } from './api.js';

const LEASE_NAME = 'argo-rollouts-controller-lock';

export interface ControllerRead {
  deployment?: ClusterFacts['deployment'];
  podSpec?: PodSpecFacts;
  proxyEnv: Record<string, string>;
  configMap: ConfigMapFacts;
  /** The controller pods as listed (few: their specs are kept for the log reader). */
  rawPods: Wire<V1Pod>[];
  pods: ControllerPodFacts[];
  /** Whether the Deployment list itself could be read (an installation is recorded then). */
  deploymentsListed: boolean;
  image?: string;
  version?: string;
  /** Set when the usual labels found nothing and another way did. */
  fallback?: ControllerFallback;
  unreadable: string[];
}

/** The controller's Deployment (the first that is not the dashboard) and pods, by one label selector. */
function listController(api: ApiReads, ns: string, selector: string) {
  return [
    api.list<V1Deployment, Wire<V1Deployment>[]>(
      { path: `/apis/apps/v1/namespaces/${ns}/deployments`, query: { labelSelector: selector } },
      { verb: 'list', resource: 'deployments', group: 'apps', namespace: ns },
      'the controller image, replicas and pod template',
      () => [],
      // Only the first controller Deployment is inspected: the others are not kept.
      (kept, deployment) => {
        if (kept.length === 0 && !isDashboard(deployment)) kept.push(deployment);
      },
    ),
    api.list<V1Pod, Wire<V1Pod>[]>(
      { path: `/api/v1/namespaces/${ns}/pods`, query: { labelSelector: selector } },
      { verb: 'list', resource: 'pods', group: '', namespace: ns },
      'controller pods, their state and logs',
      () => [],
      (kept, pod) => kept.push(pod),
    ),
  ] as const;
}

export async function readController(api: ApiReads, ns: string): Promise<ControllerRead> {
  let [deployments, podList, configMap] = await Promise.all([
    ...listController(api, ns, CONTROLLER_SELECTOR),
    api.read<V1ConfigMap>(
      { path: `/api/v1/namespaces/${ns}/configmaps/${CONFIGMAP_NAME}` },
      { verb: 'get', resource: 'configmaps', group: '', namespace: ns, name: CONFIGMAP_NAME },
      'the live plugin configuration',
    ),
  ]);
  let fallback: ControllerFallback | undefined;
  // A Helm install with nameOverride has another app.kubernetes.io/name: look for the chart's component label.
  // Only when both lists were read whole and are empty: an item left out may be the labelled controller.
  if (deployments.ok && podList.ok && deployments.leftOut === 0 && podList.leftOut === 0 && deployments.body.length === 0 && podList.body.length === 0) {
    const [chartDeployments, chartPods] = await Promise.all(listController(api, ns, CHART_CONTROLLER_SELECTOR));
    if ((chartDeployments.ok && chartDeployments.body.length > 0) || (chartPods.ok && chartPods.body.length > 0)) {
      [deployments, podList] = [chartDeployments, chartPods];
      fallback = { by: 'component-label', selector: CHART_CONTROLLER_SELECTOR, deployments: chartDeployments.ok ? chartDeployments.body.map(fallbackDeployment) : [] };
    } else if (chartDeployments.ok && chartPods.ok && chartDeployments.leftOut === 0 && chartPods.leftOut === 0) {
      // nameOverride and a custom controller.component: no label says what it is, its image does.
      // Only after both chart-label lists were read whole: an item left out may be the controller, and
      // another Deployment running its image would then be taken for it (Not checked says it was not identified).
      const byImage = await findByImage(api, ns);
      if (byImage) [deployments, podList, fallback] = byImage;
    }
  }

  const rawPods = wellFormedPods(podList.ok ? podList.body : []);
  const read: ControllerRead = {
    proxyEnv: {},
    configMap: configMap.ok ? configMapFacts(configMap.body, `${ns}/${CONFIGMAP_NAME}`) : { source: `${ns}/${CONFIGMAP_NAME}`, exists: false },
    rawPods,
    pods: [],
    deploymentsListed: deployments.ok,
    ...(fallback && { fallback }),
    unreadable: [],
  };
  const deployment = deployments.ok ? deployments.body[0] : undefined;
  const firstPod = read.rawPods[0];
  let template: Record<string, unknown> | undefined;
  if (deployment) {
    template = obj(deployment.spec?.template?.spec);
    const args = controllerArgs(template);
    read.deployment = {
      name: deployment.metadata?.name ?? '',
      replicas: typeof deployment.spec?.replicas === 'number' ? deployment.spec.replicas : 1,
      readyReplicas: typeof deployment.status?.readyReplicas === 'number' ? deployment.status.readyReplicas : 0,
      // On by default since v1.0; only an explicit false turns it off.
      leaderElect: !args.some((a) => a === '--leader-elect=false'),
      instanceId: argValue(args, '--instance-id'),
    };
    read.podSpec = analyzePodSpec(template, `Deployment ${ns}/${read.deployment.name}`);
  } else if (firstPod) {
    template = obj(firstPod.spec);
    read.podSpec = analyzePodSpec(template, `Pod ${ns}/${firstPod.metadata?.name ?? '?'}`);
  }
  if (template) {
    read.proxyEnv = proxyEnvOf(template);
    for (const name of proxyEnvFromReferences(template)) {
      read.unreadable.push(`${name} of the controller container comes from a ConfigMap or Secret (valueFrom): the probe downloads without it`);
    }
    if (!read.podSpec) read.unreadable.push(`${read.deployment ? 'the Deployment' : 'the pod'} has no containers in its spec`);
  }
  read.image = read.podSpec?.image;
  read.version = versionFromImage(read.podSpec?.image);
  read.pods = read.rawPods.map(podFacts);
  return read;
}

/** At most this many Deployments running the controller image are kept from one namespace. */
const MAX_IMAGE_CANDIDATES = 5;

const fallbackDeployment = (d: Wire<V1Deployment>) => ({ name: d.metadata?.name ?? '', image: text(controllerContainer(obj(d.spec?.template?.spec))?.image) });

/**
 * The Deployments of `ns` whose containers run the controller image (not the dashboard), the first
 * by name inspected, and its pods by its own selector; undefined when none runs it.
 */
async function findByImage(api: ApiReads, ns: string) {
  const found = await api.list<V1Deployment, Wire<V1Deployment>[]>(
    { path: `/apis/apps/v1/namespaces/${ns}/deployments` },
    { verb: 'list', resource: 'deployments', group: 'apps', namespace: ns },
    'the controller found by its image',
    () => [],
    (kept, d) => {
      if (runsControllerImage(obj(d.spec?.template?.spec)) && !isDashboard(d) && kept.length < MAX_IMAGE_CANDIDATES) kept.push(d);
    },
  );
  if (!found.ok || found.body.length === 0) return undefined;
  const candidates = [...found.body].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const chosen = candidates[0]!;
  const selector = matchLabelsSelector(chosen);
  // A selector of matchExpressions only is not rebuilt: its pods are then not read (said by the fallback's evidence).
  const pods = selector
    ? await api.list<V1Pod, Wire<V1Pod>[]>(
        { path: `/api/v1/namespaces/${ns}/pods`, query: { labelSelector: selector } },
        { verb: 'list', resource: 'pods', group: '', namespace: ns },
        'controller pods, their state and logs',
        () => [],
        (kept, pod) => kept.push(pod),
      )
    : { ...found, body: [] as Wire<V1Pod>[] };
  const fallback: ControllerFallback = { by: 'image', deployments: candidates.map(fallbackDeployment), ...(selector && { selector }) };
  return [{ ...found, body: [chosen] as Wire<V1Deployment>[] }, pods, fallback] as const;
}

/** A Deployment's spec.selector.matchLabels as a label selector (its pods); undefined when it has none. */
function matchLabelsSelector(deployment: Wire<V1Deployment>): string | undefined {
  const labels = Object.entries(obj(deployment.spec?.selector?.matchLabels)).filter(([, v]) => typeof v === 'string');
  return labels.length > 0 ? labels.map(([k, v]) => `${k}=${String(v)}`).join(',') : undefined;
}

/**
 * Marks which pod leads (leader true/false on each; left undefined when the Lease cannot be read).
 * The controller names its Lease after --instance-id and keeps it in --leader-election-namespace.
 */
export async function readLeader(api: ApiReads, ns: string, controller: Pick<ControllerRead, 'deployment' | 'podSpec' | 'pods'>): Promise<void> {
  const leaseName = controller.deployment?.instanceId ? `${LEASE_NAME}-${controller.deployment.instanceId}` : LEASE_NAME;
  const leaseNamespace = argValue(controller.podSpec?.args ?? [], '--leader-election-namespace') ?? ns;
  const lease = await api.read<V1Lease>(
    { path: `/apis/coordination.k8s.io/v1/namespaces/${leaseNamespace}/leases/${leaseName}` },
    { verb: 'get', resource: 'leases', group: 'coordination.k8s.io', namespace: leaseNamespace, name: leaseName },
    'which replica is the leader',
  );
  const holder = lease.ok ? lease.body.spec?.holderIdentity : undefined;
  const leaderPod = typeof holder === 'string' ? holder.split('_')[0] : undefined;
  if (leaderPod === undefined) return;
  for (const pod of controller.pods) pod.leader = pod.name === leaderPod;
}

function configMapFacts(configMap: Wire<V1ConfigMap>, source: string): ConfigMapFacts {
  const meta = configMap.metadata;
  const data = Object.fromEntries(Object.entries(obj(configMap.data)).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const times = (meta?.managedFields ?? []).map((f) => f.time).filter((t): t is string => typeof t === 'string').sort();
  return {
    source,
    exists: true,
    data,
    lastChanged: times.at(-1) ?? meta?.creationTimestamp,
    lastChangedFrom: times.length > 0 ? 'managedFields' : meta?.creationTimestamp ? 'creationTimestamp' : undefined,
  };
}

/** The Helm chart labels the dashboard like the controller: it is told apart by its component. */
export function isDashboard(deployment: Wire<V1Deployment>): boolean {
  return deployment.metadata?.labels?.['app.kubernetes.io/component'] === 'rollouts-dashboard';
}

export function argValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) return args[i + 1];
  }
  return undefined;
}

function containerState(status: Wire<V1ContainerStatus>, name: string): ContainerState {
  const { running, waiting, terminated } = status.state ?? {};
  const last = status.lastState?.terminated;
  const kind: ContainerState['state'] = running ? 'running' : waiting ? 'waiting' : terminated ? 'terminated' : 'unknown';
  return {
    name,
    image: status.image,
    ready: status.ready === true,
    restarts: typeof status.restartCount === 'number' ? status.restartCount : 0,
    state: kind,
    reason: waiting?.reason ?? terminated?.reason,
    message: waiting?.message ?? terminated?.message,
    exitCode: typeof terminated?.exitCode === 'number' ? terminated.exitCode : undefined,
    startedAt: running?.startedAt ?? terminated?.startedAt,
    lastTerminated: last
      ? { exitCode: typeof last.exitCode === 'number' ? last.exitCode : undefined, reason: last.reason, startedAt: last.startedAt, finishedAt: last.finishedAt }
      : undefined,
  };
}

function podFacts(pod: Wire<V1Pod>): ControllerPodFacts {
  const name = pod.metadata?.name ?? '';
  const controllerName = controllerContainerName(pod);
  const own = pod.status?.containerStatuses?.find((s) => s.name === controllerName);
  return {
    name,
    phase: pod.status?.phase ?? 'Unknown',
    ready: (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    node: pod.spec?.nodeName,
    controller: own ? containerState(own, controllerName) : undefined,
    initContainers: (pod.status?.initContainerStatuses ?? []).map((s) => containerState(s, s.name ?? '')),
    logs: {},
  };
}

/** The name of the controller container of a pod (whose logs are read). */
export function controllerContainerName(pod: Wire<V1Pod>): string {
  const name = controllerContainer(obj(pod.spec))?.name;
  return typeof name === 'string' ? name : CONTROLLER_CONTAINER;
}

export function toControllerPod(pod: ControllerPodFacts): ControllerPod {
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

/**
 * `quay.io/argoproj/argo-rollouts:v1.8.3` → `v1.8.3`; a digest-only image has no version, nor has a
 * Red Hat build, tagged with its OpenShift GitOps release (the controller's start-up line says it).
 */
export function versionFromImage(image: string | undefined): string | undefined {
  if (isRedHatImage(image)) return undefined;
  const tag = image?.split('@')[0]?.match(/:([^:/]+)$/)?.[1];
  return tag && /^v?\d+\.\d+/.test(tag) ? (tag.startsWith('v') ? tag : `v${tag}`) : undefined;
}

/**
 * A hostile or broken API server can put `null` inside a pod's lists (items with no name at all
 * never get here: api.ts leaves them out): no real pod looks like that, so those are dropped rather
 * than crash doctor.
 */
function wellFormedPods(items: readonly Wire<V1Pod>[]): Wire<V1Pod>[] {
  const clean = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.filter((v) => v !== null && v !== undefined).map(clean)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]))
        : value;
  return items.map((p) => clean(p) as Wire<V1Pod>);
}
