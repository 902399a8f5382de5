import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { launchedAs } from './common.js';

export const handshakeRanUnverified: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-ran-unverified',
    severity: 'warning',
    step: 'handshake',
    title: 'A binary whose checksum does not match was executed (--allow-unverified)',
    description:
      'The handshake ran because `--allow-unverified` was given. Its result says how this binary behaves, not the one the controller would accept: the controller refuses a binary whose sha256 does not match.',
    fix: 'Fix the sha256 or the location so the verified binary is the one tested.',
  },
  run(facts, report) {
    if (!facts.verification.ranUnverified) return;
    report({
      plugin: facts.plugin,
      title: `${facts.plugin.name} was executed although its sha256 does not match`,
      evidence: [launchedAs(facts), `sha256: ${facts.verification.verified}; --allow-unverified was given`],
      fix: facts.standalone
        ? 'This binary is not the one the given --sha256 names: find where it came from before trusting it, then test again without --allow-unverified.'
        : "Correct the plugin's sha256 (or location) in argo-rollouts-config, then test again without --allow-unverified.",
    });
  },
};
