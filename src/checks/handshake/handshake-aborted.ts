import type { Check } from '../../core/check.js';
import { deadlineRanOut, whoseDeadline } from '../../core/deadline.js';
import { formatDuration } from '../../core/duration.js';
import { interruptedDuring, type HandshakeFacts } from '../../handshake/handshake.js';
import { rerunCommand, rpcTimings } from './common.js';

const capitalized = (text: string): string => `${text[0]!.toUpperCase()}${text.slice(1)}`;

export const handshakeAborted: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-aborted',
    severity: 'info',
    step: 'handshake',
    title: 'The handshake test was interrupted',
    description:
      "The run was cancelled (Ctrl-C, SIGTERM or its `--timeout`) before the test finished; the plugin process was ended and its files removed. Nothing is known about this plugin's handshake, so the verdict it decides stays open (listed under Not checked).",
    fix: "Run the handshake again with the same `--handshake-timeout` and a `--timeout` long enough for each of its steps' deadlines.",
  },
  run(facts, report) {
    const at = interruptedDuring(facts);
    if (!at) return;
    const cut = facts.cutBy ?? 'interrupted';
    // The re-run gives the handshake's own deadlines the time to decide.
    const rerun = rerunCommand(facts, { coveringTimeout: true });
    report({
      plugin: facts.plugin,
      title: `The handshake test of ${facts.plugin.name} was interrupted during ${at}`,
      evidence: [`phases: ${rpcTimings(facts) || 'none'}`, `ended by: ${cut === 'interrupted' ? 'an interruption (Ctrl-C or SIGTERM)' : `${whoseDeadline(cut)} ${cut}`}`],
      fix:
        cut !== 'interrupted'
          ? `${capitalized(deadlineRanOut(cut))} before the handshake's own deadlines (--handshake-timeout ${formatDuration(facts.timeoutMs)} per step): run it again with a --timeout that covers them: ${rerun}`
          : `Run it again without interrupting it: ${rerun}`,
    });
  },
};
