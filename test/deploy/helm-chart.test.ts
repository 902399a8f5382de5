/**
 * deploy/helm/kubectl-rollouts-plugins: with its default values the chart installs what
 * `kubectl apply -k deploy/` does, object by object (Helm's labels aside); its RBAC is what `rbac`
 * prints for the release's service account; its toggles and mode switch what is installed; the
 * alerts come from the one source, deploy/alerts/rules.yaml. Rendered by test/go/helm-render,
 * which is not Helm itself (test/support/deploy.ts).
 */
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { usageErrorOf } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';
import { buildHelmRender, byIdentity, CHART, DEPLOY, type Doc, helmTemplate, kustomize, withoutHelmLabels } from '../support/deploy.js';
import { REPO_ROOT } from '../support/go-build.js';

const RBAC_KINDS = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
const kinds = (docs: Doc[]) => docs.map((d) => d.kind).sort();
const find = (docs: Doc[], kind: string) => docs.find((d) => d.kind === kind) as any;

async function rbacPrinted(serviceAccount: string, controllerNamespace: string): Promise<Doc[]> {
  const { code, stdout } = await runCli(['rbac', '--serviceaccount', serviceAccount, '--namespace', controllerNamespace]);
  expect(code).toBe(0);
  return parseAllDocuments(stdout).map((d) => d.toJS() as Doc);
}


