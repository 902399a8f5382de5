import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { pluginRef } from '../probe/support.js';

const EXECUTABLES = new Set(['elf', 'macho', 'macho-fat', 'pe']);

export const binaryPlatformUnknown: Check<ProbeFacts> = {
  meta: {
    id: 'binary-platform-unknown',
    severity: 'info',
    step: 'binary',
    title: "The binary's OS and architecture were not compared with the controller's",
    description:
      "Without access to the controller's nodes and without `--platform`, the probe cannot say whether the binary runs there. Not reported by `handshake`, which runs the binary on this machine and has no controller in view.",
    fix: 'Run against the cluster, or pass `--platform linux/amd64` (or linux/arm64).',
  },
  run(facts, report) {
    const binary = facts.binary;
    if (facts.expectedPlatform || facts.standalone || !binary || !EXECUTABLES.has(binary.format)) return;
    report({
      plugin: pluginRef(facts),
      title: `built for ${binary.os ?? '?'}/${binary.arch?.join('+') ?? '?'}; the controller's platform is unknown`,
      evidence: [binary.summary],
      fix: 'Pass `--platform linux/<arch of the controller nodes>` to compare.',
    });
  },
};
