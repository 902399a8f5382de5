/**
 * What deploy/ installs, as the objects a user would apply: `kubectl kustomize` (the real
 * kubectl's kustomize) of a directory, and the Helm chart rendered by test/go/helm-render.
 * helm-render is NOT Helm (no helm binary can be had here): Go's text/template with sprig and
 * the few Helm built-ins the chart uses, so the chart keeps to those.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildGo, REPO_ROOT } from './go-build.js';

export type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [key: string]: unknown };

export const DEPLOY = join(REPO_ROOT, 'deploy');
export const CHART = join(DEPLOY, 'helm/kubectl-rollouts-plugins');

const parseDocs = (text: string): Doc[] => parseAllDocuments(text).map((d) => d.toJS() as Doc).filter((d) => d !== null);

export const kustomize = (dir: string): Doc[] =>
  parseDocs(execFileSync('kubectl', ['kustomize', join(DEPLOY, dir)], { encoding: 'utf8', timeout: 30_000 }));

/** Builds test/go/helm-render (once per source hash); call it in beforeAll: the first build takes a minute. */
export const buildHelmRender = () => buildGo('helm-render');

/** `helm template RELEASE deploy/helm/kubectl-rollouts-plugins --namespace NS -f -` with `values` on stdin. */
export async function helmTemplate(release: string, namespace: string, values: Record<string, unknown> = {}): Promise<{ code: number; docs: Doc[]; stdout: string; stderr: string }> {
  const bin = await buildHelmRender();
  return new Promise((resolve, reject) => {
    const child = execFile(bin, [release, CHART, '--namespace', namespace, '-f', '-'], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (error && code === -1) reject(error);
      else resolve({ code, docs: code === 0 ? parseDocs(stdout) : [], stdout, stderr });
    });
    child.stdin!.end(JSON.stringify(values)); // JSON is YAML
  });
}

/** The labels Helm charts add by convention (the chart's own, the release's), which kustomize's manifests do not have. */
export const HELM_LABELS = ['app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/managed-by', 'helm.sh/chart'];

/** A copy of `value` without HELM_LABELS in any label map or selector; a map left empty goes too. */
export function withoutHelmLabels<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutHelmLabels) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'labels' || key === 'matchLabels' || key === 'selector') && child && typeof child === 'object' && !Array.isArray(child)) {
      const kept = Object.fromEntries(Object.entries(withoutHelmLabels(child)).filter(([k]) => !HELM_LABELS.includes(k)));
      if (Object.keys(kept).length > 0) out[key] = kept;
    } else {
      out[key] = withoutHelmLabels(child);
    }
  }
  return out as T;
}

/** Objects sorted by kind, namespace and name, so two installs compare object by object. */
export const byIdentity = (docs: Doc[]) =>
  [...docs].sort((a, b) => `${a.kind}/${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.namespace ?? ''}/${b.metadata.name}`));
