/** --only, --skip, --ignore and --plugin: which steps run and which findings the report keeps. */
import { variantKey } from '../core/check.js';
import type { Finding, Step } from '../core/finding.js';

export interface Selection {
  /** Steps or check ids to run; empty: all. */
  only: string[];
  /** Steps or check ids to skip. */
  skip: string[];
  /** Check ids (`id`, or `id/variant` for one variant) whose findings are dropped. */
  ignore: string[];
  /** Plugin names (`<namespace>/<name>`) to focus on; empty: all. */
  plugins: string[];
}

export const NO_SELECTION: Selection = { only: [], skip: [], ignore: [], plugins: [] };

export function selectionFromArgs(args: Record<string, unknown>): Selection {
  const list = (key: string) => ((args[key] as string[] | undefined) ?? []).flatMap((v) => String(v).split(',')).filter(Boolean);
  return { only: list('only'), skip: list('skip'), ignore: list('ignore'), plugins: list('plugin') };
}

/** Whether a step runs: skipped by name, or --only names other steps (a check id in --only keeps its step). */
export function stepRuns(selection: Selection, step: Step, stepOfId: (id: string) => Step | undefined): boolean {
  if (selection.skip.includes(step)) return false;
  if (selection.only.length === 0) return true;
  return selection.only.some((item) => item === step || stepOfId(item) === step);
}

export function keepFinding(selection: Selection, finding: Finding): boolean {
  const variant = variantKey(finding.id, finding.variant);
  if (selection.ignore.includes(finding.id) || selection.ignore.includes(variant) || selection.skip.includes(finding.id)) return false;
  if (selection.plugins.length > 0 && finding.plugin && !selection.plugins.includes(finding.plugin.name)) return false;
  if (selection.only.length > 0 && !selection.only.includes(finding.id) && !selection.only.includes(finding.step)) return false;
  return true;
}
