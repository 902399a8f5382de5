/**
 * Once the probe has the download, the config step's sha256 findings (the 40-character docs
 * example, an uppercase or prefixed digest, a missing sha256) can name the exact value to pin.
 */
import { pinFix, withoutHeadersEvidence } from '../checks/probe/support.js';
import { samePlugin, type Finding } from '../core/finding.js';
import { formatSize } from '../core/size.js';
import { fetchedWithoutHeaders } from '../probe/facts.js';
import type { ProbeFacts } from '../probe/types.js';

const PINNABLE = new Set(['sha256-wrong-length', 'sha256-uppercase', 'sha256-prefixed', 'sha256-not-hex', 'sha256-missing']);

export function withProbedDigests(findings: readonly Finding[], probes: readonly ProbeFacts[]): Finding[] {
  return findings.map((finding) => {
    const plugin = finding.plugin;
    if (!PINNABLE.has(finding.id) || !plugin) return finding;
    const probe = probes.find((p) => samePlugin(p.entry, plugin) && p.download?.outcome === 'ok' && p.content);
    if (!probe?.content) return finding;
    if (fetchedWithoutHeaders(probe)) {
      // The controller sends the headers and may get other bytes: pinning these could stop its start.
      return { ...finding, evidence: [...finding.evidence, ...withoutHeadersEvidence(probe), 'so what was downloaded here is not what the controller downloads: no value to pin is offered'] };
    }
    const { sha256, size } = probe.content;
    return {
      ...finding,
      evidence: [...finding.evidence, `what the controller downloads now (${formatSize(size)}) has sha256 ${sha256}`],
      fix: pinFix(probe, sha256, 'Pin it, once you have checked that this is the release you want'),
    };
  });
}
