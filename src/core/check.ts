/**
 * A check is one small module, in the spirit of an ESLint rule: metadata that documents it
 * (and generates docs/checks.md), and a pure `run` over facts gathered by the edges.
 */
import type { Finding, FindingInput, Severity, Step } from './finding.js';

export interface CheckMeta {
  /** Stable kebab-case id, e.g. `sha256-wrong-length`. */
  id: string;
  /** Default severity; a report may lower or raise it with a reason. */
  severity: Severity;
  step: Step;
  /** One line: what the finding says. */
  title: string;
  /** What it means and why it matters (markdown, a short paragraph). */
  description: string;
  /** How to fix it in general (markdown). Each finding carries its own concrete fix too. */
  fix: string;
  /** A short example that triggers it (YAML, a log line...). */
  example?: string;
}

export interface Check<F> {
  meta: CheckMeta;
  run(facts: F, report: (finding: FindingInput) => void): void;
}

/** Runs checks over facts; a check that throws becomes a finding instead of crashing the run. */
export function runChecks<F>(checks: readonly Check<F>[], facts: F): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    const { id, step, severity } = check.meta;
    try {
      check.run(facts, (input) => findings.push({ ...input, id, step, severity: input.severity ?? severity }));
    } catch (error) {
      findings.push({
        id: 'internal-check-error',
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
