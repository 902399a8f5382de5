import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where } from './support.js';

export const fieldUnknown: Check<ConfigFacts> = {
  meta: {
    id: 'field-unknown',
    severity: 'error',
    step: 'config',
    title: 'An entry has a field the controller does not know: it is ignored silently',
    description:
      'The controller drops unknown fields without a word, so a typo disables the feature: `sha265:` means no checksum is checked, `header_from:` means the download is sent without its headers. As kubectl\'s strict field validation does, an unknown field is an error. Field names are matched case-insensitively, so `Location` is fine.',
    fix: 'Rename the field to the one it was meant to be, or remove it.',
    example: 'sha265: 3f1c…',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      for (const u of e.unknownFields) {
        report({
          plugin: pluginRef(e),
          title: `${e.name || where(e)}: unknown field ${JSON.stringify(u.path)}${u.suggestion ? ` (did you mean ${JSON.stringify(u.suggestion)}?)` : ''} is ignored`,
          evidence: [`${where(e)}: ${u.path}${u.line !== undefined ? ` at line ${u.line} of the value` : ''}; known fields: name, location, sha256, args, headersFrom, disabled`],
          fix: u.suggestion ? `Rename \`${u.key}:\` to \`${u.suggestion}:\`.` : `Remove \`${u.key}:\`; the controller does not read it.`,
        });
      }
    }
  },
};
