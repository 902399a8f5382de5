import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { placeholderIn, pluginRef, readEntries, where, redactText } from './support.js';
import { PIN_ONCE_FILLED } from './sha256-support.js';

export const locationPlaceholder: Check<ConfigFacts> = {
  meta: {
    id: 'location-placeholder',
    severity: 'error',
    step: 'config',
    effect: 'restart-undecided',
    title: 'The location still holds a template placeholder',
    description:
      'Plugin READMEs and templates write `<version>`, `<arch>`, `{{ … }}` or `CHANGE-ME` for the user to fill in. Nothing fills them later: the controller requests the URL (or copies the path) literally. A release server answers 404, which controller v1.8+ turns into `Failed to download plugins` at start-up (before v1.8 the error page is saved as the plugin and fails when first used); a file path that holds one is missing unless an image really has that path. `lint --probe` or `doctor` shows what the server answers.',
    fix: 'Fill in the placeholder: the release tag with its `v`, the `linux-amd64`/`linux-arm64` asset, the real path. Then pin an http(s) location\'s `sha256`: `kubectl rollouts-plugins checksum URL` with the real URL prints it.',
    example: 'location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/<version>/gatewayapi-plugin-<arch>',
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      const placeholder = placeholderIn(e.location);
      if (!placeholder) continue;
      const file = e.locationFacts.kind === 'file';
      report({
        plugin: pluginRef(e),
        title: `${e.name}: the location still holds the placeholder ${redactText(placeholder)}`,
        evidence: [
          `${where(e)}: location ${redactText(e.location)}`,
          file
            ? `the controller copies ${redactText(e.locationFacts.target ?? e.location)} as written; start-up fails unless that exact path exists in the controller's container`
            : `the controller requests ${redactText(e.locationFacts.target ?? e.location)} as written; a release server answers 404, fatal at start-up from v1.8.0`,
        ],
        fix: file
          ? 'location: "file:///<the real path of the binary in the controller container>"'
          : `location: "https://github.com/OWNER/REPO/releases/download/vX.Y.Z/ASSET-linux-amd64"   # the real tag and asset${
              // sha256-missing leaves an unpinned placeholder location to this finding: its pin comes once the URL is real.
              e.sha256State === 'unpinned' ? `\nthen ${PIN_ONCE_FILLED}` : ''
            }`,
      });
    }
  },
};
