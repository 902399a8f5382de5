/** What the cluster step learned, for the cluster checks (src/checks/cluster/) and the other steps. */
import type { ConfigurationInput } from '../config/sources.js';
import type { PluginEntry, PluginReference } from '../config/types.js';
import type { ControllerFeatures } from '../config/version.js';
import type { ControllerInfo } from '../core/report.js';
import type { DeadlineFlag } from '../core/deadline.js';
import type { ControllerDownload } from '../probe/types.js';
import type { KubectlConnection } from './kubectl-command.js';
import type { LoadedPlugin, LogMatch } from './logs.js';

/** What every recorded failure or list read in part says about the read itself. */
export interface ReadPurpose {
  /** What the tool could not check because of it. */
  skipped: string;
  /**
   * A read made only to find the controller's namespace (discovery): once that is known, the
   * controller is read there directly, and this read can only have hidden another installation.
   */
  search?: true;
}

/** What a request reads, in RBAC terms: the permission it needs, and which verdict its failure leaves open. */
export interface ReadAccess {
  verb: string;
  /** `pods`, `pods/log`, `leases`... */
  resource: string;
  /** API group, '' for the core group. */
  group: string;
  /** Absent: cluster scope, or every namespace. */
  namespace?: string;
  name?: string;
}

/** A request the user's credentials were not allowed to make (401/403), or an object that is missing (404). */
export interface PermissionFailure extends ReadPurpose, ReadAccess {
  status: number;
  /** The apiserver's message, verbatim. */
  message: string;
}

/** A request that failed for another reason: timeout, 5xx after retries, malformed or cut-off JSON. */
export interface ApiProblem extends ReadPurpose, ReadAccess {
  /** What the tool was reading, e.g. `get pods/log p in argo-rollouts`. */
  what: string;
  path: string;
  kind: string;
  status?: number;
  message: string;
  /** 0: never sent, the run's signal had fired before (kind `cancelled`). */
  attempts: number;
  /** For kind `cancelled`: what ended it, the deadline of a flag (--timeout, a fleet cluster's --cluster-timeout) or an interruption (Ctrl-C). */
  cancelledBy?: DeadlineFlag | 'interrupted';
  /** For kinds timeout and cancelled: the request had reached the server (ApiFailure.reached), which did not answer. */
  reached?: boolean;
}

/**
 * A list answered with items that are no object with a name (null, a number, a nameless object):
 * those were left out, the rest read and judged; what the left-out ones could change stays open.
 */
export interface PartialList extends ReadPurpose, ReadAccess {
  /** What the tool was reading, e.g. `list pods in argo-rollouts`. */
  what: string;
  path: string;
  /** The path with the list's own query (selectors, not paging): what `kubectl get --raw` reads again. */
  request: string;
  listed: number;
  leftOut: number;
}

/** One controller installation found by discovery. */
export interface Installation {
  namespace: string;
  deployment?: string;
  configMap: boolean;
  pods: string[];
  /** From --instance-id, when set. */
  instanceId?: string;
}

/**
 * How the controller was found when no object is labelled app.kubernetes.io/name=argo-rollouts
 * (a Helm install with nameOverride, with or without a custom controller.component).
 */
export interface ControllerFallback {
  /** The chart's component label, or (no label fits) the controller image. */
  by: 'component-label' | 'image';
  /** The label selector its Deployments and pods were listed by (image: the pods', from the Deployment's selector). */
  selector?: string;
  /** The Deployments found that way, by name; the first is the one inspected. */
  deployments: { name: string; image?: string }[];
}

export interface ContainerState {
  name: string;
  image?: string;
  ready: boolean;
  restarts: number;
  /** running, waiting, terminated, or unknown when the status is missing. */
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  reason?: string;
  message?: string;
  exitCode?: number;
  startedAt?: string;
  lastTerminated?: { exitCode?: number; reason?: string; startedAt?: string; finishedAt?: string };
}

