/**
 * The report every command produces and every renderer renders. Its JSON form is the documented,
 * versioned schema in docs/report.schema.json: change a field here, change the schema and bump
 * REPORT_API_VERSION when the change is not purely additive.
 */
import { compareFindings, severityRank, type Finding, type PluginType, type Severity } from './finding.js';

export const REPORT_API_VERSION = 'rollouts-plugins.kubectl.dev/v1alpha2';
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
  /** The release the configuration was judged at when it is not `version` (--controller-version, or the release helm values install). */
  judgedAs?: string;
  replicas?: number;
  /**
   * The label selector its pods were read by, when it is not the usual one (a Helm nameOverride
   * install: the chart's component label, or the Deployment's own matchLabels); '' when its pods
   * could not be selected (a Deployment found by its image whose selector has no matchLabels).
   */
  podSelector?: string;
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
  /**
   * `unjudged`: what this machine saw says nothing about the controller (a download that failed
   * only on this network, a file inside the pod): listed under Not checked, and no download check
   * passed for it.
   */
  download?: { ok: boolean; summary: string; status?: number; bytes?: number; ms?: number; finalUrl?: string; cachePath?: string; unjudged?: true };
  binary?: { ok: boolean; summary: string; os?: string; arch?: string; static?: boolean };
  /**
   * `notLaunched`: the plugin was not launched (its sha256, a binary this machine cannot run, its cached file...: `summary` says why);
   * `interrupted`: the run's end (Ctrl-C, its --timeout) cut the handshake short (`summary` says where). Either way no handshake check judged it.
   */
  handshake?: { ok: boolean; summary: string; pluginType?: string; ms?: number; notLaunched?: true; interrupted?: true };
  disabled?: boolean;
  /** `Rollout ns/name`, `AnalysisTemplate ns/name`... */
  usedBy: string[];
  /** True when Rollouts/AnalysisTemplates could not be listed, or were listed in part: `usedBy` may be incomplete. */
  usedByUnknown?: boolean;
}

/** ok: seen and fine; broken: proven; unknown: could not be seen or decided; not-checked: not this command's question. */
export type VerdictState = 'ok' | 'broken' | 'unknown' | 'not-checked';

export interface VerdictReason {
  /** The finding of the report behind it (`id` or `id/variant`), when a finding is: a folded symptom names its cause. */
  finding?: string;
  plugin?: string;
  text: string;
}

/** One of the two questions, answered from the findings' declared effects and what was not checked. */
export interface VerdictPart {
  state: VerdictState;
  /** One sentence a person reads first. */
  summary: string;
  /** Why: the findings that broke it, or what could not be seen; the first is the main cause. */
  reasons: VerdictReason[];
}

export interface Verdict {
  /** Is the controller running, and are the Rollouts and AnalysisRuns that use plugins working? */
  now: VerdictPart;
  /** Would the controller, restarted now with this configuration, start? */
  onRestart: VerdictPart;
  /** Rollouts/AnalysisTemplates that depend on a plugin with an error. */
  affectedResources: string[];
}

/** Something the run did not check, and which verdict that leaves open. */
export interface NotChecked {
  what: string;
  why: string;
  /** The verdicts this leaves unknown (none: said for completeness). */
  blinds: ('now' | 'onRestart')[];
  /** A read that was refused or failed, not a step the user chose to skip. */
  failed?: true;
  /** A list read in part: how many of the items listed were left out; the others were read and judged. */
  partial?: { leftOut: number; listed: number };
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
  /** Steps that did not run, reads that were refused or read in part, plugins left out: said once each. */
  notChecked: NotChecked[];
  /** True when nothing about the controller could be read at all (credentials rejected, every read denied). */
  nothingRead?: boolean;
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

/**
 * 3 when nothing could be read at all; 1 when a verdict is broken, when a refused or failed read
 * or a finding left a verdict unknown (an expired token, a weak service account, a controller not
 * found never pass green), or when
 * a finding is at or above the --fail-on threshold; else 0. A broken verdict always has an error
 * finding behind it (tested), so the verdict line and the exit code agree.
 */
export function exitCodeFor(report: Pick<Report, 'findings' | 'verdict' | 'nothingRead' | 'notChecked'>, failOn: Severity): 0 | 1 | 3 {
  if (report.nothingRead) return EXIT.CANNOT_RUN;
  const threshold = severityRank(failOn);
  if (report.verdict.now.state === 'broken' || report.verdict.onRestart.state === 'broken') return EXIT.PROBLEMS;
  if (report.notChecked.some((gap) => gap.failed && gap.blinds.length > 0)) return EXIT.PROBLEMS;
  // A verdict left open by what was found (no controller, a download that timed out), not by a
  // step the user skipped, never passes green.
  const openedByFinding = (part: VerdictPart) => part.state === 'unknown' && part.reasons.some((r) => r.finding !== undefined);
  if (openedByFinding(report.verdict.now) || openedByFinding(report.verdict.onRestart)) return EXIT.PROBLEMS;
  return report.findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT.PROBLEMS : EXIT.OK;
}

export const EXIT = { OK: 0, PROBLEMS: 1, USAGE: 2, CANNOT_RUN: 3 } as const;
