/** An ignore whose `plugin:` names no configured plugin: a typo there silently ignores nothing. */
import type { Check } from '../../core/check.js';
import { closest } from '../../core/suggest.js';
import type { IgnoreFileFacts } from './ignore-expired.js';

export const ignoreUnknownPlugin: Check<IgnoreFileFacts> = {
  meta: {
    id: 'ignore-unknown-plugin',
    severity: 'warning',
    step: 'config',
    title: 'An ignore in the ignore file names a plugin that is not configured',
    description:
      'An entry of `.rollouts-plugins.yaml` (or `--config FILE`) ignores findings of a `plugin:` that no configuration judged in this run has, so it ignores nothing here: often a misspelt name, whose findings are then reported although the team accepted them. Reported only when the run read a configuration with plugins (not for `probe URL` or `handshake PATH`, nor when the ConfigMap could not be read); the ignore file is not an error for it, since one file may serve configurations with other plugins.',
    fix: 'Correct `plugin:` to the name as configured (`name:` of the entry), or remove the ignore if the plugin is gone.',
    example: 'ignore:\n  - id: sha256-missing\n    plugin: argoproj-labs/gatewayApi   # configured: argoproj-labs/gatewayAPI\n    reason: pinned by the mirror',
  },
  run({ file, configured }, report) {
    if (!configured || configured.length === 0) return;
    for (const rule of file.ignores) {
      if (rule.plugin === undefined || configured.includes(rule.plugin)) continue;
      const hint = closest(rule.plugin, configured);
      const line = rule.pluginLine ?? rule.line;
      report({
        title: `The ignore of ${rule.id} names plugin "${rule.plugin}", which no configuration of this run has${hint ? `: did you mean "${hint}"?` : ''}`,
        evidence: [`configured: ${[...new Set(configured)].join(', ')}`],
        fix: hint
          ? `Write plugin: ${hint} at ${file.path}:${line}, or remove the ignore if it is meant for another configuration.`
          : `Correct plugin: at ${file.path}:${line} to a configured name, or remove the ignore if the plugin is gone.`,
        location: { file: file.path, line, column: 1 },
      });
    }
  },
};
