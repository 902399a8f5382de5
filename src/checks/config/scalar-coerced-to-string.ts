import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where } from './support.js';

export const scalarCoercedToString: Check<ConfigFacts> = {
  meta: {
    id: 'scalar-coerced-to-string',
    severity: 'warning',
    step: 'config',
    title: 'An unquoted value is read as a number or boolean and changes on its way to the controller',
    description:
      'The controller parses YAML 1.1: unquoted `yes`, `on`, `0x1F`, `1e10`, `0777` are booleans or numbers, and become a different string (`true`, `31`, `1e+10`, `511`) in a string field. A sha256 or name written that way does not say what it seems to.',
    fix: 'Quote the value.',
    example: 'name: yes',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      for (const c of e.coerced) {
        if (c.written === c.result) continue; // `8080` in args stays "8080": harmless
        report({
          plugin: pluginRef(e),
          title: `${where(e)}: ${c.field}: ${c.written} becomes ${JSON.stringify(c.result)}`,
          evidence: [`YAML 1.1 reads \`${c.written}\` as a ${c.from}; the controller's string field gets ${JSON.stringify(c.result)}`],
          fix: `${c.field.replace(/\[\d+\]$/, '')}: "${c.written}"`,
        });
      }
    }
  },
};
