/**
 * The report every command produces and every renderer renders. Its JSON form is the documented,
 * versioned schema in docs/report.schema.json: change a field here, change the schema and bump
 * REPORT_API_VERSION when the change is not purely additive.
 */
import { compareFindings, severityRank, type Finding, type PluginType, type Severity } from './finding.js';

export const REPORT_API_VERSION = 'rollouts-plugins.kubectl.dev/v1alpha1';
export const REPORT_KIND = 'PluginReport';

/** Where the plugin configuration came from. */
export interface ConfigSource {
  /** `cluster` for the live ConfigMap, `file` for -f, `none` when nothing was read. */
  kind: 'cluster' | 'file' | 'none';
  /** e.g. `argo-rollouts/argo-rollouts-config` or `manifests.yaml (document 3)`. */
  description: string;
  /** For the live ConfigMap: when it last changed, and whether that is after the pods started. */
  lastChanged?: string;
  changedSincePodsStarted?: boolean;
}

export interface ControllerPod {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  /** e.g. `Running`, `CrashLoopBackOff`, `ImagePullBackOff`. */
  state: string;
  startedAt?: string;
  node?: string;
  leader?: boolean;
}

export interface ControllerInfo {
  context?: string;
  server?: string;
  namespace?: string;
  deployment?: string;
  image?: string;
  version?: string;
  replicas?: number;
  pods: ControllerPod[];
}

/** Column values of one plugin row; each is absent when its step did not run. */
export interface PluginRow {
  type: PluginType;
  name: string;
  location: string;
  /** Absolute path or final URL the controller uses: `/home/argo-rollouts/plugin-bin/ns/name`... */
  target?: string;
  /** ok, mismatch, unpinned, cannot-match, unchecked (file://, not probed). */
  sha256?: 'ok' | 'mismatch' | 'unpinned' | 'cannot-match' | 'unchecked' | 'not-verified';
  download?: { ok: boolean; summary: string; status?: number; bytes?: number; ms?: number; finalUrl?: string; cachePath?: string };
  binary?: { ok: boolean; summary: string; os?: string; arch?: string; static?: boolean };
  handshake?: { ok: boolean; summary: string; pluginType?: string; ms?: number };
  disabled?: boolean;
  /** `Rollout ns/name`, `AnalysisTemplate ns/name`... */
  usedBy: string[];
  /** True when Rollouts/AnalysisTemplates could not be listed: `usedBy` may be incomplete. */
  usedByUnknown?: boolean;
}

export interface Verdict {
  /** Would the controller start if restarted now? `unknown` when a step that decides it did not run. */
  restartSafe: 'yes' | 'no' | 'unknown';
  /** One or two sentences, in words, errors first. */
  summary: string;
  /** Rollouts/AnalysisTemplates that depend on a plugin with an error. */
  affectedResources: string[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface Report {
  apiVersion: typeof REPORT_API_VERSION;
  kind: typeof REPORT_KIND;
  metadata: { command: string; generatedAt: string; toolVersion: string };
  source: ConfigSource;
  controller?: ControllerInfo;
  verdict: Verdict;
  plugins: PluginRow[];
  findings: Finding[];
  summary: Summary;
}

export function summarize(findings: readonly Finding[]): Summary {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

/** Sorts findings and rows into the stable order every output uses, and fills the summary. */
export function finalizeReport(report: Omit<Report, 'summary' | 'apiVersion' | 'kind'>): Report {
  const findings = [...report.findings].sort(compareFindings);
  const plugins = [...report.plugins].sort(
    (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
  );
  return { apiVersion: REPORT_API_VERSION, kind: REPORT_KIND, ...report, plugins, findings, summary: summarize(findings) };
}

/** Exit code 1 when any finding is at or above the --fail-on threshold, else 0. */
export function exitCodeFor(findings: readonly Finding[], failOn: Severity): 0 | 1 {
  const threshold = severityRank(failOn);
  return findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}

/**
 * The exit code of a report: 1 when a finding is at or above --fail-on, and always when the verdict
 * is BROKEN, even if --only/--skip/--ignore left its findings out: the verdict line and the exit
 * code never disagree.
 */
export function reportExitCode(report: Report, failOn: Severity): 0 | 1 {
  return report.verdict.restartSafe === 'no' ? 1 : exitCodeFor(report.findings, failOn);
}

export const EXIT = { OK: 0, PROBLEMS: 1, USAGE: 2, CANNOT_RUN: 3 } as const;
