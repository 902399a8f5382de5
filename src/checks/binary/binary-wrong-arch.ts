import { formatPlatform } from '../../probe/binary.js';
import { binaryCheck, binaryEvidence, rawAssetHint } from './support.js';

/** 64-bit Linux kernels usually run their 32-bit sibling's binaries too. */
const USUALLY_RUNS: Record<string, string> = { amd64: '386', arm64: 'arm' };

export const binaryWrongArch = binaryCheck(
  {
    id: 'binary-wrong-arch',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin binary is built for another CPU architecture',
    description:
      'The binary is for another architecture than the controller\'s nodes (e.g. amd64 on arm64 nodes). It fails with `exec format error` when a rollout first uses it. In a cluster with mixed node architectures the controller can land on either.',
    fix: 'Use the release asset for the nodes\' architecture, or pin the controller to nodes of the binary\'s architecture (nodeSelector kubernetes.io/arch).',
    variants: {
      '32-bit': { severity: 'warning', title: "The plugin binary is built for the nodes' 32-bit sibling architecture: it runs only if the kernel supports it" },
    },
  },
  (binary, facts) =>
    !!facts.expectedPlatform && !!binary.arch?.length && (!binary.os || binary.os === facts.expectedPlatform.os) && !binary.arch.includes(facts.expectedPlatform.arch),
  (facts, binary) => {
    const expected = facts.expectedPlatform!;
    const compatible = binary.arch?.length === 1 && USUALLY_RUNS[expected.arch] === binary.arch[0];
    return {
      ...(compatible && { variant: '32-bit' }),
      title: `the plugin is built for ${binary.arch!.join('+')}, the controller runs on ${expected.arch}${compatible ? ' (runs only if the kernel supports 32-bit binaries)' : ''}`,
      evidence: binaryEvidence(facts, binary, `controller platform: ${formatPlatform(expected)}${facts.expectedPlatformSource ? ` (from ${facts.expectedPlatformSource})` : ''}`),
      fix: `Point \`location\` at ${rawAssetHint(facts)}, or build with \`GOOS=${expected.os} GOARCH=${expected.arch} CGO_ENABLED=0 go build\`.`,
    };
  },
);
