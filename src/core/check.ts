/**
 * A check is one small module, in the spirit of an ESLint rule: metadata that declares everything
 * it can report (its variants, as ESLint's `meta.messages`) and what each means for the controller,
 * and a pure `run` over facts gathered by the edges. Docs, severities and the verdicts are computed
 * from these declarations, never from lists kept elsewhere.
 */
import type { Finding, FindingInput, Severity, Step } from './finding.js';
import { atOnce, type Steps } from './steps.js';

/**
 * What a finding means for the controller; the verdicts (src/pipeline/verdict.ts) are computed
 * from these alone. Absent: advice, the controller is not affected.
 */
export type Effect =
  /** The controller, restarted with this configuration, exits at start-up. */
  | 'fatal-at-startup'
  /** The same, caused by the pod spec: holds whatever the configuration (so also for `-f` files). */
  | 'fatal-from-pod-spec'
  /** The controller's own fatal log line: proof of a start-up failure while the ConfigMap is unchanged since. */
  | 'fatal-while-logged'
  /** Whether a restart would start cannot be decided from where the tool runs. */
  | 'restart-undecided'
  /** The controller or the Rollouts/AnalysisRuns are failing now. */
  | 'broken-now'
  /** The plugin fails when a Rollout or AnalysisRun uses it: broken now for the resources that use it. */
  | 'breaks-users'
  /** The tool could not see what decides the verdicts (credentials, permissions, the API, the controller). */
  | 'not-seen';

export const EFFECTS: readonly Effect[] = [
  'fatal-at-startup',
  'fatal-from-pod-spec',
  'fatal-while-logged',
  'restart-undecided',
  'broken-now',
  'breaks-users',
  'not-seen',
];

/** The effects that break the verdict on restart (a fatal line needs the logs to be current). */
export const RESTART_BREAKING_EFFECTS = ['fatal-at-startup', 'fatal-from-pod-spec', 'fatal-while-logged'] as const satisfies readonly Effect[];
/** The effects that leave the verdict on restart open. */
export const RESTART_OPENING_EFFECTS = ['not-seen', 'restart-undecided'] as const satisfies readonly Effect[];

/** One thing a check can report: its severity, its title and its meaning. */
export interface VariantMeta {
  severity: Severity;
  /** One line: what the finding says. */
  title: string;
  effect?: Effect;
  /**
   * A symptom: folded into the finding that causes it when the report has one (same plugin when
   * both name one), and reported alone only when no cause was found.
   */
  symptomOf?: { ids?: readonly string[]; effects?: readonly Effect[] };
}

export interface CheckMeta extends VariantMeta {
  /** Stable kebab-case id, e.g. `sha256-wrong-length`; its default variant has no other name. */
  id: string;
  step: Step;
  /** What it means and why it matters (markdown, a short paragraph). */
  description: string;
  /** How to fix it in general (markdown). Each finding carries its own concrete fix too. */
  fix: string;
  /** A short example that triggers it (YAML, a log line...). */
  example?: string;
  /** The other things it can report, by variant name (`<id>/<variant>` in docs and --ignore). */
  variants?: Readonly<Record<string, VariantMeta>>;
}

export interface Check<F> {
  meta: CheckMeta;
  run(facts: F, report: (finding: FindingInput) => void): void;
}

/** The declaration a finding was reported under: its variant, or the check's default. */
export function variantOf(meta: CheckMeta, variant: string | undefined): VariantMeta | undefined {
  return variant === undefined ? meta : meta.variants?.[variant];
}

/** Every variant of a check as `[name, declaration]`, the default first (name undefined). */
export function variantsOf(meta: CheckMeta): [string | undefined, VariantMeta][] {
  return [[undefined, meta], ...Object.entries(meta.variants ?? {})];
}

/** `id` or `id/variant`: how docs, --ignore and the outputs name what was reported. */
export function variantKey(id: string, variant?: string): string {
  return variant === undefined ? id : `${id}/${variant}`;
}

/** The framework's own finding for a check that failed; declared in the registry like any other. */
export const INTERNAL_CHECK_ERROR = 'internal-check-error';

/** Runs checks over facts; a check that throws or reports an undeclared variant becomes a finding instead of crashing the run. */
export function runChecks<F>(checks: readonly Check<F>[], facts: F): Finding[] {
  return atOnce(runChecksSteps(checks, facts));
}

/** runChecks in steps (core/steps.ts): a check a step. */
export function* runChecksSteps<F>(checks: readonly Check<F>[], facts: F): Steps<Finding[]> {
  const findings: Finding[] = [];
  for (const check of checks) {
    yield;
    const { id, step } = check.meta;
    const reported: Finding[] = [];
    try {
      check.run(facts, (input) => {
        const declared = variantOf(check.meta, input.variant);
        if (!declared) throw new Error(`reported the undeclared variant "${input.variant}"`);
        reported.push({ ...input, id, step, severity: declared.severity });
      });
      findings.push(...reported);
    } catch (error) {
      findings.push({
        id: INTERNAL_CHECK_ERROR,
        step,
        severity: 'warning',
        title: `check ${id} could not run`,
        evidence: [error instanceof Error ? error.message : String(error)],
        fix: 'Report this as a bug with the -v output; the other checks ran.',
      });
    }
  }
  return findings;
}
