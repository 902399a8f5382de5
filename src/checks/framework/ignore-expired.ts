/** An ignore of the ignore file past its expiry date: the findings it covered are back. */
import type { Check } from '../../core/check.js';
import type { IgnoreFile, IgnoreRule } from '../../pipeline/ignore-file.js';

/** An ignore applies up to and including its expiry day (UTC). */
export function expired(rule: IgnoreRule, today: string): boolean {
  return rule.expires !== undefined && rule.expires < today;
}

export interface IgnoreFileFacts {
  file: IgnoreFile;
  /** `YYYY-MM-DD`, UTC. */
  today: string;
  /** The plugin names of the configurations the run judged; absent when it judged none (probe URL, handshake PATH, nothing read). */
  configured?: readonly string[];
}

export const ignoreExpired: Check<IgnoreFileFacts> = {
  meta: {
    id: 'ignore-expired',
    severity: 'warning',
    step: 'config',
    title: 'An ignore in the ignore file has expired',
    description:
      'An entry of `.rollouts-plugins.yaml` (or `--config FILE`) ignored a finding until a date that has passed. The ignore no longer applies: the findings it covered are in the report again, so that an accepted risk is looked at again rather than forgotten.',
    fix: 'Fix what the finding says and remove the ignore, or give it a new `expires:` date with a current `reason:`.',
    example: 'ignore:\n  - id: sha256-missing\n    plugin: argoproj-labs/gatewayAPI\n    reason: pinned by the mirror\n    expires: 2026-01-31',
  },
  run({ file, today }, report) {
    for (const rule of file.ignores) {
      if (!expired(rule, today)) continue;
      report({
        title: `The ignore of ${rule.id}${rule.plugin ? ` for ${rule.plugin}` : ''} expired on ${rule.expires}: its findings are reported again`,
        evidence: [`${file.path}:${rule.line}: reason: ${rule.reason}`],
        fix: `Fix the finding and remove the ignore at ${file.path}:${rule.line}, or set a new expires: with a current reason.`,
        location: { file: file.path, line: rule.line, column: 1 },
      });
    }
  },
};
