import { binaryCheck, binaryEvidence } from './support.js';

export const binaryEmpty = binaryCheck(
  {
    id: 'binary-empty',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin file is empty',
    description: 'The controller would save and try to execute a zero-byte file; the plugin fails to start when a rollout first uses it (`exec format error`).',
    fix: 'Point `location` at the real binary; check the server returns the file body.',
  },
  (binary) => binary.format === 'empty',
  (facts, binary) => ({
    title: 'the plugin file is empty (0 bytes)',
    evidence: binaryEvidence(facts, binary, ...(facts.download?.status ? [`HTTP status ${facts.download.status}`] : [])),
    fix: `Check that ${facts.entry.location} serves the binary; a 204/304 or an empty object in a bucket gives an empty file.`,
  }),
);
