import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { fatalLine, unmarshalErrorField } from './support.js';

export const disabledNotBoolean: Check<ConfigFacts> = {
  meta: {
    id: 'disabled-not-boolean',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: '`disabled` is not a boolean: the controller exits at start-up',
    description:
      '`disabled` must be a YAML boolean. A quoted `"true"` or a number is a fatal decoding error at controller start-up (v1.8.0 and later). Unquoted `yes`/`on` are booleans in the YAML 1.1 the controller uses.',
    fix: 'Write `disabled: true` or `disabled: false`, without quotes.',
    example: 'disabled: "true"',
  },
  run(facts, report) {
    for (const k of facts.keys) {
      if (unmarshalErrorField(k) !== 'disabled' || !k.unmarshalError) continue;
      report({
        title: `data.${k.key}: an entry's disabled is not true/false`,
        location: { key: k.key },
        evidence: [
          `${facts.source}: data.${k.key}: ${k.unmarshalError.message}`,
          ...(fatalLine(facts, k) ? [`the controller would exit with: ${fatalLine(facts, k)}`] : []),
        ],
        fix: 'Write `disabled: true` (no quotes).',
      });
    }
  },
};
