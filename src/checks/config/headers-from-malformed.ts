import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { headersFromRead } from '../../config/version.js';
import { entryFatalLine, fatalLine, pluginRef, readEntries, unmarshalErrorField, where } from './support.js';

const SHAPE = 'headersFrom:\n  - secretRef:\n      name: <secret in the controller namespace>';

export const headersFromMalformed: Check<ConfigFacts> = {
  meta: {
    id: 'headers-from-malformed',
    severity: 'error',
    step: 'config',
    effect: 'fatal-at-startup',
    title: '`headersFrom` is malformed: the controller exits at start-up',
    description:
      '`headersFrom` (v1.8.0 and later) is a list of `{secretRef: {name: SECRET}}`; each Secret in the controller namespace is read and its keys become request headers of the download. Another shape is a fatal decoding error; an entry without a Secret name makes the Secret lookup fail (`failed to get secret in secretRef`).',
    fix: `Write it as\n${SHAPE}`,
    example: 'headersFrom:\n  - secretRef: github-token',
  },
  run(facts, report) {
    for (const k of facts.keys) {
      if (unmarshalErrorField(k) !== 'headersFrom' || !k.unmarshalError) continue;
      report({
        title: `data.${k.key}: an entry's headersFrom has the wrong shape`,
        location: { key: k.key },
        evidence: [
          `${facts.source}: data.${k.key}: ${k.unmarshalError.message}`,
          ...(fatalLine(facts, k) ? [`the controller would exit with: ${fatalLine(facts, k)}`] : []),
        ],
        fix: `Write it as\n${SHAPE}`,
      });
    }
    const failedKeys = new Set(facts.keys.filter((k) => k.unmarshalError).map((k) => k.key));
    for (const e of readEntries(facts)) {
      if (e.headersFromEmptyNames === 0 || failedKeys.has(e.key)) continue;
      if (headersFromRead(e, facts.features).length === 0) continue; // before v1.8.0: ignored, no Secret is looked up
      report({
        plugin: pluginRef(e),
        title: `${e.name}: headersFrom has ${e.headersFromEmptyNames} entr${e.headersFromEmptyNames === 1 ? 'y' : 'ies'} without a Secret name`,
        evidence: [`${where(e)}: headersFrom secret names: ${JSON.stringify(e.headersFrom)}`, ...entryFatalLine(facts, e)],
        fix: `Name the Secret:\n${SHAPE}`,
      });
    }
  },
};
