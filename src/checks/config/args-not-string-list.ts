import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { fatalLine, unmarshalErrorField } from './support.js';

export const argsNotStringList: Check<ConfigFacts> = {
  meta: {
    id: 'args-not-string-list',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: '`args` is not a list of strings: the controller exits at start-up',
    description:
      '`args` (v1.7.0 and later) must be a YAML list of strings. `args: --debug` (a string) or a nested list is a fatal decoding error at controller start-up.',
    fix: 'Write `args` as a list: `args: ["--debug"]` or one `- --debug` per line.',
    example: 'args: --log-level=debug',
  },
  run(facts, report) {
    for (const k of facts.keys) {
      if (unmarshalErrorField(k) !== 'args' || !k.unmarshalError) continue;
      report({
        title: `data.${k.key}: an entry's args is not a list of strings`,
        location: { key: k.key },
        evidence: [
          `${facts.source}: data.${k.key}: ${k.unmarshalError.message}`,
          ...(fatalLine(facts, k) ? [`the controller would exit with: ${fatalLine(facts, k)}`] : []),
        ],
        fix: 'Write args as a list of strings, one per flag:\n  args:\n    - "--log-level=debug"',
      });
    }
  },
};
