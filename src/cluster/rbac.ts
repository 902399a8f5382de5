/**
 * What this tool needs to read: the `rbac` command prints it as a minimal read-only ClusterRole +
 * Role, serve's watches included (what plugins need from the controller's service account is in config/known-plugins.ts).
 */
import { DEFAULT_CONTROLLER_NAMESPACE } from './podspec.js';
import { stringify } from 'yaml';

export interface ToolPermission {
  group: string;
  resource: string;
  verbs: string[];
  /** `cluster`: needed across namespaces (discovery, usage, nodes); `namespace`: in the controller namespace only. */
  scope: 'cluster' | 'namespace';
  why: string;
}

/** Every request the cluster step makes, and why; inspect and the `rbac` command share it. */
export const TOOL_PERMISSIONS: readonly ToolPermission[] = [
  { group: '', resource: 'pods', verbs: ['get', 'list'], scope: 'cluster', why: 'find controller pods in every namespace' },
  { group: '', resource: 'configmaps', verbs: ['get', 'list'], scope: 'cluster', why: 'find argo-rollouts-config in every namespace' },
  { group: 'apps', resource: 'deployments', verbs: ['get', 'list'], scope: 'cluster', why: 'controller image, replicas and pod template' },
  { group: '', resource: 'nodes', verbs: ['get', 'list'], scope: 'cluster', why: 'OS/arch the plugins must be built for' },
  { group: '', resource: 'events', verbs: ['list'], scope: 'cluster', why: 'Warning events about plugins, on Rollouts too' },
  { group: 'argoproj.io', resource: 'rollouts', verbs: ['get', 'list'], scope: 'cluster', why: 'which Rollouts use which plugin' },
  { group: 'argoproj.io', resource: 'analysistemplates', verbs: ['get', 'list'], scope: 'cluster', why: 'which AnalysisTemplates use which plugin' },
  { group: 'argoproj.io', resource: 'clusteranalysistemplates', verbs: ['get', 'list'], scope: 'cluster', why: 'which ClusterAnalysisTemplates use which plugin' },
  { group: 'authorization.k8s.io', resource: 'subjectaccessreviews', verbs: ['create'], scope: 'cluster', why: 'ask whether the controller may do what its plugins need (changes nothing)' },
  { group: '', resource: 'pods/log', verbs: ['get'], scope: 'namespace', why: 'controller logs, current and previous' },
  { group: 'coordination.k8s.io', resource: 'leases', verbs: ['get'], scope: 'namespace', why: 'which replica is the leader' },
  { group: '', resource: 'secrets', verbs: ['get'], scope: 'namespace', why: 'headersFrom Secrets exist and which header names they add (values are never shown)' },
  { group: '', resource: 'pods', verbs: ['watch'], scope: 'namespace', why: 'serve: run at once when a controller pod changes' },
  { group: '', resource: 'configmaps', verbs: ['watch'], scope: 'namespace', why: 'serve: run at once when argo-rollouts-config changes' },
];

export interface RbacOptions {
  /** Controller namespace for the Role (default argo-rollouts). */
  namespace?: string;
  /** Name of the roles and bindings (default kubectl-rollouts-plugins). */
  name?: string;
  /** Subject to bind; absent: no bindings, just the roles. */
  subject?: { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string };
}

/**
 * A minimal read-only ClusterRole (cluster-wide reads) and Role (controller namespace): YAML documents
 * under a comment saying why each permission, or (json) one v1 List, as `kubectl create -o json` prints
 * several objects; `kubectl apply -f` takes both.
 */
export function rbacManifests(options: RbacOptions = {}, format: 'yaml' | 'json' = 'yaml'): string {
  const namespace = options.namespace ?? DEFAULT_CONTROLLER_NAMESPACE;
  const name = options.name ?? 'kubectl-rollouts-plugins';
  const rules = (scope: ToolPermission['scope']): unknown[] => {
    const byGroup = new Map<string, Map<string, string[]>>();
    for (const p of TOOL_PERMISSIONS.filter((t) => t.scope === scope)) {
      const verbsKey = p.verbs.join(',');
      const group = byGroup.get(p.group) ?? new Map<string, string[]>();
      group.set(verbsKey, [...(group.get(verbsKey) ?? []), p.resource]);
      byGroup.set(p.group, group);
    }
    return [...byGroup].flatMap(([group, byVerbs]) =>
      [...byVerbs].map(([verbs, resources]) => ({ apiGroups: [group], resources, verbs: verbs.split(',') })),
    );
  };
  const documents: unknown[] = [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: rules('cluster') },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules: rules('namespace') },
  ];
  if (options.subject) {
    const subject = { kind: options.subject.kind, name: options.subject.name, ...(options.subject.kind === 'ServiceAccount' ? { namespace: options.subject.namespace ?? namespace } : { apiGroup: 'rbac.authorization.k8s.io' }) };
    documents.push(
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [subject] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [subject] },
    );
  }
  if (format === 'json') return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: documents }, null, 2)}\n`;
  const header = [
    '# Read-only access for kubectl rollouts-plugins.',
    ...TOOL_PERMISSIONS.map((p) => `#   ${p.verbs.join('/')} ${p.resource}${p.group ? `.${p.group}` : ''} (${p.scope === 'cluster' ? 'cluster-wide' : namespace}): ${p.why}`),
    '# Without the ClusterRole, pass -n <controller namespace>: discovery then stays in that namespace.',
  ].join('\n');
  return `${header}\n${documents.map((d) => stringify(d)).join('---\n')}`;
}
