/** Reads the controller container out of a pod spec, tolerating any missing field. */
import { CONTROLLER_WORKDIR } from '../config/types.js';
import type { InitContainerFacts, PodSpecFacts, VolumeMountFacts } from './facts.js';
import { isPlainObject, type PlainObject } from '../core/plain-object.js';


export const CONTROLLER_CONTAINER = 'argo-rollouts';
/** Where the stock install.yaml and the Helm chart put the controller, and the Deployment's name there. */
export const DEFAULT_CONTROLLER_NAMESPACE = 'argo-rollouts';
export const DEFAULT_CONTROLLER_DEPLOYMENT = 'argo-rollouts';
/** Fits install.yaml (no component label on pods) and the Helm chart (which labels the dashboard too). */
export const CONTROLLER_SELECTOR = 'app.kubernetes.io/name=argo-rollouts,app.kubernetes.io/component!=rollouts-dashboard';
/**
 * The Helm chart's controller labels when `nameOverride` changes app.kubernetes.io/name: its
 * component label (controller.component, default rollouts-controller) still says what it is.
 */
export const CHART_CONTROLLER_SELECTOR = 'app.kubernetes.io/component=rollouts-controller';
/**
 * The controller's image, from any registry or mirror, by tag or digest: `…/argoproj/argo-rollouts`
 * (quay.io, Docker Hub) or Red Hat's `…/openshift-gitops-1/argo-rollouts-rhel8`. The dashboard runs
 * `…/kubectl-argo-rollouts`, which this does not match.
 */
export function isControllerImage(image: string | undefined): boolean {
  const repository = image?.split('@')[0]?.replace(/:[^:/]*$/, '');
  const last = repository?.split('/').at(-1);
  return last === 'argo-rollouts' || /^argo-rollouts-rhel\d*$/.test(last ?? '');
}
/** Red Hat builds are tagged with the OpenShift GitOps release, not the Argo Rollouts one. */
export function isRedHatImage(image: string | undefined): boolean {
  return /(^|\/)argo-rollouts-rhel\d*([:@]|$)/.test(image ?? '');
}
const PROXY_VARS = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'];

export function obj(value: unknown): PlainObject {
  return isPlainObject(value) ? value : {};
}
export function arr(value: unknown): PlainObject[] {
  return Array.isArray(value) ? value.map(obj) : [];
}
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The controller container: named argo-rollouts, else the one running the argo-rollouts image, else the first. */
export function controllerContainer(spec: PlainObject): PlainObject | undefined {
  const containers = arr(spec.containers);
  return (
    containers.find((c) => c.name === CONTROLLER_CONTAINER) ??
    containers.find((c) => isControllerImage(text(c.image))) ??
    containers[0]
  );
}

/** Whether one of a pod spec's containers (a Deployment's template) runs the controller image. */
export function runsControllerImage(spec: PlainObject): boolean {
  return arr(spec.containers).some((c) => isControllerImage(text(c.image)));
}

/** The controller container's args, as strings (where --instance-id and --leader-elect are). */
export function controllerArgs(spec: PlainObject): string[] {
  const args = controllerContainer(spec)?.args;
  return Array.isArray(args) ? args.map(String) : [];
}

function mountsOf(container: PlainObject, volumes: PlainObject[]): VolumeMountFacts[] {
  return arr(container.volumeMounts).map((m) => {
    const volume = volumes.find((v) => v.name === m.name);
    const volumeKind = volume ? (Object.keys(volume).find((k) => k !== 'name') ?? 'unknown') : 'missing';
    return { name: text(m.name) ?? '', mountPath: text(m.mountPath) ?? '', readOnly: m.readOnly === true, subPath: text(m.subPath), volumeKind };
  });
}

export function analyzePodSpec(spec: PlainObject, source: string): PodSpecFacts | undefined {
  const container = controllerContainer(spec);
  if (!container) return undefined;
  const volumes = arr(spec.volumes);
  const env = arr(container.env);
  const envValue = (name: string): string | undefined => text(env.find((e) => e.name === name)?.value);
  const security = obj(container.securityContext);
  const initContainers: InitContainerFacts[] = arr(spec.initContainers).map((c) => ({
    name: text(c.name) ?? '',
    image: text(c.image),
    command: [...(Array.isArray(c.command) ? c.command : []), ...(Array.isArray(c.args) ? c.args : [])].map(String),
    mounts: mountsOf(c, volumes),
  }));
  const affinityArchs = arr(obj(obj(obj(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms)
    .flatMap((term) => arr(term.matchExpressions))
    .filter((e) => e.key === 'kubernetes.io/arch' && e.operator === 'In')
    .flatMap((e) => (Array.isArray(e.values) ? e.values.map(String) : []));
  return {
    source,
    containerName: text(container.name) ?? '',
    image: text(container.image),
    args: Array.isArray(container.args) ? container.args.map(String) : [],
    workingDir: text(container.workingDir) ?? CONTROLLER_WORKDIR,
    // The pod-level securityContext has no readOnlyRootFilesystem; only the container's counts.
    readOnlyRootFilesystem: security.readOnlyRootFilesystem === true,
    mounts: mountsOf(container, volumes),
    tempDir: envValue('TMPDIR') || '/tmp',
    initContainers,
    ephemeralStorageLimit: text(obj(obj(container.resources).limits)['ephemeral-storage']) ?? numberText(obj(obj(container.resources).limits)['ephemeral-storage']),
    serviceAccount: text(spec.serviceAccountName) ?? text(spec.serviceAccount) ?? 'default',
    nodeSelector: Object.fromEntries(Object.entries(obj(spec.nodeSelector)).map(([k, v]) => [k, String(v)])),
    affinityArchs,
    envFrom: arr(container.envFrom).map((e) => (e.configMapRef ? `ConfigMap ${text(obj(e.configMapRef).name)}` : `Secret ${text(obj(e.secretRef).name)}`)),
  };
}

function numberText(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : undefined;
}

/** The proxy variables of the controller container with literal values (valueFrom ones are not resolved). */
export function proxyEnvOf(spec: PlainObject): Record<string, string> {
  const container = controllerContainer(spec);
  const result: Record<string, string> = {};
  for (const e of arr(container?.env)) {
    const name = text(e.name);
    const value = text(e.value);
    if (name && PROXY_VARS.includes(name) && value !== undefined) result[name] = value;
  }
  return result;
}

/** Whether `path` is on a writable mount of the container (a mount at it or at a parent directory). */
export function writableMountFor(path: string, mounts: readonly VolumeMountFacts[]): VolumeMountFacts | undefined {
  return mountFor(path, mounts.filter((m) => !m.readOnly));
}

/** The deepest mount containing `path`. */
export function mountFor(path: string, mounts: readonly VolumeMountFacts[]): VolumeMountFacts | undefined {
  const normalized = path.replace(/\/+$/, '') || '/';
  return mounts
    .filter((m) => {
      const base = m.mountPath.replace(/\/+$/, '') || '/';
      return normalized === base || normalized.startsWith(base === '/' ? '/' : `${base}/`);
    })
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

/** Proxy variables of the controller container set with valueFrom (their values are not read). */
export function proxyEnvFromReferences(spec: PlainObject): string[] {
  return arr(controllerContainer(spec)?.env)
    .filter((e) => PROXY_VARS.includes(text(e.name) ?? '') && e.value === undefined && e.valueFrom !== undefined)
    .map((e) => text(e.name)!);
}
