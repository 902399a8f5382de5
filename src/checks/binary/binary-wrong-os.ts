import { binaryPlatform, formatPlatform } from '../../probe/binary.js';
import { binaryCheck, binaryEvidence, rawAssetHint, startFailureAfterwards } from './support.js';

export const binaryWrongOs = binaryCheck(
  {
    id: 'binary-wrong-os',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin binary is built for another OS',
    symptomOf: { ids: ['location-asset-other-platform'] },
    description:
      'The binary is for macOS, Windows or another OS than the controller\'s nodes (a laptop build or the wrong release asset). It fails to start with `exec format error` when a rollout first uses it, and later attempts log only `exec: Stdout already set` (metric and step plugins at every release, traffic routers before v1.10.0-rc1).',
    fix: 'Use the release asset for the controller\'s OS (linux).',
  },
  (binary, facts) => !!facts.expectedPlatform && !!binary.os && binary.os !== facts.expectedPlatform.os,
  (facts, binary) => ({
    title: `the plugin is built for ${binaryPlatform(binary)}, the controller runs on ${formatPlatform(facts.expectedPlatform!)}`,
    evidence: binaryEvidence(facts, binary, `controller platform: ${formatPlatform(facts.expectedPlatform!)}${facts.expectedPlatformSource ? ` (from ${facts.expectedPlatformSource})` : ''}`, ...startFailureAfterwards(facts)),
    fix: `Point \`location\` at ${rawAssetHint(facts)}, or build with \`GOOS=${facts.expectedPlatform!.os} GOARCH=${facts.expectedPlatform!.arch} CGO_ENABLED=0 go build\`.`,
  }),
);
