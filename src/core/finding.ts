/** The report model shared by every check: one problem, proven and with a fix. */

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Higher is worse; used for sorting and for --fail-on. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}

/** The step of a run that produced a finding (also what --only/--skip accept). */
export type Step = 'config' | 'usage' | 'cluster' | 'probe' | 'binary' | 'handshake';

export const STEPS: readonly Step[] = ['config', 'usage', 'cluster', 'probe', 'binary', 'handshake'];

export type PluginType = 'trafficrouter' | 'metricprovider' | 'step';

/** The plugin a finding concerns: its `<namespace>/<name>` and the ConfigMap key it is under. */
export interface PluginRef {
  name: string;
  type: PluginType;
}

/** A plugin's identity as a map key: a name may be under two types (a trafficrouter and a step plugin). */
export function pluginKey(plugin: PluginRef): string {
  return `${plugin.type}/${plugin.name}`;
}

/** Whether `a` and `b` are the same plugin: the same name under the same type. */
export function samePlugin(a: PluginRef, b: PluginRef): boolean {
  return a.type === b.type && a.name === b.name;
}

/**
 * Where in the input a finding points, as far as it is known: the file given with -f (or the live
 * object), the document of a stream, the ConfigMap data key and the entry of its list, and the
 * line and column in the file.
 */
export interface FindingLocation {
  /** The input as given (`stdin` for -f -). */
  file?: string;
  /** The live object read: `ConfigMap argo-rollouts/argo-rollouts-config`. */
  object?: string;
  /** 1-based document index in a multi-document stream. */
  document?: number;
  /** The ConfigMap data key (`trafficRouterPlugins`). */
  key?: string;
  /** 0-based index of the entry in its list. */
  entry?: number;
  /** 1-based line and column in the file (for helm values: in the values file). */
  line?: number;
  column?: number;
}

export interface Finding {
  /** Stable kebab-case id that says what it is, e.g. `sha256-wrong-length`. */
  id: string;
  /** Which of the check's declared variants; absent: its default one. */
  variant?: string;
  /** Always the severity the check declares for this variant. */
  severity: Severity;
  step: Step;
  plugin?: PluginRef;
  /** One line: what is wrong. */
  title: string;
  /** The exact values, log lines, statuses... that prove it. Never a secret value. */
  evidence: string[];
  /** A concrete fix: the corrected YAML, the command to run. */
  fix: string;
  location?: FindingLocation;
  /** Findings that are echoes of this one (a crash loop, the controller's own fatal line), folded in. */
  symptoms?: Symptom[];
}

/** A finding folded into its cause: what it said, kept as evidence. */
export interface Symptom {
  id: string;
  variant?: string;
  /** The plugin it was about, when its cause is about none (a key the controller does not read). */
  plugin?: PluginRef;
  title: string;
  evidence: string[];
}

/** What a check passes to `report`; id, step and severity come from the check's declarations. */
export type FindingInput = Omit<Finding, 'id' | 'step' | 'severity' | 'symptoms'>;

/** Errors first, then by plugin name, then id: the stable order of every output. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.plugin?.name ?? '').localeCompare(b.plugin?.name ?? '') ||
    (a.plugin?.type ?? '').localeCompare(b.plugin?.type ?? '') ||
    a.id.localeCompare(b.id) ||
    a.title.localeCompare(b.title)
  );
}
