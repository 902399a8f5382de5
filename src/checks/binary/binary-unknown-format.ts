import { binaryCheck, binaryEvidence } from './support.js';

export const binaryUnknownFormat = binaryCheck(
  {
    id: 'binary-unknown-format',
    severity: 'warning',
    step: 'binary',
    title: 'The plugin file is not a recognised executable',
    description: 'The first bytes match no executable, archive or text format, so the file is probably not a plugin binary (or is encrypted or corrupted).',
    fix: 'Check what `location` serves; compare with the release assets.',
  },
  (binary) => binary.format === 'unknown',
  (facts, binary) => ({
    title: 'the plugin file is not an executable format',
    evidence: binaryEvidence(facts, binary),
    fix: 'Download the file by hand and check it with `file`; point `location` at the plugin binary.',
  }),
);
