import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';
import { rerunCommand } from './common.js';

export const handshakeAborted: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-aborted',
    severity: 'info',
    step: 'handshake',
    title: 'The handshake test was interrupted',
    description: 'The run was cancelled (Ctrl-C or an overall deadline) before the test finished; the plugin process was ended and its files removed. Nothing is known about this plugin\'s handshake.',
    fix: 'Run the handshake again.',
  },
  run(facts, report) {
    const rpcSteps = [facts.rpc?.connect, facts.rpc?.ping, facts.rpc?.dispense, facts.rpc?.type, facts.rpc?.init];
    const aborted =
      facts.skipped?.reason === 'aborted' || facts.start?.outcome === 'aborted' || rpcSteps.some((s) => s?.error !== undefined && /aborted$/.test(s.error));
    if (!aborted) return;
    const at = facts.phases.map((p) => p.name).filter((n) => n !== 'cleanup').at(-1) ?? 'launch';
    report({
      plugin: facts.plugin,
      title: `The handshake test of ${facts.plugin.name} was interrupted during ${at}`,
      evidence: [`phases: ${facts.phases.map((p) => `${p.name} ${p.ms} ms`).join(', ') || 'none'}`],
      fix: `Run it again: ${rerunCommand(facts)}`,
    });
  },
};
