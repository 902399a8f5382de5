import type { Check } from '../../core/check.js';
import type { ConfigFacts, ParsedEntry } from '../../config/types.js';
import { headersFromRead, type ControllerFeatures } from '../../config/version.js';
import { placeholderAnswer } from '../../config/placeholder.js';
import { placeholderIn, pluginRef, readEntries, where, redactText } from './support.js';
import { pinOnceFilled } from './sha256-support.js';

/** What the controller meets requesting an http(s) location that still holds a placeholder, at this release: only what is known from here. */
function requestEvidence(e: ParsedEntry, features: ControllerFeatures): string {
  const requested = `the controller requests ${redactText(e.locationFacts.target ?? e.location)} as written`;
  if (placeholderAnswer(e.locationFacts) === 'github-not-found') {
    const github = 'GitHub answers 404 Not Found for a release download whose tag or asset does not exist, as one named by a placeholder does not';
    return features.downloadStatusChecked
      ? `${requested}; ${github}, and from v1.8.0 the controller exits at start-up on it (response code Not Found)`
      : `${requested}; ${github}, and before v1.8.0 the controller saves that error page as the plugin, which fails when a rollout first uses it`;
  }
  const answer = 'what its server answers for a URL naming a placeholder is not known from here (lint --probe asks it)';
  return features.downloadStatusChecked
    ? `${requested}; ${answer}: from v1.8.0 a status outside 200–399 makes the controller exit at start-up, and anything it serves is taken as the plugin`
    : `${requested}; ${answer}: before v1.8.0 the controller saves whatever it answers as the plugin, an error page included, which fails when a rollout first uses it`;
}

export const locationPlaceholder: Check<ConfigFacts> = {
  meta: {
    id: 'location-placeholder',
    severity: 'error',
    step: 'config',
    effect: 'restart-undecided',
    title: 'The location still holds a template placeholder',
    description:
      'Plugin READMEs and templates write `<version>`, `<arch>`, `{{ … }}` or `CHANGE-ME` for the user to fill in. Nothing fills them later: the controller requests the URL (or copies the path) literally. GitHub answers 404 Not Found for a release download whose tag or asset does not exist, which controller v1.8+ turns into `Failed to download plugins` at start-up (before v1.8 the error page is saved as the plugin and fails when first used); what another server answers is not known until it is asked; a file path that holds one is missing unless an image really has that path. `lint --probe` or `doctor` shows what the server answers.',
    fix: 'Fill in the placeholder: the release tag with its `v`, the `linux-amd64`/`linux-arm64` asset, the real path. Then pin an http(s) location\'s `sha256`: `kubectl rollouts-plugins checksum URL` with the real URL prints it.',
    example: 'location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/<version>/gatewayapi-plugin-<arch>',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      const placeholder = placeholderIn(e.location);
      if (!placeholder) continue;
      const file = e.locationFacts.kind === 'file';
      // sha256-missing leaves an unpinned placeholder location to this finding: its pin comes once the URL is real.
      const pin = e.sha256State === 'unpinned' ? `\nthen ${pinOnceFilled(headersFromRead(e, facts.features))}` : '';
      report({
        plugin: pluginRef(e),
        title: `${e.name}: the location still holds the placeholder ${redactText(placeholder)}`,
        evidence: [
          `${where(e)}: location ${redactText(e.location)}`,
          file
            ? `the controller copies ${redactText(e.locationFacts.target ?? e.location)} as written; start-up fails unless that exact path exists in the controller's container`
            : requestEvidence(e, facts.features),
        ],
        fix: file
          ? 'location: "file:///<the real path of the binary in the controller container>"'
          : e.locationFacts.githubRelease
            ? `location: "https://github.com/OWNER/REPO/releases/download/vX.Y.Z/ASSET-linux-amd64"   # the real tag and asset${pin}`
            : `Fill in ${redactText(placeholder)} in the location: the URL the plugin binary is published at${pin}`,
      });
    }
  },
};
