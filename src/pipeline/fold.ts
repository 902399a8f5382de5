/**
 * Root causes, not echoes: a finding declared as a symptom (a crash loop, the controller's own fatal
 * log line, a handshake that cannot run a web page) is folded into the finding that causes it, as
 * evidence, so one cause gives one finding. A symptom with no cause in the report stands alone.
 */
import { declarationOf } from '../checks/registry.js';
import { variantKey } from '../core/check.js';
import { pluginKey, samePlugin, type Finding, type PluginRef, type Symptom } from '../core/finding.js';

function explains(cause: Finding, symptom: Finding): boolean {
  const wanted = declarationOf(symptom)?.symptomOf;
  if (!wanted || cause === symptom) return false;
  const byId = wanted.ids?.some((id) => id === cause.id || id === variantKey(cause.id, cause.variant)) ?? false;
  const effect = declarationOf(cause)?.effect;
  const byEffect = effect !== undefined && (wanted.effects?.includes(effect) ?? false);
  if (!byId && !byEffect) return false;
  // Two findings about different data keys are about different things (old helm values, one per key).
  if (cause.location?.key && symptom.location?.key && cause.location.key !== symptom.location.key) return false;
  // A symptom about one plugin is explained by a cause about the same plugin, or about none in particular (the pod spec).
  return !symptom.plugin || !cause.plugin || samePlugin(cause.plugin, symptom.plugin);
}

/**
 * When the controller meets a finding at start-up, as a rank: `downloadOrder` is the configured plugins
 * in the order it downloads them (traffic routers, then metric providers, then step plugins, each in
 * list order). A finding about no plugin (the configuration's shape, the pod spec) stops it before or
 * at its first download; one about a plugin it does not download, after all of them.
 */
export function startupRank(downloadOrder: readonly PluginRef[]): (finding: Finding) => number {
  const reached = new Map<string, number>();
  for (const [i, plugin] of downloadOrder.entries()) if (!reached.has(pluginKey(plugin))) reached.set(pluginKey(plugin), i);
  return (f) => (f.plugin ? (reached.get(pluginKey(f.plugin)) ?? downloadOrder.length) : -1);
}

/**
 * `downloadOrder` (startupRank): a symptom about no plugin (a crash loop) goes to the cause the
 * controller meets first, not the first the report lists.
 */
export function foldSymptoms(findings: readonly Finding[], downloadOrder: readonly PluginRef[] = []): Finding[] {
  const reachedAt = startupRank(downloadOrder);
  const firstReached = (fs: readonly Finding[]) => fs.reduce<Finding | undefined>((first, f) => (first === undefined || reachedAt(f) < reachedAt(first) ? f : first), undefined);
  const causeOf = new Map<Finding, Finding>();
  // Causes by plugin, so 30,000 plugins do not cost 30,000² comparisons: a symptom about a plugin
  // looks only at that plugin's findings and at those about no plugin in particular.
  const order = new Map(findings.map((f, i) => [f, i]));
  const keyOf = (f: Finding) => (f.plugin ? pluginKey(f.plugin) : '');
  const byPlugin = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byPlugin.get(keyOf(f));
    if (list) list.push(f);
    else byPlugin.set(keyOf(f), [f]);
  }
  for (const symptom of findings) {
    if (!declarationOf(symptom)?.symptomOf) continue;
    const pool = symptom.plugin ? [...(byPlugin.get(keyOf(symptom)) ?? []), ...(byPlugin.get('') ?? [])].sort((a, b) => order.get(a)! - order.get(b)!) : findings;
    const candidates = pool.filter((c) => explains(c, symptom));
    const roots = candidates.filter((c) => !declarationOf(c)?.symptomOf);
    // About a plugin: prefer a cause that is not itself a symptom. About none (a crash loop): the
    // controller's own fatal line names the entry it failed on, and goes on to that entry's cause;
    // without one, the cause the controller reaches first.
    const cause = symptom.plugin
      ? (roots[0] ?? candidates[0])
      : (firstReached(candidates.filter((c) => c.plugin && declarationOf(c)?.effect === 'fatal-while-logged')) ?? firstReached(roots) ?? candidates[0]);
    if (cause) causeOf.set(symptom, cause);
  }
  const rootOf = (finding: Finding): Finding => {
    const seen = new Set<Finding>([finding]);
    let root = finding;
    for (let next = causeOf.get(root); next && !seen.has(next); next = causeOf.get(root)) {
      seen.add(next);
      root = next;
    }
    return root;
  };
  const folded = new Map<Finding, Symptom[]>();
  for (const finding of findings) {
    const root = rootOf(finding);
    if (root === finding) continue;
    const symptom: Symptom = {
      id: finding.id,
      ...(finding.variant !== undefined && { variant: finding.variant }),
      ...(finding.plugin && !root.plugin && { plugin: finding.plugin }),
      title: finding.title,
      evidence: finding.evidence,
    };
    const list = folded.get(root);
    if (list) list.push(symptom);
    else folded.set(root, [symptom]);
  }
  return findings
    .filter((f) => rootOf(f) === f)
    .map((f) => (folded.has(f) ? { ...f, symptoms: [...(f.symptoms ?? []), ...folded.get(f)!] } : f));
}
