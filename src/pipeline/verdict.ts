/**
 * The two verdicts a person reads first, computed in one place from the findings' declared effects
 * (src/core/check.ts Effect) and from what the run did not check:
 * - now: is the controller running, and are the Rollouts and AnalysisRuns that use plugins working?
 * - on restart: would the controller, restarted now with this configuration, start?
 * A verdict is never `ok` while something that decides it could not be seen.
 */
import { declarationOf } from '../checks/registry.js';
import { RESTART_BREAKING_EFFECTS, RESTART_OPENING_EFFECTS, variantKey, type Effect } from '../core/check.js';
import { pluginKey, type Finding, type PluginRef } from '../core/finding.js';
import type { NotChecked, Verdict, VerdictPart, VerdictReason } from '../core/report.js';
import type { PluginReference } from '../config/types.js';
import { startupRank } from './fold.js';

export interface VerdictInput {
  /** The findings the report keeps, symptoms folded into their causes. */
  findings: readonly Finding[];
  notChecked: readonly NotChecked[];
  /** Where Rollouts and AnalysisTemplates name plugins. */
  references: readonly PluginReference[];
  /** False for commands that judge files or binaries only: the running controller is not their question. */
  judgesNow: boolean;
  /** The controller's own fatal log lines still describe this configuration (the live ConfigMap, unchanged since the pods started). */
  logsCurrent: boolean;
  /**
   * False when the run read no configuration (probe URL, checksum, handshake PATH): whether the controller
   * is configured with what was found broken, and at which release, is unseen, so nothing found proves a restart fails.
   */
  configurationRead: boolean;
  /** Plugins the controller would load; for the wording of an ok verdict. */
  pluginCount: number;
  /** Configured plugins it would not load, with why (a ConfigMap it does not read...): an ok verdict says so. */
  notLoaded?: readonly { count: number; why: string }[];
  /** The configured plugins in the controller's download order (startupRank): a restart's reasons come in the order it meets them. */
  downloadOrder?: readonly PluginRef[];
}

interface Reported {
  /** The finding the report shows: this one, or the cause a symptom is folded into. */
  finding: Finding;
  /** The finding itself, or one of the symptoms folded into it. */
  id: string;
  variant?: string;
  title: string;
  effect?: Effect;
}

/** Every finding and every symptom folded into one, with its declared effect. */
function reported(findings: readonly Finding[]): Reported[] {
  return findings.flatMap((finding) =>
    [finding, ...(finding.symptoms ?? [])].map((r) => ({
      finding,
      id: r.id,
      ...(r.variant !== undefined && { variant: r.variant }),
      title: r.title,
      ...(declarationOf(r)?.effect && { effect: declarationOf(r)!.effect! }),
    })),
  );
}

/**
 * A finding as a reason: always the finding the report shows (a symptom names its cause, one cause one
 * finding), its title led by the plugin's name when the title does not say it. A folded symptom speaks
 * in its own words when its cause has an effect of its own (a crash loop speaks for the controller); when
 * the cause declares none, the symptom's effect is the cause's and the cause says it, worded for the input
 * (old helm values, not the data key they render).
 */
const reasonOf = (r: Reported): VerdictReason => {
  const plugin = r.finding.plugin?.name;
  const isSymptom = r.id !== r.finding.id || r.variant !== r.finding.variant;
  const causeSpeaks = !isSymptom || declarationOf(r.finding)?.effect === undefined;
  const title = causeSpeaks ? r.finding.title : r.title;
  return {
    finding: variantKey(r.finding.id, r.finding.variant),
    ...(plugin && { plugin }),
    text: plugin && causeSpeaks && !title.includes(plugin) ? `${plugin}: ${title}` : title,
  };
};

/** One reason per finding the report shows: a cause and its symptoms are one reason, the first said. */
function reasonsOf(rs: readonly Reported[]): VerdictReason[] {
  const seen = new Set<Finding>();
  return rs.filter((r) => !seen.has(r.finding) && seen.add(r.finding)).map(reasonOf);
}

const gapReason = (g: NotChecked): VerdictReason => ({ text: `${g.what}: ${g.why}` });

function part(state: VerdictPart['state'], lead: string, reasons: VerdictReason[]): VerdictPart {
  const first = reasons[0];
  const more = reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : '';
  return { state, summary: first ? `${lead}: ${first.text}${more}.` : `${lead}.`, reasons };
}

