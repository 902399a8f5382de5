/**
 * deploy/: what `kubectl apply -k deploy/` installs, built with the real kubectl's kustomize; the
 * RBAC is exactly what `rbac` prints; the container's command lines parse; the shipped alerts pass
 * promtool's checks and unit tests, and the operator's PrometheusRule carries the same groups.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { usageErrorOf } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';
import { DEPLOY, type Doc, kustomize } from '../support/deploy.js';
const kinds = (docs: Doc[]) => docs.map((d) => d.kind).sort();
const podSpecOf = (doc: Doc): Record<string, any> =>
  doc.kind === 'CronJob' ? (doc as any).spec.jobTemplate.spec.template.spec : (doc as any).spec.template.spec;

describe('kubectl apply -k deploy/', () => {
  const docs = kustomize('.');

  it('installs serve, its service account and RBAC, a Service, a ServiceMonitor and the alerts', () => {
    expect(kinds(docs)).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'PrometheusRule', 'Role', 'RoleBinding', 'Service', 'ServiceAccount', 'ServiceMonitor']);
  });

  it('has exactly the RBAC `rbac --serviceaccount` prints, and nothing else grants anything', async () => {
    const { code, stdout } = await runCli(['rbac', '--serviceaccount', 'argo-rollouts:kubectl-rollouts-plugins']);
    expect(code).toBe(0);
    const printed = parseAllDocuments(stdout).map((d) => d.toJS() as Doc);
    const rbacKinds = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
    expect(docs.filter((d) => rbacKinds.includes(d.kind))).toEqual(expect.arrayContaining(printed));
    expect(docs.filter((d) => rbacKinds.includes(d.kind))).toHaveLength(printed.length);
    expect(readFileSync(join(DEPLOY, 'base/rbac.yaml'), 'utf8'), 'regenerate with: kubectl rollouts-plugins rbac --serviceaccount argo-rollouts:kubectl-rollouts-plugins > deploy/base/rbac.yaml').toBe(stdout);
  });

  it('runs serve as non-root with a read-only root file system, a writable /tmp, probes on /healthz and /readyz', async () => {
    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    const pod = podSpecOf(deployment);
    const [container] = pod.containers;
    expect(pod.serviceAccountName).toBe('kubectl-rollouts-plugins');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '2Gi' } }]);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'TMPDIR', value: '/tmp' }, { name: 'XDG_CACHE_HOME', value: '/tmp/cache' }]));
    expect([container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path]).toEqual(['/healthz', '/readyz']);
    expect(container.args[0]).toBe('serve');
    expect(await usageErrorOf(container.args)).toBeUndefined();
    const service = docs.find((d) => d.kind === 'Service') as any;
    const monitor = docs.find((d) => d.kind === 'ServiceMonitor') as any;
    expect(service.spec.selector).toEqual(deployment && (deployment as any).spec.selector.matchLabels);
    expect(monitor.spec.endpoints[0].port).toBe(service.spec.ports[0].name);
    expect(container.ports[0].containerPort).toBe(Number(container.args[container.args.indexOf('--listen') + 1].slice(1)));
  });

  it('the PrometheusRule carries the groups of deploy/alerts/rules.yaml', () => {
    const rule = docs.find((d) => d.kind === 'PrometheusRule') as any;
    expect(rule.spec.groups).toEqual(parse(readFileSync(join(DEPLOY, 'alerts/rules.yaml'), 'utf8')).groups);
    expect(rule.spec.groups[0].rules.map((r: { alert: string }) => r.alert)).toEqual(['ArgoRolloutsWouldNotRestart', 'ArgoRolloutsPluginBrokenNow', 'ArgoRolloutsPluginChecksFailing']);
  });
});

describe('the alert rules', () => {
  it('pass promtool check rules', () => {
    const out = execFileSync('promtool', ['check', 'rules', join(DEPLOY, 'alerts/rules.yaml')], { encoding: 'utf8', timeout: 30_000 });
    expect(out).toContain('SUCCESS: 3 rules found');
  });

  it('pass their promtool unit tests (each alert firing and not)', () => {
    const out = execFileSync('promtool', ['test', 'rules', join(DEPLOY, 'alerts/rules.test.yaml')], { encoding: 'utf8', timeout: 60_000, cwd: join(DEPLOY, 'alerts') });
    expect(out).toContain('SUCCESS');
  });

  it('only name metrics serve exports', async () => {
    const { REPORT_METRICS, SERVE_METRICS } = await import('../../src/render/prometheus.js');
    const names = new Set<string>([...Object.values(REPORT_METRICS), ...Object.values(SERVE_METRICS)].map((m) => m.name));
    const text = readFileSync(join(DEPLOY, 'alerts/rules.yaml'), 'utf8');
    const used = [...text.matchAll(/\b(rollouts_plugins_\w+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((n) => !names.has(n))).toEqual([]);
  });
});

describe('kubectl apply -k deploy/cronjob/', () => {
  const docs = kustomize('cronjob');

  it('runs doctor on a schedule with the same RBAC, non-root and read-only, and no long-running serve', async () => {
    expect(kinds(docs)).toEqual(['ClusterRole', 'ClusterRoleBinding', 'CronJob', 'Role', 'RoleBinding', 'ServiceAccount']);
    const pod = podSpecOf(docs.find((d) => d.kind === 'CronJob')!);
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0].args[0]).toBe('doctor');
    expect(await usageErrorOf(pod.containers[0].args)).toBeUndefined();
  });
});
