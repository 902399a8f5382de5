import type { Check } from '../../core/check.js';
import type { ParsedEntry, UsageFacts } from '../../config/types.js';
import { PLUGIN_NAME_PATTERN } from '../../config/types.js';
import { headersFromRead } from '../../config/version.js';
import { releaseTagOf } from '../../config/known-plugins.js';
import { pinnedEntryYaml } from '../../probe/pin.js';
import { redactText } from '../config/support.js';
import { digestCommand } from '../config/sha256-support.js';
import { misregisteredPlugins } from './support.js';

export const pluginRegisteredNameMismatch: Check<UsageFacts> = {
  meta: {
    id: 'plugin-registered-name-mismatch',
    severity: 'error',
    step: 'usage',
    effect: 'breaks-users',
    title: 'A well-known plugin is registered under a name it does not look itself up by',
    description:
      'Plugins read their settings from the Rollout or AnalysisTemplate under a name hard-coded in the plugin: the Gateway API plugin under `argoproj-labs/gatewayAPI`, Consul under `hashicorp/consul` (its README shows `argoproj-labs/consul`), and so on for every plugin in docs/known-plugins.md. Registered under another name the plugin starts, but finds no configuration and fails on every reconcile; a Rollout that uses the expected name finds no plugin at all.',
    fix: 'Register it under the name the plugin expects (docs/known-plugins.md), and use that name in the Rollouts and AnalysisTemplates.',
    variants: {
      unused: { severity: 'warning', title: 'A well-known plugin is registered under a name it does not look itself up by; no Rollout uses it yet' },
      'no-name-works': {
        severity: 'error',
        effect: 'breaks-users',
        title: 'This release of the plugin looks itself up by a name no controller accepts: no registration can work',
      },
    },
  },
  run(facts, report) {
    for (const { entry: e, known, expected } of misregisteredPlugins(facts)) {
      const users = facts.references.filter((r) => r.type === e.type && (r.name === e.name || r.name === expected)).map((r) => `${r.resource} (as ${r.name})`);
      const where = `${e.key}[${e.index}]: location ${redactText(e.location)} is the ${known.title} (${known.repository})`;
      if (!PLUGIN_NAME_PATTERN.test(expected)) {
        const { name: current, from } = known.names[known.names.length - 1]!;
        const tag = releaseTagOf(e.location);
        report({
          plugin: { name: e.name, type: e.type },
          variant: 'no-name-works',
          title: `${e.name}: this release of the ${known.title} looks itself up as ${JSON.stringify(expected)}, which the controller rejects as a plugin name`,
          evidence: [
            where,
            `the plugin reads its settings under ${JSON.stringify(expected)} (${known.nameSource}); the controller only accepts <namespace>/<name>, so it can never be found`,
            ...(users.length > 0 ? [`used by ${users.join(', ')}`] : []),
          ],
          fix:
            from && tag
              ? newerReleaseFix(e, headersFromRead(e, facts.config.features), current, e.location.replace(`/download/${tag}/`, `/download/${from}/`), `${from} of ${known.repository}`)
              : `Use a newer release of ${known.repository}, which looks itself up as ${current}:\nname: "${current}"`,
        });
        continue;
      }
      report({
        plugin: { name: e.name, type: e.type },
        ...(users.length === 0 && { variant: 'unused' }),
        title: `${e.name} is the ${known.title}, which looks itself up as ${expected}`,
        evidence: [
          where,
          `the plugin reads its settings under ${JSON.stringify(expected)} (${known.nameSource}), registered here as ${JSON.stringify(e.name)}`,
          ...(users.length > 0 ? [`used by ${users.join(', ')}`] : []),
        ],
        fix: `name: "${expected}"   # in ${e.key}, and in the Rollouts and AnalysisTemplates that use it`,
      });
    }
  },
};

/**
 * The entry replaced by the newer release's, under the name it looks itself up by: a sha256 pinned
 * for the old release would not match it (the controller would exit), so it has none until pinned.
 */
function newerReleaseFix(e: ParsedEntry, headersSecrets: readonly string[], name: string, location: string, release: string): string {
  const entry = pinnedEntryYaml({
    name,
    location: redactText(location),
    key: e.key,
    ...(e.args ? { args: e.args } : {}),
    ...(e.headersFrom ? { headersFrom: e.headersFrom } : {}),
    ...(e.disabled !== undefined ? { disabled: e.disabled } : {}),
  });
  const pinned = e.sha256 !== undefined ? ` (the sha256 pinned for ${releaseTagOf(e.location)} would not match it)` : '';
  return `Replace the entry with release ${release}, which looks itself up as ${name}${pinned}, and use that name in the Rollouts and AnalysisTemplates; then pin its sha256: ${digestCommand(location, location, headersSecrets)}\n${entry}`;
}
