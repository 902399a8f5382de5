import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { fatalLine, unmarshalErrorField } from './support.js';

/** Fields with their own, more specific check. */
const FIELDS_WITH_OWN_CHECK = new Set(['args', 'headersFrom', 'disabled']);

export const configUnmarshalError: Check<ConfigFacts> = {
  meta: {
    id: 'config-unmarshal-error',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: 'A plugin list cannot be decoded: the controller exits at start-up',
    description:
      'The controller decodes each plugin key with sigs.k8s.io/yaml into a list of plugin entries. Broken YAML (a tab used for indentation, an unclosed quote), a value of the wrong type in an entry (a list where a string belongs), or a value JSON cannot hold (`.nan`) makes it exit with `Failed to init config: failed to unmarshal … plugins while initializing`, and the pod goes into CrashLoopBackOff.',
    fix: 'Fix the YAML at the line shown: indent with spaces only, and give each field the type the controller expects (`name`, `location`, `sha256`: strings; `args`: a list of strings; `disabled`: true/false).',
    example: 'trafficRouterPlugins: |\n  - name: argoproj-labs/gatewayAPI\n  \tlocation: https://…   # tab',
  },
  run(facts, report) {
    for (const k of facts.keys) {
      const error = k.unmarshalError;
      if (!error || k.shape === 'map' || k.shape === 'scalar') continue; // value-not-a-list says it better
      if (FIELDS_WITH_OWN_CHECK.has(unmarshalErrorField(k) ?? '')) continue;
      const tab = /tab character/.test(error.message);
      const position = error.line !== undefined ? ` at line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''} of the value` : '';
      report({
        title: `data.${k.key} cannot be decoded${position}: the controller exits at start-up`,
        location: { key: k.key },
        evidence: [
          `${facts.source}: data.${k.key}: ${error.message}`,
          ...(fatalLine(facts, k) ? [`the controller would exit with: ${fatalLine(facts, k)}`] : []),
          ...(error.exactWording ? [] : ['(the YAML parser here words syntax errors differently from go-yaml; the position is exact)']),
        ],
        fix: tab
          ? `Replace the tab characters in data.${k.key} with spaces (YAML forbids tabs for indentation).`
          : `Correct data.${k.key}${position}; every entry must be a mapping of name, location and optional sha256/args/headersFrom/disabled with those types.`,
      });
    }
  },
};
