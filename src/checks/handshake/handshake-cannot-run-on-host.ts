import { machineFor } from '../../handshake/binary-target.js';
import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { binaryPlatform, notExecutable as isNotExecutable } from '../../probe/binary.js';

export const handshakeCannotRunOnHost: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-cannot-run-on-host',
    severity: 'info',
    step: 'handshake',
    title: 'The plugin cannot run on this machine, so its handshake was not tested',
    description:
      "The binary's header says which OS and CPU it is for. A linux/amd64 plugin cannot be executed on macOS or on arm64, so the handshake is not attempted here. In `doctor` it is listed under Not checked with the machine its handshake can run on, and leaves Now UNKNOWN when a Rollout or AnalysisTemplate uses the plugin (exit 0: a step this machine cannot take, not a failure of the run). When the file is no executable at all (an HTML error page saved as the plugin), the controller cannot run it either: that is an error.",
    fix: 'Run the handshake test on a machine (or container) of the binary\'s OS/arch, or download the build for this machine to test it.',
    example: 'linux/amd64 binary on darwin/arm64',
    variants: {
      'not-executable': {
        severity: 'error',
        title: 'The plugin file is not an executable: the controller cannot run it either',
        effect: 'breaks-users',
        symptomOf: { effects: ['breaks-users'] },
      },
    },
  },
  run(facts, report) {
    const target = facts.binary;
    // The binary's header is what says it cannot run here: it is read before this skip.
    if (facts.skipped?.reason !== 'cannot-run-on-host' || !target) return;
    const notExecutable = isNotExecutable(target);
    const platform = binaryPlatform(target);
    report({
      plugin: facts.plugin,
      ...(notExecutable && { variant: 'not-executable' }),
      title: notExecutable
        ? `${facts.plugin.name} is not an executable: the controller cannot run it either`
        : `${facts.plugin.name} is a ${platform} binary and cannot run on this ${facts.host.os}/${facts.host.arch} machine`,
      evidence: [`binary: ${facts.binaryPath}`, `header: ${notExecutable ? target.summary : `${target.format} ${platform}`}`, `host: ${facts.host.os}/${facts.host.arch}`, facts.skipped.detail],
      fix: notExecutable
        ? "Fix the plugin's location so it points at the release asset itself (not a web page), then check the download again."
        : `Run \`kubectl rollouts-plugins handshake\` on ${machineFor(target)}, e.g. inside \`docker run --rm --platform ${platform} -v "$PWD:/w" -w /w <image with kubectl-rollouts-plugins> …\`, or test the plugin's ${facts.host.os}-${facts.host.arch} release asset here.`,
    });
  },
};
