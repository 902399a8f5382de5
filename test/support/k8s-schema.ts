/**
 * Validates Kubernetes manifests against the API's schemas, strictly, without a cluster: the
 * kubernetes-models packages carry the schemas (generated from Kubernetes' OpenAPI document and
 * from the Prometheus Operator's CRDs) twice, and both are used. Their TypeScript interfaces
 * reject a field the schema does not have (TypeScript's excess property check over the manifest
 * as an object literal: what `kubectl apply --validate=strict` asks the API server to refuse);
 * their validate() checks types, formats, enums and required fields. A kind with no schema here
 * is an error, never a pass.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './go-build.js';

export type Manifest = { apiVersion: string; kind: string; metadata?: { name?: string } };

/** apiVersion/kind -> the module of its model (the class and the `I<Kind>` interface share the kind's name). */
const MODELS: Record<string, string> = {
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role': 'kubernetes-models/rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding',
  'monitoring.coreos.com/v1/ServiceMonitor': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
};

const nameOf = (doc: Manifest) => `${doc.kind}/${doc.metadata?.name ?? '?'}`;

/** Every schema error of the manifests, each as "Kind/name: message"; empty when all are valid. */
export async function schemaErrors(docs: Manifest[]): Promise<string[]> {
  const errors: string[] = [];
  const known: { doc: Manifest; module: string }[] = [];
  for (const doc of docs) {
    const module = MODELS[`${doc.apiVersion}/${doc.kind}`];
    if (module) known.push({ doc, module });
    else errors.push(`${nameOf(doc)}: no schema for ${doc.apiVersion} ${doc.kind} in test/support/k8s-schema.ts`);
  }
  for (const { doc, module } of known) {
    const Model = (await import(module))[doc.kind] as new (data: unknown) => { validate(): void };
    try {
      new Model(structuredClone(doc)).validate();
    } catch (error) {
      errors.push(`${nameOf(doc)}: ${(error as Error).message}`);
    }
  }
  return [...errors, ...unknownFieldErrors(known)];
}

/** One line per manifest, `export const m<i>: import("<module>").I<Kind> = <json>;`, type-checked. */
function unknownFieldErrors(known: { doc: Manifest; module: string }[]): string[] {
  if (known.length === 0) return [];
  const file = join(REPO_ROOT, 'test/support/manifests.virtual.ts');
  const source = known.map(({ doc, module }, i) => `export const m${i}: import(${JSON.stringify(module)}).I${doc.kind} = ${JSON.stringify(doc)};`).join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile.call(host, name, version, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file?.fileName === file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const where = line >= 0 ? nameOf(known[line]!.doc) : (d.file?.fileName ?? 'tsc');
    // the manifest is JSON, so TypeScript quotes a property twice: '"runAsNonroot"'
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').replaceAll(/'"([^"']*)"'/g, "'$1'")}`;
  });
}
