/** Small helpers the cluster checks share: plugin references, quoting log lines, kubectl commands, the grant of a refused access. */
import { CONTROLLER_CONTAINER, DEFAULT_CONTROLLER_DEPLOYMENT, DEFAULT_CONTROLLER_NAMESPACE } from '../../cluster/podspec.js';
import type { ClusterFacts } from '../../cluster/facts.js';
import { parsePathRefusal, parseRefusal, serviceAccountOf } from '../../cluster/forbidden.js';
import { kubectlCommand, rolloutsPluginsCommand } from '../../cluster/kubectl-command.js';
import { absPath, parseRequestURI } from '../../config/gourl.js';
import { rerunArgs } from '../../config/sources.js';
import type { LogMatch } from '../../cluster/logs.js';
import type { PluginRef } from '../../core/finding.js';

/** The PluginRef for a plugin name, when the ConfigMap (as parsed) has it. */
export function pluginRef(facts: ClusterFacts, name: string | undefined): PluginRef | undefined {
  const entry = name ? facts.plugins.find((p) => p.name === name) : undefined;
  return entry ? { name: entry.name, type: entry.type } : undefined;
}

/** `pod X (previous container): <the line>` — the evidence form of a log line. */
export function quote(match: LogMatch): string {
  return `${match.pod}${match.previous ? ' (previous container)' : ''}: ${match.line.raw}`;
}

export function namespaceOf(facts: ClusterFacts): string {
  return facts.namespace ?? DEFAULT_CONTROLLER_NAMESPACE;
}

export function containerOf(facts: ClusterFacts): string {
  return facts.podSpec?.containerName ?? CONTROLLER_CONTAINER;
}

export function deploymentOf(facts: ClusterFacts): string {
  return facts.deployment?.name ?? DEFAULT_CONTROLLER_DEPLOYMENT;
}

/** `kubectl ARGS [PIPE]` against the cluster this report is about (the run's --kubeconfig, --context...). */
export function kubectl(facts: ClusterFacts, args: string[], pipe?: string): string {
  return kubectlCommand(facts.kubectlConnection, args, pipe);
}

/** `kubectl rollouts-plugins doctor ARGS` against the cluster this report is about, judging what this run judged (its -f input, --controller-version). */
export function doctorCommand(facts: ClusterFacts, args: string[]): string {
  return rolloutsPluginsCommand(facts.kubectlConnection, ['doctor', ...args, ...rerunArgs(facts.configurationInput)]);
}

/**
 * `<what>: kubectl … logs …`; when this run was refused `get pods/log` (403), the fix says that
 * reading it needs that permission first, instead of a command the report knows will be refused.
 */
export function readLogFix(facts: ClusterFacts, what: string, logsArgs: string[]): string {
  const refused = facts.permissionFailures.some((f) => f.resource === 'pods/log' && f.status === 403);
  const command = kubectl(facts, ['-n', namespaceOf(facts), 'logs', ...logsArgs]);
  return refused
    ? `${what}: reading it needs get pods/log in ${namespaceOf(facts)}, which was refused to this run (cluster-access-denied has the role that grants it); once granted: ${command}`
    : `${what}: ${command}`;
}

/** The command that restarts the controller so it re-reads the ConfigMap and re-downloads plugins. */
export function restartCommand(facts: ClusterFacts): string {
  return kubectl(facts, ['-n', namespaceOf(facts), 'rollout', 'restart', `deployment/${deploymentOf(facts)}`]);
}

/**
 * Why a controller log line is about an earlier configuration than the ConfigMap holds now, in words;
 * undefined when nothing read says so. The controller reads the ConfigMap once, at start-up: a line
 * older than the ConfigMap's last change, or fetching a location its entry no longer has, tells of
 * the configuration it read then.
 */
export function earlierConfiguration(facts: ClusterFacts, match: LogMatch): string | undefined {
  const changed = facts.configMap.lastChanged;
  const logged = match.line.time;
  if (changed && logged && Date.parse(logged) < Date.parse(changed)) {
    return `${facts.configMap.source} changed at ${changed} (${facts.configMap.lastChangedFrom === 'creationTimestamp' ? 'created' : 'metadata.managedFields'}), after this line (${logged})`;
  }
  if (match.signature !== 'fatal-download' || !match.plugin || facts.plugins.length === 0) return undefined;
  const entry = facts.plugins.find((p) => p.name === match.plugin);
  if (!entry) return `${match.plugin} is no longer in ${facts.configMap.source}`;
  if (match.location !== undefined && match.location !== entry.location) return `the controller was fetching ${match.location}; ${entry.name}'s location is now ${entry.location}`;
  return undefined;
}

/** Matches of some signatures, one per (plugin, message) so HA replicas do not repeat a finding. */
export function distinctMatches(facts: ClusterFacts, signatures: readonly string[]): LogMatch[][] {
  const groups = new Map<string, LogMatch[]>();
  for (const match of facts.logMatches.filter((m) => signatures.includes(m.signature))) {
    const key = `${match.plugin ?? ''}\u0000${match.line.msg}`;
    groups.set(key, [...(groups.get(key) ?? []), match]);
  }
  return [...groups.values()];
}

