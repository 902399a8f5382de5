/**
 * Every manifest deploy/ ships is valid against the Kubernetes API's schemas (and the Prometheus
 * Operator's CRDs), strictly: the kustomize installs, the CronJob variant and the Helm chart as
 * rendered with its values. test/support/k8s-schema.ts says how; the last tests show that it
 * fails on what the API server would refuse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHelmRender, type Doc, helmTemplate, kustomize } from '../support/deploy.js';
import { schemaErrors } from '../support/k8s-schema.js';

const SCHEMA_TIMEOUT = 60_000; // the type check loads the models' declarations once per call


beforeAll(async () => {
  await buildHelmRender(); // the first build of the renderer takes a minute
});
describe('the shipped manifests are valid Kubernetes objects', () => {
  it.each(['.', 'base', 'cronjob'])('kubectl kustomize deploy/%s', async (dir) => {
    const docs = kustomize(dir);
    expect(docs.length).toBeGreaterThan(0);
    expect(await schemaErrors(docs)).toEqual([]);
  }, SCHEMA_TIMEOUT);

  it.each([
    ['the default values', {}],
    ['mode=cronjob', { mode: 'cronjob' }],
    ['other names, ports and an image', { controllerNamespace: 'rollouts-system', serve: { port: 9090 }, image: { repository: 'registry.example/krp', tag: 'dev' } }],
  ])('the Helm chart with %s', async (_, values) => {
    const { code, docs } = await helmTemplate('krp', 'tools', values);
    expect(code).toBe(0);
    expect(docs.length).toBeGreaterThan(0);
    expect(await schemaErrors(docs)).toEqual([]);
  }, SCHEMA_TIMEOUT);
});

describe('the validation refuses what the API server would', () => {
  const serve = () => structuredClone(kustomize('.'));
  const withKind = (docs: Doc[], kind: string) => docs.find((d) => d.kind === kind) as any;

  it('a misspelled field, at any depth, of a built-in kind and of a CRD', async () => {
    const docs = serve();
    const deployment = withKind(docs, 'Deployment');
    deployment.spec.template.spec.securityContext.runAsNonroot = deployment.spec.template.spec.securityContext.runAsNonRoot;
    delete deployment.spec.template.spec.securityContext.runAsNonRoot;
    withKind(docs, 'PrometheusRule').spec.groups[0].rules[0].forr = '2m';
    withKind(docs, 'ServiceMonitor').spec.endpoints[0].intervall = '1m';
    const errors = await schemaErrors(docs);
    expect(errors).toEqual([
      expect.stringMatching(/^Deployment\/kubectl-rollouts-plugins: .*'runAsNonroot' does not exist/),
      expect.stringMatching(/^PrometheusRule\/kubectl-rollouts-plugins: .*'forr' does not exist/),
      expect.stringMatching(/^ServiceMonitor\/kubectl-rollouts-plugins: .*'intervall' does not exist/),
    ]);
  }, SCHEMA_TIMEOUT);

  it('a value of the wrong type, a value outside an enum, a missing required field', async () => {
    const docs = serve();
    withKind(docs, 'Deployment').spec.replicas = 'one';
    withKind(docs, 'Service').spec.ports[0].protocol = 'HTTP';
    delete withKind(docs, 'ClusterRoleBinding').roleRef.kind;
    const errors = (await schemaErrors(docs)).join('\n');
    expect(errors).toMatch(/Deployment\/kubectl-rollouts-plugins: .*replicas/);
    expect(errors).toMatch(/Service\/kubectl-rollouts-plugins: .*protocol/);
    expect(errors).toMatch(/ClusterRoleBinding\/kubectl-rollouts-plugins: .*kind/);
  }, SCHEMA_TIMEOUT);

  it('a kind it has no schema for is an error, not a pass', async () => {
    expect(await schemaErrors([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }])).toEqual([
      'ConfigMap/x: no schema for v1 ConfigMap in test/support/k8s-schema.ts',
    ]);
  });
});
