/**
 * Many Rollouts and AnalysisTemplates the size of real ones (pod template, canary steps, managedFields,
 * status with conditions, about 7 KB of JSON each), spread over namespaces, for paging tests and the
 * scale benchmark. One Rollout in `routerEvery` routes through the Gateway API plugin.
 *
 * Importable by a plain Node 24 script (the benches, the demo): erasable TypeScript only.
 */

type Json = Record<string, unknown>;

export interface BigClusterOptions {
  rollouts: number;
  /** AnalysisTemplates (default rollouts / 5). */
  analysisTemplates?: number;
  namespaces?: number;
  /** One Rollout in this many names the traffic router plugin (default 10). */
  routerEvery?: number;
  routerPlugin?: string;
  metricPlugin?: string;
}

export function rolloutName(i: number): string {
  return `app-${String(i).padStart(6, '0')}`;
}

export function namespaceOf(i: number, namespaces: number): string {
  return `team-${String(i % namespaces).padStart(4, '0')}`;
}

/** The objects to load into the fixture API server next to a controller scenario. */
export function bigClusterObjects(options: BigClusterOptions): Json[] {
  const namespaces = options.namespaces ?? 50;
  const routerEvery = options.routerEvery ?? 10;
  const router = options.routerPlugin ?? 'argoproj-labs/gatewayAPI';
  const metric = options.metricPlugin ?? 'argoproj-labs/sample-prometheus';
  const objects: Json[] = [];
  for (let i = 0; i < options.rollouts; i++) objects.push(rollout(rolloutName(i), namespaceOf(i, namespaces), i % routerEvery === 0 ? router : undefined));
  const templates = options.analysisTemplates ?? Math.floor(options.rollouts / 5);
  for (let i = 0; i < templates; i++) objects.push(analysisTemplate(`success-rate-${i}`, namespaceOf(i, namespaces), metric));
  return objects;
}

function managedFields(manager: string, time: string): Json {
  return {
    manager,
    operation: 'Apply',
    apiVersion: 'argoproj.io/v1alpha1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/part-of': {} }, 'f:annotations': { 'f:argocd.argoproj.io/tracking-id': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:revisionHistoryLimit': {},
        'f:selector': {},
        'f:strategy': { 'f:canary': { 'f:canaryService': {}, 'f:stableService': {}, 'f:steps': {}, 'f:trafficRouting': { 'f:plugins': {} } } },
        'f:template': { 'f:metadata': { 'f:labels': {} }, 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:ports': {}, 'f:resources': {}, 'f:env': {} } } } },
      },
    },
  };
}

function rollout(name: string, namespace: string, router: string | undefined): Json {
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'argocd' };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace,
      labels,
      annotations: { 'argocd.argoproj.io/tracking-id': `shop:argoproj.io/Rollout:${namespace}/${name}`, 'rollout.argoproj.io/revision': '42' },
      generation: 42,
      creationTimestamp: '2026-01-15T09:30:00Z',
      managedFields: [managedFields('argocd-controller', '2026-11-20T08:00:00Z'), { ...managedFields('rollouts-controller', '2026-11-20T08:05:00Z'), subresource: 'status' }],
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          containers: [
            {
              name: 'app',
              image: `registry.example.com/shop/${name}:1.42.0`,
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability:4317' },
                { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'url' } } },
              ],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            },
          ],
        },
      },
      strategy: {
        canary: {
          canaryService: `${name}-canary`,
          stableService: `${name}-stable`,
          ...(router ? { trafficRouting: { plugins: { [router]: { httpRoute: name, namespace } } } } : {}),
          steps: [{ setWeight: 10 }, { pause: { duration: '2m' } }, { setWeight: 50 }, { pause: { duration: '5m' } }, { setWeight: 100 }],
        },
      },
    },
    status: {
      observedGeneration: '42',
      phase: 'Healthy',
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentPodHash: '6d9f7c8b5',
      stableRS: '6d9f7c8b5',
      currentStepIndex: 5,
      currentStepHash: '5f8c7d9b6',
      selector: `app.kubernetes.io/name=${name}`,
      canary: { weights: { canary: { podTemplateHash: '6d9f7c8b5', weight: 0 }, stable: { podTemplateHash: '6d9f7c8b5', weight: 100 } } },
      conditions: ['Available', 'Completed', 'Healthy', 'Progressing'].map((type) => ({
        type,
        status: 'True',
        reason: type === 'Progressing' ? 'NewReplicaSetAvailable' : type,
        message: type === 'Progressing' ? `ReplicaSet "${name}-6d9f7c8b5" has successfully progressed.` : `Rollout is ${type.toLowerCase()}`,
        lastTransitionTime: '2026-11-20T08:05:00Z',
        lastUpdateTime: '2026-11-20T08:05:00Z',
      })),
    },
  };
}

function analysisTemplate(name: string, namespace: string, metric: string): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name, namespace, creationTimestamp: '2026-01-15T09:30:00Z', managedFields: [managedFields('argocd-controller', '2026-11-20T08:00:00Z')] },
    spec: {
      args: [{ name: 'service-name' }],
      metrics: [{ name: 'success-rate', interval: '1m', count: 5, successCondition: 'result[0] >= 0.95', provider: { plugin: { [metric]: { address: 'http://prometheus.monitoring:9090', query: 'sum(rate(http_requests_total{status!~"5.."}[5m]))' } } } }],
    },
  };
}
