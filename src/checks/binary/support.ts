/** Shared by the binary checks: a check over the identified file of one plugin. */
import type { Check, CheckMeta } from '../../core/check.js';
import type { FindingInput } from '../../core/finding.js';
import type { BinaryInfo } from '../../probe/binary.js';
import type { ProbeFacts } from '../../probe/types.js';
import { startFailureLoops } from '../../config/version.js';
import { pluginRef } from '../probe/support.js';

/** Where the bytes came from, for evidence: the final URL or the file path. */
export function sourceOf(facts: ProbeFacts): string {
  return facts.download?.finalUrl ?? facts.local?.localPath ?? facts.entry.location;
}

export function binaryEvidence(facts: ProbeFacts, binary: BinaryInfo, ...extra: string[]): string[] {
  const type = facts.download?.contentType ? `, Content-Type ${facts.download.contentType}` : '';
  return [`${sourceOf(facts)}: ${binary.summary}, ${binary.size} bytes${type}`, ...extra];
}

/**
 * What the controller logs after the first failed start of this plugin, when its release is known:
 * only `exec: Stdout already set` (metric and step plugins, traffic routers before v1.10.0-rc1), or
 * the same start error each time.
 */
export function startFailureAfterwards(facts: ProbeFacts): string[] {
  if (!facts.controller) return [];
  const { version, features } = facts.controller;
  return startFailureLoops(facts.entry.type, features)
    ? [`after the first failed start, controller ${version} logs only "unable to get plugin client (${facts.entry.name}) for ping: exec: Stdout already set" until it restarts`]
    : [`controller ${version} retries a traffic router's failed start (v1.10.0-rc1 and later): each use logs this start error again`];
}

/** A check that reports plugins whose file `matches`; `describe` words the finding. */
export function binaryCheck(
  meta: CheckMeta,
  matches: (binary: BinaryInfo, facts: ProbeFacts) => boolean,
  describe: (facts: ProbeFacts, binary: BinaryInfo) => Omit<FindingInput, 'plugin'>,
): Check<ProbeFacts> {
  return {
    meta,
    run(facts, report) {
      const binary = facts.binary;
      if (!binary || !matches(binary, facts)) return;
      report({ plugin: pluginRef(facts), ...describe(facts, binary) });
    },
  };
}

/** What the plugin's release page calls the asset for the controller's platform. */
export function rawAssetHint(facts: ProbeFacts): string {
  const platform = facts.expectedPlatform ? `${facts.expectedPlatform.os}-${facts.expectedPlatform.arch}` : 'linux-<arch>';
  return `the raw binary asset for ${platform} (e.g. …/releases/download/<tag>/<plugin>-${platform})`;
}
