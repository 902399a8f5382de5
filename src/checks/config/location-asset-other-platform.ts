import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';
import { pluginRef, readEntries, where, redactText } from './support.js';

/** An OS in a release asset's file name that no controller image runs (the images are linux/amd64 and linux/arm64 only). */
const OTHER_OS = /(?:^|[-_.])(darwin|macos|osx|windows|win64|freebsd|openbsd|netbsd)(?:[-_.]|$)|\.exe$/i;

export const locationAssetOtherPlatform: Check<ConfigFacts> = {
  meta: {
    id: 'location-asset-other-platform',
    severity: 'error',
    step: 'config',
    effect: 'breaks-users',
    title: 'The location is a release asset for another OS than Linux',
    description:
      'Controller images are built for linux/amd64 and linux/arm64 only. A `darwin` or `windows` asset (release pages list them next to the Linux ones) downloads fine, so the controller starts, but the plugin fails with `exec format error` when a Rollout or AnalysisRun first uses it. Known from the URL alone, before anything is downloaded.',
    fix: 'Use the `linux-amd64` or `linux-arm64` asset of the same release, matching the controller nodes.',
    example: 'location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.0.1/gateway-api-plugin-darwin-arm64',
    // An asset that release does not publish at all says so, with the Linux asset it does publish.
    symptomOf: { ids: ['location-asset-not-in-release'] },
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      if (e.locationFacts.kind !== 'http' && e.locationFacts.kind !== 'https') continue;
      const asset = e.location.split(/[?#]/)[0]!.split('/').pop() ?? '';
      const match = OTHER_OS.exec(asset);
      if (!match) continue;
      const os = match[1]?.toLowerCase() ?? 'windows';
      const linux = asset.replace(/\.exe$/i, '').replace(new RegExp(match[1] ?? 'windows', 'i'), 'linux');
      report({
        plugin: pluginRef(e),
        title: `${e.name}: ${redactText(asset)} is a ${os} build; the controller runs on Linux`,
        evidence: [`${where(e)}: location ${redactText(e.location)}`, 'controller images: linux/amd64 and linux/arm64 only'],
        fix: `location: "${redactText(e.location.replace(asset, linux))}"   # linux-amd64 or linux-arm64, as the controller nodes`,
      });
    }
  },
};