/** Evidence for a group of identical lines: the first quoted, then where else it appeared. */
export function groupEvidence(group: readonly LogMatch[]): string[] {
  const first = group[0]!;
  const others = [...new Set(group.slice(1).map((m) => `${m.pod}${m.previous ? ' (previous)' : ''}`))].filter((p) => p !== `${first.pod}${first.previous ? ' (previous)' : ''}`);
  return [quote(first), ...(others.length ? [`also logged by ${others.join(', ')}`] : [])];
}

/**
 * The path the controller copies a file:// plugin from: Go's `filepath.Abs(u.Host + u.Path)` run in
 * the pod's working directory, so `file:///opt/p` is /opt/p and `file://plugins/p` is <workdir>/plugins/p.
 */
export function fileLocationPath(location: string, workingDir: string): string | undefined {
  const parsed = parseRequestURI(location);
  if (!('url' in parsed) || parsed.url.scheme !== 'file') return undefined;
  return absPath(parsed.url.host + parsed.url.path, workingDir);
}

/** Whether the ConfigMap configures any plugin (parsed entries, or non-empty plugin keys when unparsed). */
export function hasPlugins(facts: ClusterFacts): boolean {
  if (facts.plugins.length > 0) return true;
  const data = facts.configMap.data ?? {};
  return ['trafficRouterPlugins', 'metricProviderPlugins', 'stepPlugins'].some((k) => (data[k] ?? '').trim() !== '' && (data[k] ?? '').trim() !== '[]');
}

/** A YAML patch adding an emptyDir volume mounted at `mountPath` in the controller container. */
export function emptyDirPatch(facts: ClusterFacts, volume: string, mountPath: string): string {
  const container = containerOf(facts);
  return [
    `Add an emptyDir at ${mountPath} to the controller container (${kubectl(facts, ['-n', namespaceOf(facts), 'edit', `deployment/${deploymentOf(facts)}`])}, or your Helm values / kustomization):`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${container}`,
    '          volumeMounts:',
    `            - name: ${volume}`,
    `              mountPath: ${mountPath}`,
    '      volumes:',
    `        - name: ${volume}`,
    '          emptyDir: {}',
  ].join('\n');
}

/** What a log line's RBAC refusal says the controller's service account (or a plugin running as it) may not do, and how to grant it. */
export interface RefusedAccess {
  /** `namespace:name`, as --serviceaccount takes it. */
  serviceAccount: string;
  verb: string;
  /** `httproutes.gateway.networking.k8s.io in shop`, `path /version`. */
  refused: string;
  /** A Role (a ClusterRole at the cluster scope, or for a path) granting it, and the command binding it to the service account. */
  grant: string;
}

/**
 * The access a service account was refused, as the message quotes it (forbidden.ts reads it): of a
 * resource, when the message names its API group; of a path (discovery, /version). Undefined when no
 * service account was refused or the message was cut before it said what.
 */
export function refusedAccess(facts: ClusterFacts, message: string): RefusedAccess | undefined {
  const resource = parseRefusal(message);
  if (resource) {
    const serviceAccount = serviceAccountOf(resource.user);
    if (resource.group === undefined || serviceAccount === undefined) return undefined;
    const { group, namespace, verb } = resource;
    const rules = [`  - apiGroups: ["${group}"]`, `    resources: [${resource.resource}]`, `    verbs: [${[...new Set(['get', verb])].join(', ')}]`];
    return {
      serviceAccount,
      verb,
      refused: `${resource.resource}${group ? `.${group}` : ''}${namespace ? ` in ${namespace}` : ''}`,
      grant: grantToServiceAccount(facts, `argo-rollouts-plugin-${resource.resource.replace(/\W/g, '-')}`, namespace, rules, serviceAccount),
    };
  }
  const path = parsePathRefusal(message);
  const serviceAccount = path && serviceAccountOf(path.user);
  if (!path || serviceAccount === undefined) return undefined;
  // A path is granted by nonResourceURLs, in a ClusterRole only: paths have no namespace.
  const name = `argo-rollouts-plugin-path${path.path.replace(/\W+/g, '-').replace(/-$/, '')}`;
  return { serviceAccount, verb: path.verb, refused: `path ${path.path}`, grant: grantToServiceAccount(facts, name, undefined, [`  - nonResourceURLs: [${JSON.stringify(path.path)}]`, `    verbs: [${path.verb}]`], serviceAccount) };
}

/** A Role in `namespace` (a ClusterRole without one) granting `rules` (YAML lines), and the command binding it to `serviceAccount` (`namespace:name`). */
function grantToServiceAccount(facts: ClusterFacts, name: string, namespace: string | undefined, rules: string[], serviceAccount: string): string {
  return [
    'apiVersion: rbac.authorization.k8s.io/v1',
    `kind: ${namespace ? 'Role' : 'ClusterRole'}`,
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'rules:',
    ...rules,
    '---',
    `then bind it: ${kubectl(facts, [...(namespace ? ['-n', namespace, 'create', 'rolebinding'] : ['create', 'clusterrolebinding']), name, `--${namespace ? 'role' : 'clusterrole'}=${name}`, `--serviceaccount=${serviceAccount}`])}`,
  ].join('\n');
}
