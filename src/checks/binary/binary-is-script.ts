import { binaryCheck, binaryEvidence } from './support.js';

export const binaryIsScript = binaryCheck(
  {
    id: 'binary-is-script',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin file is a script',
    description:
      'The file starts with `#!`. The official controller image is distroless: it has no shell or interpreter, so the script cannot run (`no such file or directory`).',
    fix: 'Use the compiled plugin binary, statically linked.',
  },
  (binary) => binary.format === 'script',
  (facts, binary) => ({
    title: `the plugin is a script (${binary.shebang ?? '#!'}); the distroless controller image has no interpreter`,
    evidence: binaryEvidence(facts, binary),
    fix: 'Use the compiled Go binary of the plugin (CGO_ENABLED=0), not a wrapper script.',
  }),
);
