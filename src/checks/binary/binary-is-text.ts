import { binaryCheck, binaryEvidence, rawAssetHint } from './support.js';

export const binaryIsText = binaryCheck(
  {
    id: 'binary-is-text',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin file is plain text',
    description: 'The URL serves text (an error message, a checksum list, a Git LFS pointer) instead of the binary. The controller saves it as the plugin, which then cannot start.',
    fix: 'Point `location` at the binary asset itself.',
  },
  (binary) => binary.format === 'text',
  (facts, binary) => ({
    title: `${facts.entry.location} serves text, not a binary`,
    evidence: binaryEvidence(facts, binary, ...(binary.excerpt ? [`content: ${binary.excerpt}`] : [])),
    fix: `Point \`location\` at ${rawAssetHint(facts)}.`,
  }),
);
