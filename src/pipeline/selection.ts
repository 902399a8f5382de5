/** --only, --skip, --ignore and --plugin: which steps run and which findings the report keeps. */
import { variantKey } from '../core/check.js';
import { UsageError } from '../core/errors.js';
import { STEPS, type Finding, type Step } from '../core/finding.js';
import { closest } from '../core/suggest.js';
import type { IgnoreFile } from './ignore-file.js';

export interface Selection {
  /** Steps or check ids to run; empty: all. */
  only: string[];
  /** Steps or check ids to skip. */
  skip: string[];
  /** Check ids (`id`, or `id/variant` for one variant) whose findings are dropped. */
  ignore: string[];
  /** Plugin names (`<namespace>/<name>`) to focus on; empty: all. */
  plugins: string[];
  /** The ignore file (.rollouts-plugins.yaml or --config), when there is one. */
  ignoreFile?: IgnoreFile;
}

export const NO_SELECTION: Selection = { only: [], skip: [], ignore: [], plugins: [] };

export function selectionFromArgs(args: Record<string, unknown>): Selection {
  const list = (key: string) => ((args[key] as string[] | undefined) ?? []).flatMap((v) => String(v).split(',')).filter(Boolean);
  return { only: list('only'), skip: list('skip'), ignore: list('ignore'), plugins: list('plugin') };
}

/**
 * A value of --only, --skip or --ignore that names no step or check is a typo: were it accepted,
 * `--only nosuchstep` would run nothing and pass. Usage error (exit 2) with the closest name.
 * `ignorable` are the check ids and their `id/variant` keys.
 */
export function validateSelection(selection: Selection, checkIds: readonly string[], ignorable: readonly string[]): void {
  const steps: readonly string[] = STEPS;
  const flags = [['only', selection.only, [...steps, ...checkIds]], ['skip', selection.skip, [...steps, ...checkIds]], ['ignore', selection.ignore, ignorable]] as const;
  for (const [flag, values, known] of flags) {
    for (const value of values) {
      if (known.includes(value)) continue;
      const hint = closest(value, known);
      const what = flag === 'ignore' ? 'a check id (or id/variant)' : `a step (${STEPS.join(', ')}) or a check id`;
      throw new UsageError(`unknown --${flag} "${value}": give ${what}${hint ? `; did you mean "${hint}"?` : ''} (\`kubectl rollouts-plugins checks\` lists the ids)`);
    }
  }
}

/** A --plugin that is not configured would silently select nothing: usage error (exit 2) with the closest name. */
export function validatePlugins(selection: Selection, configured: readonly string[], source: string): void {
  for (const name of selection.plugins) {
    if (configured.includes(name)) continue;
    const hint = closest(name, configured);
    const listed = configured.length > 0 ? `configured: ${[...new Set(configured)].join(', ')}` : 'it configures no plugin';
    throw new UsageError(`--plugin "${name}" is not in ${source} (${listed})${hint ? `; did you mean "${hint}"?` : ''}`);
  }
}

/** Whether a step runs: skipped by name, or --only names other steps (a check id in --only keeps its step). */
export function stepRuns(selection: Selection, step: Step, stepOfId: (id: string) => Step | undefined): boolean {
  if (selection.skip.includes(step)) return false;
  if (selection.only.length === 0) return true;
  return selection.only.some((item) => item === step || stepOfId(item) === step);
}

/** Whether a finding concerns the plugins in focus (--plugin): what the verdicts are about. */
export function inFocus(selection: Selection, finding: Finding): boolean {
  return selection.plugins.length === 0 || !finding.plugin || selection.plugins.includes(finding.plugin.name);
}

/** Whether the report lists a finding: in focus, and not hidden by --ignore, its id or step in --skip, or --only. */
export function keepFinding(selection: Selection, finding: Finding): boolean {
  const variant = variantKey(finding.id, finding.variant);
  if (selection.ignore.includes(finding.id) || selection.ignore.includes(variant)) return false;
  if (selection.skip.includes(finding.id) || selection.skip.includes(finding.step)) return false;
  if (!inFocus(selection, finding)) return false;
  if (selection.only.length > 0 && !selection.only.includes(finding.id) && !selection.only.includes(finding.step)) return false;
  return true;
}
