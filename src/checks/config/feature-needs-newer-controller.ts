import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { entryFatalLine, pluginRef, readEntries, where } from './support.js';

export const featureNeedsNewerController: Check<ConfigFacts> = {
  meta: {
    id: 'feature-needs-newer-controller',
    severity: 'warning',
    step: 'config',
    title: 'An entry uses a field the controller release ignores (args, disabled, headersFrom)',
    description:
      'Older controllers ignore keys and fields they do not know: `args` before v1.7.0; `stepPlugins`, `disabled` and `headersFrom` before v1.8.0; plugins at all before v1.5.0. Worse, before v1.7.0 ANY sha256 makes start-up fail (the digest was computed wrongly, argo-rollouts #3520). The version comes from the cluster or `--controller-version`.',
    fix: 'Upgrade the controller, or remove what it cannot use.',
    variants: {
      'no-plugin-support': { severity: 'warning', title: 'The controller release has no plugin support (v1.5.0 and later): every entry is ignored' },
      'headers-ignored': {
        severity: 'warning',
        title: 'The controller release ignores headersFrom (v1.8.0 and later): the download is sent without those headers',
        // What the server answers that download (an error status, its page saved as the plugin) is reported there, with this as its reason.
        symptomOf: { ids: ['download-http-status', 'binary-is-text', 'binary-is-json', 'binary-is-html'] },
      },
      'key-ignored': { severity: 'warning', title: 'The controller release does not read this ConfigMap key (stepPlugins: v1.8.0 and later)' },
      'sha256-always-fails': {
        severity: 'error',
        title: 'The controller release fails start-up on any sha256 (before v1.7.0)',
        effect: 'fatal-at-startup',
      },
      'breaks-on-upgrade': { severity: 'warning', title: 'A key the controller release accepts stops newer controllers at start-up' },
      'stock-install-no-plugin-bin': {
        severity: 'warning',
        title: 'The stock install of this controller release has no writable plugin-bin: every plugin stops it at start-up (v1.7.0)',
      },
    },
  },
  run(facts, report) {
    // Only a known release is judged: the newest is assumed otherwise, and it has every feature.
    if (!facts.versionKnown) return;
    const { features } = facts;
    const v = `controller ${facts.controllerVersion}`;
    if (!features.plugins) {
      if (facts.entries.length > 0)
        report({ variant: 'no-plugin-support', title: `${v} has no plugin support (v1.5.0 and later)`, evidence: [`${facts.entries.length} plugin entries are ignored`], fix: 'Upgrade Argo Rollouts to v1.5.0 or later.' });
      return;
    }
    for (const k of facts.keys) {
      if (k.ignoredByController && k.present && k.entries.length > 0)
        report({ variant: 'key-ignored', title: `${v} does not read data.${k.key} (v1.8.0 and later)`, evidence: [`${k.entries.length} step plugin entries: ${k.entries.map((e) => e.name).join(', ')}`], fix: 'Upgrade Argo Rollouts to v1.8.0 or later to use step plugins.' });
    }
    for (const e of facts.entries) {
      if (facts.keys.find((k) => k.key === e.key)?.ignoredByController) continue;
      if (e.args && !features.args)
        report({ plugin: pluginRef(e), title: `${e.name}: ${v} ignores args (v1.7.0 and later)`, evidence: [`${where(e)}: args ${JSON.stringify(e.args)}`], fix: 'Upgrade to v1.7.0 or later, or make the plugin work without args.' });
      if (e.sha256 !== undefined && !features.sha256Compared && (e.locationFacts.kind === 'http' || e.locationFacts.kind === 'https'))
        report({
          plugin: pluginRef(e),
          variant: 'sha256-always-fails',
          title: `${e.name}: ${v} fails start-up on any sha256`,
          evidence: [`${where(e)}: sha256 ${e.sha256}; before v1.7.0 the controller compares it with a wrongly computed digest, so it never matches`, ...entryFatalLine(facts, e)],
          fix: 'Remove sha256 until the controller is v1.7.0 or later.',
        });
      if (!features.v18) {
        if (e.disabled) report({ plugin: pluginRef(e), title: `${e.name}: ${v} ignores disabled (v1.8.0 and later)`, evidence: [`${where(e)}: disabled: true`], fix: 'Upgrade to v1.8.0 or later.' });
        if (e.headersFrom)
          report({ plugin: pluginRef(e), variant: 'headers-ignored', title: `${e.name}: ${v} ignores headersFrom (v1.8.0 and later): the download is sent without those headers`, evidence: [`${where(e)}: headersFrom secrets ${JSON.stringify(e.headersFrom)}`], fix: 'Upgrade to v1.8.0 or later, or serve the binary without authentication.' });
      }
    }
    const read = readEntries(facts);
    // doctor reads the pod spec and says it for certain (readonly-root-no-plugin-bin-mount); a file can only be warned.
    if (features.stockInstallWithoutPluginBin && !facts.podSpecRead && read.length > 0) {
      report({
        variant: 'stock-install-no-plugin-bin',
        title: `${v}: its stock install.yaml (and argo-helm charts 2.36.0-2.36.2) set readOnlyRootFilesystem without a writable plugin-bin, so the ${read.length} plugin(s) here stop it at start-up`,
        evidence: [
          `plugins configured: ${read.map((e) => e.name).join(', ')}`,
          'argo-rollouts #3642: the controller cannot create /home/argo-rollouts/plugin-bin; v1.7.1 and chart 2.37.0 add emptyDir volumes plugin-bin and tmp',
        ],
        fix: 'Upgrade to v1.7.1 or later (chart 2.37.0 or later), or mount emptyDir volumes at /home/argo-rollouts/plugin-bin and /tmp in the controller container.',
      });
    }
    for (const k of facts.keys) {
      if (!k.newestReleaseError) continue;
      report({
        variant: 'breaks-on-upgrade',
        title: `data.${k.key} is accepted by ${v} but stops newer controllers at start-up`,
        evidence: [`with v1.8.0 and later: ${k.newestReleaseError.message}`],
        fix: 'Fix the entry before upgrading the controller (see the field named in the error).',
      });
    }
  },
};
