import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { entryFatalLine, pluginRef, readEntries, where, redactText } from './support.js';

export const disabledStepStillDownloaded: Check<ConfigFacts> = {
  meta: {
    id: 'disabled-step-still-downloaded',
    severity: 'info',
    step: 'config',
    title: 'A disabled step plugin is still downloaded at start-up',
    description: '`disabled: true` only makes Rollouts skip the step; the controller still downloads or copies the plugin at start-up, so a broken location or checksum still stops it.',
    fix: 'Remove the entry entirely if the plugin is not needed.',
    variants: {
      'stops-start': {
        severity: 'error',
        title: 'A disabled step plugin still stops the controller at start-up',
        effect: 'fatal-at-startup',
        symptomOf: { effects: ['fatal-at-startup'] },
      },
    },
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (!e.disabled || e.type !== 'step') continue;
      const fatal = entryFatalLine(facts, e);
      report({
        plugin: pluginRef(e),
        ...(fatal.length > 0 && { variant: 'stops-start' }),
        title: fatal.length > 0 ? `${e.name} is disabled but its entry still stops the controller` : `${e.name} is disabled but still downloaded at every start`,
        evidence: [`${where(e)}: disabled: true, location ${redactText(e.location)}`, ...fatal],
        fix: `Delete ${where(e)} if no Rollout needs ${e.name}.`,
      });
    }
  },
};
