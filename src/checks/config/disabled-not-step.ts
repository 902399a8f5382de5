import type { Check } from '../../core/check.js';
import { PLUGIN_TYPE_WORDS, type ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where } from './support.js';

export const disabledNotStep: Check<ConfigFacts> = {
  meta: {
    id: 'disabled-not-step',
    severity: 'warning',
    step: 'config',
    title: '`disabled` is set on a traffic router or metric plugin: it is ignored',
    description: 'Only step plugins honour `disabled`. A disabled traffic router or metric provider is still downloaded and still used by every Rollout/AnalysisTemplate that names it.',
    fix: 'Remove the entry (and its references) to stop using the plugin; remove `disabled` otherwise.',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (!e.disabled || e.type === 'step') continue;
      if (!facts.features.v18) continue; // the release reads disabled for no plugin: feature-needs-newer-controller says so
      report({
        plugin: pluginRef(e),
        title: `${e.name}: disabled has no effect on a ${PLUGIN_TYPE_WORDS[e.type]} plugin`,
        evidence: [`${where(e)}: disabled: true under ${e.key}`],
        fix: `Delete ${where(e)} to stop using ${e.name}, or delete its \`disabled: true\` line.`,
      });
    }
  },
};
