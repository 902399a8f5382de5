import type { Check } from '../../core/check.js';
import type { HandshakeFacts } from '../../handshake/handshake.js';

export const handshakeProcessSurvived: Check<HandshakeFacts> = {
  meta: {
    id: 'handshake-process-survived',
    severity: 'error',
    step: 'handshake',
    title: 'Something the plugin test started was left behind',
    description:
      'After the test the plugin\'s whole process group is ended (SIGTERM, then SIGKILL) and its private temp dir, with the socket, removed. A process that survives SIGKILL (stuck in the kernel) or a directory that cannot be removed is reported so it can be cleaned up by hand.',
    fix: 'Kill the listed processes and remove the listed directory.',
  },
  run(facts, report) {
    const cleanup = facts.cleanup;
    if (!cleanup || (cleanup.survivors.length === 0 && cleanup.tempDirRemoved)) return;
    const dir = facts.launch?.cwd;
    report({
      plugin: facts.plugin,
      title: `The test of ${facts.plugin.name} left ${cleanup.survivors.length > 0 ? `processes ${cleanup.survivors.join(', ')}` : `the directory ${dir}`} behind`,
      evidence: [
        ...(cleanup.survivors.length > 0 ? [`still running after SIGKILL: ${cleanup.survivors.join(' ')}`] : []),
        ...(cleanup.tempDirRemoved ? [] : [`not removed: ${dir}`]),
      ],
      fix: [cleanup.survivors.length > 0 ? `kill -KILL ${cleanup.survivors.join(' ')}` : '', cleanup.tempDirRemoved ? '' : `rm -rf ${dir}`].filter(Boolean).join(' && '),
    });
  },
};
