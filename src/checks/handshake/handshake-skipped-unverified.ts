import { dirname } from 'node:path';
import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { rerunCommand } from './common.js';

export const handshakeSkippedUnverified: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-skipped-unverified',
    severity: 'warning',
    step: 'handshake',
    title: 'The plugin was not launched: its checksum does not match',
    description:
      'The handshake test executes the plugin binary. A binary whose sha256 differs from the configured one is not what the controller would run after verification (the controller refuses it), and may not be what you expect at all, so it is not executed.',
    fix: 'Fix the sha256 or the location first (see the probe findings); to test this binary anyway, pass `--allow-unverified`.',
    // The cause is reported already: a file over --max-size is not read, so its sha256 is not computed;
    // a sha256 that does not match, or never can, has its own finding with the fix. Alone (handshake
    // PATH --sha256, where nothing else judges the checksum) this is the one report of it.
    symptomOf: {
      ids: ['download-too-large', 'sha256-mismatch', 'sha256-wrong-length', 'sha256-uppercase', 'sha256-prefixed', 'sha256-not-hex', 'feature-needs-newer-controller/sha256-always-fails'],
    },
    variants: {
      // Only the bytes whose sha256 was computed are executed: something wrote to the cache in between.
      'changed-after-verification': {
        severity: 'warning',
        title: 'The plugin was not launched: its cached file changed after its checksum was verified',
      },
    },
  },
  run(facts, report) {
    if (facts.skipped?.reason === 'changed-after-verification') {
      report({
        variant: 'changed-after-verification',
        plugin: facts.plugin,
        title: `${facts.plugin.name} was not launched: its cached file changed after its sha256 was verified`,
        evidence: [facts.skipped.detail, `binary: ${facts.binaryPath}`],
        fix: `Run again: the plugin is downloaded and verified again. If this repeats, something else writes to ${dirname(facts.binaryPath)} (your own cache, mode 0700): find it before trusting what runs from there.`,
      });
      return;
    }
    if (facts.skipped?.reason !== 'unverified') return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} was not launched: ${facts.skipped.detail}`,
      evidence: [`binary: ${facts.binaryPath}`, `sha256: ${facts.verification.verified}`],
      fix: facts.standalone
        ? facts.verification.verified === 'not-verified'
          ? // No --sha256 was compared (none may have been given): the file itself could not be read whole.
            `${facts.binaryPath} could not be read whole, so its sha256 was not computed: check that it is a readable file, then run again: ${rerunCommand(facts)}`
          : `This binary is not the one the given --sha256 names: find where it came from before trusting it, or run it knowingly: ${rerunCommand(facts, { flags: ['--allow-unverified'] })}`
        : `Correct the plugin's sha256 (or location) in argo-rollouts-config, or run it knowingly: ${rerunCommand(facts, { flags: ['--allow-unverified'] })}`,
    });
  },
};
