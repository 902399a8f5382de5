import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where, redactText } from './support.js';

export const sha256OnFileLocation: Check<ConfigFacts> = {
  meta: {
    id: 'sha256-on-file-location',
    severity: 'info',
    step: 'config',
    title: 'sha256 is set on a file:// location: the controller never checks it',
    description: 'The controller verifies sha256 only for http(s) downloads; for `file://` it copies the file as is, so the value gives no protection.',
    fix: 'Verify the file where it is produced (the image build or the init container), or remove the sha256 to avoid a false sense of safety.',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (e.sha256 === undefined || e.locationFacts.kind !== 'file') continue;
      report({
        plugin: pluginRef(e),
        title: `${e.name}: sha256 is ignored for ${redactText(e.location)}`,
        evidence: [`${where(e)}: location ${redactText(e.location)} (file), sha256 ${e.sha256}`],
        fix: 'Remove `sha256` from this entry, or check the file in the init container that provides it.',
      });
    }
  },
};
