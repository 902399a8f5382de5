import type { Check } from '../../core/check.js';
import type { ConfigFacts, FixBeforeRename, UnknownDataKey } from '../../config/types.js';

/** The variant config/lint.ts reports for an entry under a misspelt key that would stop the controller once renamed. */
export const FAILS_AFTER_RENAME = 'fails-after-rename';
/** The variant config/lint.ts reports for an entry under a misspelt key that would leave the controller's start unconfirmed once renamed. */
export const UNDECIDED_AFTER_RENAME = 'undecided-after-rename';

/**
 * `a, b (key-unknown/fails-after-rename) and c (key-unknown/undecided-after-rename)`: every name, each once
 * and in the list's order, under what it would do (an entry that would stop the controller is named there only).
 */
function fixFirstText(k: UnknownDataKey, fixFirst: readonly FixBeforeRename[]): string {
  const position = (f: FixBeforeRename) => k.renamed?.entries.findIndex((e) => e.name === f.plugin) ?? -1;
  const inOrder = [...fixFirst].sort((a, b) => position(a) - position(b));
  const named = (f: FixBeforeRename) => f.plugin ?? `the value of data.${k.key}`;
  const fails = [...new Set(inOrder.filter((f) => f.restart === 'fails').map(named))];
  const undecided = [...new Set(inOrder.filter((f) => f.restart === 'undecided').map(named))].filter((name) => !fails.includes(name));
  return [
    ...(fails.length > 0 ? [`${fails.join(', ')} (key-unknown/${FAILS_AFTER_RENAME})`] : []),
    ...(undecided.length > 0 ? [`${undecided.join(', ')} (key-unknown/${UNDECIDED_AFTER_RENAME})`] : []),
  ].join(' and ');
}

/** Never a bare rename when renaming is not enough: the key it stands for is set too, or something under it must be fixed first. */
function fixOf(k: UnknownDataKey, facts: ConfigFacts): string {
  if (!k.suggestion) return 'Move its entries under trafficRouterPlugins, metricProviderPlugins or stepPlugins.';
  // Renaming would give data that key twice (a mapping holds each key once).
  if (facts.keys.some((key) => key.key === k.suggestion && key.present))
    return `Move its entries to the end of the list under data.${k.suggestion}, which is set too, and remove data.${k.key}: renamed, the ConfigMap would hold ${k.suggestion} twice.`;
  const fixFirst = k.fixFirst ?? [];
  if (fixFirst.length === 0) return `Rename data.${k.key} to data.${k.suggestion}.`;
  const outcome = fixFirst.some((f) => f.restart === 'fails') ? 'the controller would not start' : 'whether the controller starts could not be confirmed';
  return `First fix ${fixFirstText(k, fixFirst)}, then rename data.${k.key} to data.${k.suggestion}: renamed as it is, ${outcome}.`;
}

export const keyUnknown: Check<ConfigFacts> = {
  meta: {
    id: 'key-unknown',
    severity: 'error',
    step: 'config',
    title: 'A ConfigMap key looks like a plugin key but is not one: its plugins are never loaded',
    description:
      'The controller reads exactly `trafficRouterPlugins`, `metricProviderPlugins` and `stepPlugins` (case-sensitive). `metricPlugins`, `trafficRouterPlugin` or `stepplugins` are ignored silently, and every Rollout or AnalysisRun using those plugins fails with `plugin … not configured in configmap` (reported inside this finding). When the key is a misspelling of a real one, what it holds (its entries, or its value when that is no list) is also judged as the controller would meet it once renamed, and what breaks there is reported on its own, at that entry in the file; what would stop the controller then is `key-unknown/fails-after-rename`, and what would leave its start unconfirmed (a placeholder in the location, an asset the release does not publish) is `key-unknown/undecided-after-rename`. Both leave the restart verdict as it is (today the controller ignores the key and starts), and the fix names every entry they report: each must be fixed before the rename.',
    fix: 'Rename the key to the exact name, once nothing under it would stop the controller or leave its start unconfirmed (the finding names each such entry).',
    example: 'data:\n  metricPlugins: |',
    variants: {
      // Reported by config/lint.ts, which judges the renamed entries with every check. No effect: the controller ignores the key today and starts.
      [FAILS_AFTER_RENAME]: {
        severity: 'error',
        title: 'What a misspelt key holds (one of its entries, or its value itself) would stop the controller once the key is renamed as suggested',
      },
      // The same for what leaves a restart undecided (restart-undecided, not-seen): once renamed, whether the controller starts could not be confirmed.
      [UNDECIDED_AFTER_RENAME]: {
        severity: 'error',
        title: 'What a misspelt key holds (one of its entries, or its value itself) would leave the controller\'s start unconfirmed once the key is renamed as suggested',
      },
    },
  },
  run(facts, report) {
    for (const k of facts.unknownDataKeys) {
      report({
        location: { key: k.key },
        title: `data.${k.key} is not read by the controller${k.suggestion ? ` (did you mean ${k.suggestion}?)` : ''}`,
        // What would stop the controller once renamed is key-unknown/fails-after-rename's evidence, not repeated here.
        evidence: [`${facts.source}: data keys read by the controller: trafficRouterPlugins, metricProviderPlugins, stepPlugins; found ${JSON.stringify(k.key)}`],
        fix: fixOf(k, facts),
      });
    }
  },
};