const configured = (n: number) => `${n} configured plugin${n === 1 ? '' : 's'}`;

/** The ok verdict on restart: never counts as loaded what the controller does not load. */
function startsWith(loaded: number, notLoaded: readonly { count: number; why: string }[]): string {
  if (notLoaded.length === 0) return loaded === 0 ? 'The controller would start: no plugin is configured' : `The controller would start: nothing in the ${configured(loaded)} stops it`;
  const why = notLoaded.map((g) => g.why).join('; ');
  const count = notLoaded.reduce((sum, g) => sum + g.count, 0);
  const unloaded = configured(count);
  if (loaded === 0) return `The controller would start, but ${count === 1 ? 'does not load the configured plugin' : `loads none of the ${unloaded}`}: ${why}`;
  return `The controller would start: nothing in the ${loaded} plugin${loaded === 1 ? '' : 's'} it loads stops it; it loads none of the other ${unloaded}: ${why}`;
}

export function computeVerdict(input: VerdictInput): Verdict {
  const all = reported(input.findings);
  const affectedResources = affected(input.findings, input.references);
  const uses = usesPlugin(input.references);
  const usedPlugin = (f: Finding) => f.plugin !== undefined && uses(f.plugin);
  const having = (...effects: Effect[]) => all.filter((r) => r.effect !== undefined && effects.includes(r.effect));
  const gaps = (which: 'now' | 'onRestart') => input.notChecked.filter((g) => g.blinds.includes(which)).map(gapReason);
  const unseen = reasonsOf(having('not-seen'));

  const rank = startupRank(input.downloadOrder ?? []);
  // The first reason is what stops a restart: the cause the controller meets first. With no configuration
  // read, none is proven: the gap that says so (coverage.ts configurationNotReadGap) leaves it unknown.
  const fatal = !input.configurationRead ? [] : [...having(...RESTART_BREAKING_EFFECTS.filter((e) => e !== 'fatal-while-logged')), ...(input.logsCurrent ? having('fatal-while-logged') : [])].sort((a, b) => rank(a.finding) - rank(b.finding));
  const restartUnknown = [...reasonsOf(RESTART_OPENING_EFFECTS.flatMap((e) => having(e))), ...gaps('onRestart')];
  const onRestart =
    fatal.length > 0
      ? part('broken', 'A restart now would fail', reasonsOf(fatal))
      : restartUnknown.length > 0
        ? part('unknown', 'Cannot tell whether a restart would start', restartUnknown)
        : part('ok', startsWith(input.pluginCount, input.notLoaded ?? []), []);

  let now: VerdictPart;
  if (!input.judgesNow) {
    now = part('not-checked', 'Not checked: this command judges the configuration, not the running controller (run doctor for that)', []);
  } else {
    const broken = [...having('broken-now'), ...having('breaks-users').filter((r) => usedPlugin(r.finding))];
    const nowUnknown = [...unseen, ...gaps('now')];
    now =
      broken.length > 0
        ? part('broken', 'Broken now', reasonsOf(broken))
        : nowUnknown.length > 0
          ? part('unknown', 'Cannot tell whether plugins work now', nowUnknown)
          : part('ok', 'The controller is running and no Rollout or AnalysisRun shows a plugin error', []);
  }
  return { now, onRestart, affectedResources };
}

/** Whether a Rollout or AnalysisTemplate uses the plugin: what a plugin's own failure ('breaks-users') breaks now. */
export function usesPlugin(references: readonly PluginReference[]): (plugin: PluginRef) => boolean {
  const used = new Set(references.map(pluginKey));
  return (plugin) => used.has(pluginKey(plugin));
}

/** Resources that use a plugin with an error finding, configured or not. */
function affected(findings: readonly Finding[], references: readonly PluginReference[]): string[] {
  // A symptom keeps its plugin when its cause names none (plugin-not-configured under key-unknown).
  const errors = findings.flatMap((f) => [...(f.severity === 'error' ? [f.plugin] : []), ...(f.symptoms ?? []).filter((s) => declarationOf(s)?.severity === 'error').map((s) => s.plugin)]);
  const broken = new Set(errors.filter((p) => p !== undefined).map(pluginKey));
  return [...new Set(references.filter((r) => broken.has(pluginKey(r))).map((r) => r.resource))].sort();
}
