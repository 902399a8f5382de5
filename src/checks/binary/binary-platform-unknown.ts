import type { Check } from '../../core/check.js';
import { binaryPlatform } from '../../probe/binary.js';
import { platformNotCompared } from '../../probe/facts.js';
import type { ProbeFacts } from '../../probe/types.js';
import { pluginRef } from '../probe/support.js';

export const binaryPlatformUnknown: Check<ProbeFacts> = {
  meta: {
    id: 'binary-platform-unknown',
    severity: 'info',
    step: 'binary',
    title: "The binary's OS and architecture were not compared with the controller's",
    description:
      "Without access to the controller's nodes and without `--platform`, the probe cannot say whether the binary runs there. In `doctor`, the node reads that were refused, failed or read in part are then listed under Not checked and leave Now UNKNOWN when a Rollout or AnalysisTemplate uses the plugin (a binary for another platform fails when a rollout first needs it; the controller still starts) (`lint --probe` reads no nodes: there this is all it says). Not reported by `handshake`, which runs the binary on this machine and has no controller in view.",
    fix: 'Run against the cluster, or pass `--platform linux/amd64` (or linux/arm64).',
  },
  run(facts, report) {
    const binary = facts.binary;
    if (!binary || !platformNotCompared(facts)) return;
    report({
      plugin: pluginRef(facts),
      title: `built for ${binaryPlatform(binary)}; the controller's platform is unknown`,
      evidence: [binary.summary],
      fix: 'Pass `--platform linux/<arch of the controller nodes>` to compare.',
    });
  },
};