export interface ControllerPodFacts {
  name: string;
  phase: string;
  ready: boolean;
  node?: string;
  leader?: boolean;
  controller?: ContainerState;
  initContainers: ContainerState[];
  /** The last lines (bounded) of the current and previous controller container, when read. */
  logs: { current?: string; previous?: string };
}

export interface VolumeMountFacts {
  name: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
  /** emptyDir, configMap, persistentVolumeClaim... or `missing` when no volume has that name. */
  volumeKind: string;
}

export interface InitContainerFacts {
  name: string;
  image?: string;
  command: string[];
  mounts: VolumeMountFacts[];
}

/** The controller container as the pod template (or a pod) defines it. */
export interface PodSpecFacts {
  /** `Deployment argo-rollouts/argo-rollouts` or `Pod argo-rollouts/<name>`. */
  source: string;
  containerName: string;
  image?: string;
  args: string[];
  workingDir: string;
  readOnlyRootFilesystem: boolean;
  mounts: VolumeMountFacts[];
  /** TMPDIR from the container env, else /tmp (Go's os.TempDir). */
  tempDir: string;
  initContainers: InitContainerFacts[];
  ephemeralStorageLimit?: string;
  serviceAccount: string;
  nodeSelector: Record<string, string>;
  /** kubernetes.io/arch values required by node affinity, if any. */
  affinityArchs: string[];
  /** Env from ConfigMaps/Secrets (envFrom): proxy variables may hide there, values unknown. */
  envFrom: string[];
}

export interface ConfigMapFacts {
  /** `argo-rollouts/argo-rollouts-config`. */
  source: string;
  exists: boolean;
  data?: Record<string, string>;
  /** Latest managedFields time, else creationTimestamp. */
  lastChanged?: string;
  lastChangedFrom?: 'managedFields' | 'creationTimestamp';
}

export interface HeaderSecretFacts {
  name: string;
  /** `unknown` when reading it was forbidden or failed. */
  exists: boolean | 'unknown';
  /** Header names the controller would send (data keys); values are never read into facts. */
  headerNames: string[];
  /** Plugins whose headersFrom references it. */
  plugins: string[];
}

export interface NodePlatform {
  os: string;
  arch: string;
  /** `node node-a`, `nodeSelector`, `node affinity`, `all nodes`. */
  from: string;
}

export interface WarningEvent {
  object: string;
  reason: string;
  message: string;
  count: number;
  lastSeen?: string;
}

export interface PluginPermissionCheck {
  plugin: string;
  serviceAccount: string;
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  /** `unknown` when the SubjectAccessReview itself could not be made. */
  allowed: boolean | 'unknown';
}

export interface ClusterFacts {
  server: string;
  /** The server is plain http: no credentials were sent to it, as kubectl sends none (ResolvedKubeconfig.plainHttp). */
  plainHttp: boolean;
  context?: string;
  /** The flags that chose this cluster, as kubectl arguments: every command a check prints carries them. */
  kubectlConnection: KubectlConnection;
  /** The configuration the run judges, as a printed doctor judges it again (config/sources.ts configurationInput); absent: not said (inspect alone). */
  configurationInput?: ConfigurationInput;
  /** The controller namespace inspected, when one was found or given. */
  namespace?: string;
  /** How it was chosen. */
  namespaceFrom: 'flag' | 'discovered' | 'fallback' | 'none';
  installations: Installation[];
  /** Set when the controller was found another way than by its usual labels. */
  controllerFallback?: ControllerFallback;
  controller: ControllerInfo;
  deployment?: { name: string; replicas?: number; readyReplicas?: number; leaderElect: boolean; instanceId?: string };
  pods: ControllerPodFacts[];
  podSpec?: PodSpecFacts;
  configMap: ConfigMapFacts;
  /** The ConfigMap's entries as the config step parses them (empty without a parser or data). */
  plugins: PluginEntry[];
  /** What the release the configuration is judged at understands (its ConfigFacts.features); absent without a subject. */
  features?: ControllerFeatures;
  /** Log lines matching known failure messages, every pod, current and previous, oldest first per log. */
  logMatches: LogMatch[];
  /** Per pod and instance whose start-up is in the logs read: the plugins it downloaded or copied. */
  loadedPlugins: { pod: string; previous: boolean; plugins: LoadedPlugin[] }[];
  /** HTTP(S)_PROXY / NO_PROXY of the controller container (upper and lower case), for the probe. */
  proxyEnv: Record<string, string>;
  nodePlatforms: NodePlatform[];
  headerSecrets: HeaderSecretFacts[];
  warningEvents: WarningEvent[];
  pluginPermissions: PluginPermissionCheck[];
  /** The plugins Rollouts, AnalysisTemplates and ClusterAnalysisTemplates name (for the usage step); the objects are not kept. */
  pluginReferences: PluginReference[];
  /** How many of each were listed; a kind is absent when its list could not be read. */
  usageListed: Partial<Record<'Rollout' | 'AnalysisTemplate' | 'ClusterAnalysisTemplate', number>>;
  permissionFailures: PermissionFailure[];
  apiProblems: ApiProblem[];
  partialLists: PartialList[];
  /** Things read but not understood (odd objects, unparseable log lines), in words. */
  unreadable: string[];
}

