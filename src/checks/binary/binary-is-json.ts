import { binaryCheck, binaryEvidence, rawAssetHint } from './support.js';

export const binaryIsJson = binaryCheck(
  {
    id: 'binary-is-json',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin file is a JSON document',
    description: 'The URL serves JSON (an API response or error such as `{"message":"Not Found"}`) instead of the binary. The controller saves it as the plugin, which then cannot start.',
    fix: 'For the GitHub API asset URL send `Accept: application/octet-stream` (a headersFrom Secret key), or use the browser download URL.',
  },
  (binary) => binary.format === 'json',
  (facts, binary) => ({
    title: `${facts.entry.location} serves JSON, not a binary`,
    evidence: binaryEvidence(facts, binary, ...(binary.excerpt ? [`content: ${binary.excerpt}`] : [])),
    fix: `Point \`location\` at ${rawAssetHint(facts)}; with the GitHub API assets endpoint add an \`Accept: application/octet-stream\` header through headersFrom.`,
  }),
);
