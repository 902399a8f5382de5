/** Shared by the binary checks: a check over the identified file of one plugin. */
import type { Check, CheckMeta } from '../../core/check.js';
import type { FindingInput } from '../../core/finding.js';
import type { BinaryInfo } from '../../probe/binary.js';
import type { ProbeFacts } from '../../probe/types.js';
import { startFailureLoops } from '../../config/version.js';
import { fetchedWithoutHeaders } from '../../probe/facts.js';
import { notSentHint, pluginRef, withoutHeadersEvidence } from '../probe/support.js';

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

/** What every binary check says of a file downloaded without the entry's headersFrom headers. */
const WITHOUT_HEADERS =
  "A file downloaded without the entry's `headersFrom` headers (their Secret was not read here) is not judged as the controller's: it sends them, and the server may answer them with other bytes, so the finding is then a warning (`without-headers`) and the restart verdict stays unknown.";

/**
 * A check that reports plugins whose file `matches`; `describe` words the finding. A file got
 * without the headers the controller sends is reported as that, never as what the controller runs.
 */
export function binaryCheck(
  meta: CheckMeta,
  matches: (binary: BinaryInfo, facts: ProbeFacts) => boolean,
  describe: (facts: ProbeFacts, binary: BinaryInfo) => Omit<FindingInput, 'plugin'>,
): Check<ProbeFacts> {
  return {
    meta: {
      ...meta,
      // Bytes got with an HTTP error status are its error page, saved as the plugin before v1.8: download-http-status is the cause.
      symptomOf: { ...meta.symptomOf, ids: [...(meta.symptomOf?.ids ?? []), 'download-http-status'] },
      description: `${meta.description} ${WITHOUT_HEADERS}`,
      variants: {
        ...meta.variants,
        'without-headers': {
          severity: 'warning',
          title: `${meta.title}, as served without the headersFrom headers the controller sends`,
          effect: 'restart-undecided',
          // Doctor found the Secret missing: that finding is the cause (the controller cannot download at all).
          symptomOf: { ids: ['headers-secret-missing'] },
        },
      },
    },
    run(facts, report) {
      const binary = facts.binary;
      if (!binary || !matches(binary, facts)) return;
      const finding = describe(facts, binary);
      if (!fetchedWithoutHeaders(facts)) {
        report({ plugin: pluginRef(facts), ...finding });
        return;
      }
      report({
        plugin: pluginRef(facts),
        ...finding,
        variant: 'without-headers',
        title: `${finding.title}, when downloaded without the headersFrom headers`,
        evidence: [...finding.evidence, ...withoutHeadersEvidence(facts), 'the controller sends those headers: with them, the server may answer other bytes'],
        fix: `${notSentHint(facts)} If it serves the same file with them: ${finding.fix}`,
      });
    },
  };
}

/** What the plugin's release page calls the asset for the controller's platform. */
export function rawAssetHint(facts: ProbeFacts): string {
  const platform = facts.expectedPlatform ? `${facts.expectedPlatform.os}-${facts.expectedPlatform.arch}` : 'linux-<arch>';
  return `the raw binary asset for ${platform} (e.g. …/releases/download/<tag>/<plugin>-${platform})`;
}
