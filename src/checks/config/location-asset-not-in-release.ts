import type { Check } from '../../core/check.js';
import type { ConfigFacts, ParsedEntry } from '../../config/types.js';
import { assetNamingAt, knownPluginFor, releaseTagOf } from '../../config/known-plugins.js';
import { pluginRef, readEntries, where, redactText } from './support.js';

/** `gatewayapi-plugin-<os>-<arch>` as a pattern over an asset file name. */
function assetPattern(naming: string): RegExp {
  const escaped = naming.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<os>/g, '[a-z0-9]+').replace(/<arch>/g, '[a-z0-9_]+');
  return new RegExp(`^${escaped}(\\.exe)?$`);
}

export const locationAssetNotInRelease: Check<ConfigFacts> = {
  meta: {
    id: 'location-asset-not-in-release',
    severity: 'error',
    step: 'config',
    effect: 'restart-undecided',
    title: 'A well-known plugin\'s release URL names an asset that release does not publish',
    description:
      'Plugins rename their release assets over time (the Gateway API plugin published `gateway-api-plugin-<os>-<arch>` up to v0.3.0 and `gatewayapi-plugin-<os>-<arch>` from v0.4.0), and their tags carry a `v`. An asset name from another release, or a tag without its `v`, is a 404: fatal at start-up from controller v1.8.0, an error page saved as the plugin before. Known from the catalogue (docs/known-plugins.md); `lint --probe` confirms.',
    fix: 'Use the asset name of that release (docs/known-plugins.md), and the tag with its `v`.',
    example: 'location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.2.0/gatewayapi-plugin-linux-amd64',
    variants: {
      'tag-without-v': { severity: 'error', effect: 'restart-undecided', title: 'A well-known plugin\'s release tag is written without its `v`' },
    },
  },
  run(facts, report) {
    for (const e of readEntries(facts)) {
      const fix = releaseAssetFix(e);
      if (fix) report({ plugin: pluginRef(e), ...(fix.variant && { variant: fix.variant }), title: fix.title, evidence: fix.evidence, fix: `location: "${redactText(fix.location)}"` });
    }
  },
};

/**
 * What is wrong with a well-known plugin's release URL, and the location it should be (the asset
 * of that release, the tag with its `v`); undefined when the catalogue finds nothing wrong. The
 * sha256 fixes hash the corrected location, not the 404.
 */
export function releaseAssetFix(e: ParsedEntry): { variant?: 'tag-without-v'; title: string; evidence: string[]; location: string } | undefined {
  if (e.locationFacts.kind !== 'http' && e.locationFacts.kind !== 'https') return undefined;
  const known = knownPluginFor(e.location, e.type);
  const tag = releaseTagOf(e.location);
  if (!known?.assets || tag === undefined || !e.location.includes(`github.com/${known.repository}/`)) return undefined;
  if (/^\d+\.\d+\.\d+/.test(tag)) {
    return {
      variant: 'tag-without-v',
      title: `${e.name}: the release tag ${tag} has no v; ${known.repository} tags are v${tag}`,
      evidence: [`${where(e)}: location ${redactText(e.location)}`, `${known.repository} tags its releases with a v: there is no release ${tag}, so the download is a 404`],
      location: e.location.replace(`/download/${tag}/`, `/download/v${tag}/`),
    };
  }
  const naming = assetNamingAt(known, e.location);
  const path = e.location.split(/[?#]/)[0]!;
  const asset = path.split('/').pop() ?? '';
  if (!naming || assetPattern(naming.pattern).test(asset)) return undefined;
  // Always a Linux asset: the controller images run nothing else (a darwin asset here is one finding, with one fix).
  const arch = /-([a-z0-9_]+)(\.exe)?$/.exec(asset)?.[1];
  const suggested = naming.pattern.replace('<os>', 'linux').replace('<arch>', arch && arch !== 'exe' ? arch : 'amd64');
  return {
    title: `${e.name}: release ${tag} of ${known.repository} has no asset ${redactText(asset)}; its assets are named ${naming.pattern}`,
    evidence: [`${where(e)}: location ${redactText(e.location)}`, `assets of ${known.repository} ${tag}: ${naming.pattern} (docs/known-plugins.md), so this download is a 404`],
    location: `${path.slice(0, path.length - asset.length)}${suggested}${e.location.slice(path.length)}`,
  };
}
