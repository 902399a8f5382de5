import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { expectedNameAt, knownPluginFor } from '../../config/known-plugins.js';
import { PLUGIN_NAME_PATTERN } from '../../config/types.js';
import { entryNameFatalLine, pluginRef, readEntries, where } from './support.js';

export const nameInvalidFormat: Check<ConfigFacts> = {
  meta: {
    id: 'name-invalid-format',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: 'A plugin name is not `<namespace>/<name>`: the controller exits at start-up',
    description:
      'Every name must match `^([a-zA-Z0-9-]+)/([a-zA-Z0-9_.-]+)$` (letters, digits and dashes, a slash, then letters, digits, `_`, `.`, `-`). Anything else stops the controller: `validation of config due to (plugin repository (NAME) must be in the format of <namespace>/<name>)`.',
    fix: 'Rename it to `<namespace>/<name>`, e.g. `argoproj-labs/openshift`, and use the same name in every Rollout or AnalysisTemplate that refers to it.',
    example: 'name: openshift-route-plugin',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (e.nameValid) continue;
      // A well-known plugin reads its settings under one name: suggest that one (docs/known-plugins.md).
      const known = knownPluginFor(e.location, e.type);
      const expected = known && expectedNameAt(known, e.location);
      const suggestion = expected && PLUGIN_NAME_PATTERN.test(expected) ? expected : /^[a-zA-Z0-9_\-.]+$/.test(e.name) ? `<namespace>/${e.name}` : '<namespace>/<name>';
      report({
        plugin: pluginRef(e),
        title: e.notAMapping
          ? `${where(e)} is ${e.notAMapping}, not a mapping: it becomes a plugin with an empty name`
          : `plugin name ${JSON.stringify(e.name)} is not in the form <namespace>/<name>`,
        evidence: [
          `${facts.source}: ${where(e)}: name ${JSON.stringify(e.name)} does not match ^([a-zA-Z0-9-]+)/([a-zA-Z0-9_.-]+)$`,
          ...entryNameFatalLine(facts, e),
          ...(known && expected === suggestion ? [`the location is the ${known.title} (${known.repository}), which reads its settings under ${JSON.stringify(expected)}`] : []),
        ],
        fix: e.notAMapping
          ? `Make ${where(e)} a mapping:\n- name: "<namespace>/<name>"\n  location: "https://…"`
          : `name: "${suggestion}"   # and the same name wherever a Rollout/AnalysisTemplate refers to it`,
      });
    }
  },
};