/**
 * A list that could hold the controller came back with items left out, so its absence is not known:
 * in the controller's namespace its pods or Deployments; without one, any list of pods, Deployments or ConfigMaps.
 */
export function controllerListsReadInPart(facts: Pick<ClusterFacts, 'namespace' | 'partialLists'>): boolean {
  const { namespace } = facts;
  return facts.partialLists.some((p) =>
    namespace ? (p.resource === 'pods' || p.resource === 'deployments') && p.namespace === namespace : ['pods', 'deployments', 'configmaps'].includes(p.resource),
  );
}

/** The reads that left something unseen: refused (401/403) or failed. A 404 is an answer: the object is missing. */
export function unfinishedReads(facts: Pick<ClusterFacts, 'permissionFailures' | 'apiProblems'>): (PermissionFailure | ApiProblem)[] {
  return [...facts.permissionFailures.filter((f) => f.status !== 404), ...facts.apiProblems];
}

/**
 * The reads that could have found the controller did not all finish: refused, failed, cut short by
 * the run's end or read in part. Without a namespace, any read of the search for one (discovery); in
 * the controller's namespace, the lists of its pods and Deployments (the search's reads no longer
 * matter there). Its absence is then not known: controller-not-found is not reported.
 */
export function controllerSearchUnfinished(facts: Pick<ClusterFacts, 'namespace' | 'permissionFailures' | 'apiProblems' | 'partialLists'>): boolean {
  const { namespace } = facts;
  const couldFindIt = (read: ReadPurpose & ReadAccess): boolean =>
    namespace === undefined ? read.search === true : read.search !== true && read.namespace === namespace && (read.resource === 'pods' || read.resource === 'deployments');
  return controllerListsReadInPart(facts) || unfinishedReads(facts).some(couldFindIt);
}

/**
 * The controller's own download of an entry (the same name and location), as its pods show: a
 * running, ready container whose log has it downloading the entry at its start (every download
 * comes before the controller runs, so it worked), or a fatal line about that location.
 */
export function controllerDownloadOf(facts: Pick<ClusterFacts, 'pods' | 'loadedPlugins' | 'logMatches'>, entry: Pick<PluginEntry, 'name' | 'location'>): ControllerDownload | undefined {
  const running = new Set(facts.pods.filter((p) => p.ready && p.controller?.state === 'running' && p.controller.ready).map((p) => p.name));
  const loaded = facts.loadedPlugins.find(
    (l) => !l.previous && running.has(l.pod) && l.plugins.some((p) => p.how === 'downloaded' && p.name === entry.name && p.location === entry.location),
  );
  if (loaded) return { result: 'loaded', pod: loaded.pod };
  const fatal = facts.logMatches.find((m) => m.signature === 'fatal-download' && m.plugin === entry.name && m.line.msg.includes(entry.location));
  return fatal ? { result: 'failed', pod: fatal.pod, line: fatal.line.msg } : undefined;
}
