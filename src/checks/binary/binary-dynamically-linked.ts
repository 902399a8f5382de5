import { binaryCheck, binaryEvidence } from './support.js';

export const binaryDynamicallyLinked = binaryCheck(
  {
    id: 'binary-dynamically-linked',
    severity: 'error',
    step: 'binary',
    effect: 'breaks-users',
    title: 'The plugin binary is dynamically linked',
    description:
      'The ELF file has a PT_INTERP segment: it needs a dynamic loader and libc. The official controller image (distroless static) has neither, so starting the plugin fails with `no such file or directory` when a rollout first uses it.',
    fix: 'Build the plugin with `CGO_ENABLED=0` (a static Go binary), or use a controller image that has the libc it needs.',
  },
  (binary) => binary.format === 'elf' && binary.static === false,
  (facts, binary) => ({
    title: `the plugin needs ${binary.interpreter ?? 'a dynamic loader'}, which the distroless controller image does not have`,
    evidence: binaryEvidence(facts, binary, `PT_INTERP: ${binary.interpreter ?? '(present)'}`),
    fix: 'Rebuild the plugin with `CGO_ENABLED=0 go build …` (or use its static release asset); a custom controller image with glibc/musl is the alternative.',
  }),
);
