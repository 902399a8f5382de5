import type { Check } from '../../core/check.js';
import type { FindingInput } from '../../core/finding.js';
import type { ConfigFacts } from '../../config/types.js';
import { controllerFeatures, parseControllerVersion } from '../../config/version.js';
import { entryFatalLine, pluginRef, where } from './support.js';

export const featureNeedsNewerController: Check<ConfigFacts> = {
  meta: {
    id: 'feature-needs-newer-controller',
    severity: 'warning',
    step: 'config',
    title: 'The configuration uses a feature the controller release does not have',
    description:
      'Older controllers ignore keys and fields they do not know: `args` before v1.7.0; `stepPlugins`, `disabled` and `headersFrom` before v1.8.0; plugins at all before v1.5.0. Worse, before v1.7.0 ANY sha256 makes start-up fail (the digest was computed wrongly, argo-rollouts #3520). The version comes from the cluster or `--controller-version`.',
    fix: 'Upgrade the controller, or remove what it cannot use.',
  },
  run(facts, report) {
    const version = facts.controllerVersion ? parseControllerVersion(facts.controllerVersion) : undefined;
    if (!version) return;
    const features = controllerFeatures(version);
    const v = `controller ${facts.controllerVersion}`;
    const say = (finding: FindingInput) => report(finding);
    if (!features.plugins) {
      if (facts.entries.length > 0)
        say({ title: `${v} has no plugin support (v1.5.0 and later)`, evidence: [`${facts.entries.length} plugin entries are ignored`], fix: 'Upgrade Argo Rollouts to v1.5.0 or later.' });
      return;
    }
    for (const k of facts.keys) {
      if (k.ignoredByController && k.present && k.entries.length > 0)
        say({ title: `${v} does not read data.${k.key} (v1.8.0 and later)`, evidence: [`${k.entries.length} step plugin entries: ${k.entries.map((e) => e.name).join(', ')}`], fix: 'Upgrade Argo Rollouts to v1.8.0 or later to use step plugins.' });
    }
    for (const e of facts.entries) {
      if (facts.keys.find((k) => k.key === e.key)?.ignoredByController) continue;
      if (e.args && !features.args)
        say({ plugin: pluginRef(e), title: `${e.name}: ${v} ignores args (v1.7.0 and later)`, evidence: [`${where(e)}: args ${JSON.stringify(e.args)}`], fix: 'Upgrade to v1.7.0 or later, or make the plugin work without args.' });
      if (e.sha256 !== undefined && !features.sha256Compared && (e.locationFacts.kind === 'http' || e.locationFacts.kind === 'https'))
        say({
          plugin: pluginRef(e),
          severity: 'error',
          title: `${e.name}: ${v} fails start-up on any sha256`,
          evidence: [`${where(e)}: sha256 ${e.sha256}; before v1.7.0 the controller compares it with a wrongly computed digest, so it never matches`, ...entryFatalLine(facts, e)],
          fix: 'Remove sha256 until the controller is v1.7.0 or later.',
        });
      if (!features.v18) {
        if (e.disabled) say({ plugin: pluginRef(e), title: `${e.name}: ${v} ignores disabled (v1.8.0 and later)`, evidence: [`${where(e)}: disabled: true`], fix: 'Upgrade to v1.8.0 or later.' });
        if (e.headersFrom)
          say({ plugin: pluginRef(e), title: `${e.name}: ${v} ignores headersFrom (v1.8.0 and later): the download is sent without those headers`, evidence: [`${where(e)}: headersFrom secrets ${JSON.stringify(e.headersFrom)}`], fix: 'Upgrade to v1.8.0 or later, or serve the binary without authentication.' });
      }
    }
    for (const k of facts.keys) {
      if (!k.newestReleaseError) continue;
      say({
        title: `data.${k.key} is accepted by ${v} but stops newer controllers at start-up`,
        evidence: [`with v1.8.0 and later: ${k.newestReleaseError.message}`],
        fix: 'Fix the entry before upgrading the controller (see the field named in the error).',
      });
    }
  },
};