beforeAll(async () => {
  await buildHelmRender(); // the first build of the renderer takes a minute
});
describe('helm template kubectl-rollouts-plugins deploy/helm/kubectl-rollouts-plugins -n argo-rollouts', () => {
  it('with the default values, installs what kubectl apply -k deploy/ does, object by object', async () => {
    const { code, docs, stderr } = await helmTemplate('kubectl-rollouts-plugins', 'argo-rollouts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const fromKustomize = byIdentity(kustomize('.'));
    expect(kinds(docs)).toEqual(kinds(fromKustomize));
    expect(byIdentity(docs.map(withoutHelmLabels))).toEqual(fromKustomize);
  });

  it("labels every object with the chart's labels and selects serve's pods by name and release", async () => {
    const { docs } = await helmTemplate('krp', 'monitoring');
    for (const doc of docs) expect(doc.metadata.labels, `${doc.kind} labels`).toMatchObject({ 'app.kubernetes.io/instance': 'krp', 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'kubectl-rollouts-plugins-0.1.0' });
    const selector = { 'app.kubernetes.io/name': 'kubectl-rollouts-plugins', 'app.kubernetes.io/instance': 'krp' };
    expect(find(docs, 'Deployment').spec.selector.matchLabels).toEqual(selector);
    expect(find(docs, 'Deployment').spec.template.metadata.labels).toMatchObject(selector);
    expect(find(docs, 'Service').spec.selector).toEqual(selector);
    expect(find(docs, 'ServiceMonitor').spec.selector.matchLabels).toEqual(selector);
  });

  it("has exactly the RBAC `rbac --serviceaccount <release namespace>:<name> -n <controllerNamespace>` prints, whatever the names", async () => {
    const { docs } = await helmTemplate('watch', 'tools', { controllerNamespace: 'rollouts-system' });
    const account = find(docs, 'ServiceAccount');
    expect(account.metadata).toMatchObject({ name: 'watch-kubectl-rollouts-plugins', namespace: 'tools' });
    const printed = await rbacPrinted('tools:watch-kubectl-rollouts-plugins', 'rollouts-system');
    expect(byIdentity(docs.filter((d) => RBAC_KINDS.includes(d.kind)).map(withoutHelmLabels))).toEqual(byIdentity(printed));
    const pod = find(docs, 'Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe('watch-kubectl-rollouts-plugins');
    expect(pod.containers[0].args.slice(0, 3)).toEqual(['serve', '--namespace', 'rollouts-system']);
  });

  it('the PrometheusRule carries the groups of deploy/alerts/rules.yaml, read through a link to that one file', async () => {
    const link = join(CHART, 'files/rules.yaml');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(join(CHART, 'files', readlinkSync(link))).toBe(join(DEPLOY, 'alerts/rules.yaml'));
    const { docs } = await helmTemplate('kubectl-rollouts-plugins', 'argo-rollouts');
    expect(find(docs, 'PrometheusRule').spec).toEqual({ groups: parse(readFileSync(join(DEPLOY, 'alerts/rules.yaml'), 'utf8')).groups });
  });

  it("serve's and the CronJob's command lines parse, with the values' flags", async () => {
    const serve = await helmTemplate('krp', 'argo-rollouts', { serve: { port: 9090, interval: '10m', timeout: '3m' } });
    const container = find(serve.docs, 'Deployment').spec.template.spec.containers[0];
    expect(container.args).toEqual(['serve', '--namespace', 'argo-rollouts', '--listen', ':9090', '--interval', '10m', '--timeout', '3m']);
    expect(await usageErrorOf(container.args)).toBeUndefined();
    expect(container.ports[0].containerPort).toBe(9090);
    expect(find(serve.docs, 'Service').spec.ports[0].port).toBe(9090);
    const cron = await helmTemplate('krp', 'argo-rollouts', { mode: 'cronjob', cronJob: { timeout: '4m' } });
    const args = find(cron.docs, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].args;
    expect(args).toEqual(['doctor', '--namespace', 'argo-rollouts', '--output', 'json', '--timeout', '4m']);
    expect(await usageErrorOf(args)).toBeUndefined();
  });

  it("runs the chart's appVersion image by default, package.json's version; image.tag overrides it", async () => {
    const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;
    const chart = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
    expect([chart.version, chart.appVersion]).toEqual([version, `v${version}`]);
    const image = (docs: Doc[]) => find(docs, 'Deployment').spec.template.spec.containers[0].image;
    expect(image((await helmTemplate('krp', 'ns')).docs)).toBe(`ghcr.io/kubectl-rollouts-plugins/kubectl-rollouts-plugins:v${version}`);
    expect(image((await helmTemplate('krp', 'ns', { image: { repository: 'registry.example/krp', tag: 'dev' } })).docs)).toBe('registry.example/krp:dev');
  });
});

describe('the values toggles', () => {
  it('serviceMonitor.enabled=false and prometheusRule.enabled=false leave out the Prometheus Operator objects: deploy/base/', async () => {
    const { docs } = await helmTemplate('kubectl-rollouts-plugins', 'argo-rollouts', { serviceMonitor: { enabled: false }, prometheusRule: { enabled: false } });
    expect(byIdentity(docs.map(withoutHelmLabels))).toEqual(byIdentity(kustomize('base')));
    const onlyRule = await helmTemplate('kubectl-rollouts-plugins', 'argo-rollouts', { serviceMonitor: { enabled: false } });
    expect(kinds(onlyRule.docs)).toContain('PrometheusRule');
    expect(kinds(onlyRule.docs)).not.toContain('ServiceMonitor');
  });

  it('mode=cronjob installs what kubectl apply -k deploy/cronjob/ does: no serve, Service, ServiceMonitor or alerts', async () => {
    const { code, docs } = await helmTemplate('kubectl-rollouts-plugins', 'argo-rollouts', { mode: 'cronjob' });
    expect(code).toBe(0);
    expect(byIdentity(docs.map(withoutHelmLabels))).toEqual(byIdentity(kustomize('cronjob')));
  });

  it('an unknown mode stops the install with a message saying which modes exist', async () => {
    const { code, stderr } = await helmTemplate('krp', 'argo-rollouts', { mode: 'daemonset' });
    expect(code).toBe(1);
    expect(stderr).toContain('mode is "daemonset": it must be serve or cronjob');
  });

  it('an empty controllerNamespace stops the install instead of rendering a Role without a namespace', async () => {
    const { code, stderr } = await helmTemplate('krp', 'argo-rollouts', { controllerNamespace: '' });
    expect(code).toBe(1);
    expect(stderr).toContain('controllerNamespace is required');
  });
});
